package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An endpoint's deliveries for the console and the API: the recent ones with their state, a
 * test event, and replays. A replay is a new delivery of the same message, with the same
 * {@code webhook-id}: a receiver that drops duplicates by id drops a replay of what it already
 * has, and takes one of what it lost.
 */
@Service
public class WebhookDeliveries {

	/** An endpoint whose oldest undelivered event has been failing this long is shown on the overview. */
	public static final Duration FAILING_WARNING = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	private final WebhookOutbox outbox;

	private final WebhookDeliveryQueue queue;

	private final EventLog events;

	private final Clock clock;

	private final WebhookEndpoints endpoints;

	WebhookDeliveries(JdbcTemplate jdbc, WebhookOutbox outbox, WebhookDeliveryQueue queue, EventLog events,
			Clock clock, WebhookEndpoints endpoints) {
		this.jdbc = jdbc;
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.queue = queue;
		this.events = events;
		this.clock = clock;
	}

	/** The endpoint's latest deliveries, newest first. */
	@Transactional(readOnly = true)
	public List<WebhookDelivery> recent(UUID endpointId, int limit) {
		return this.jdbc.query("""
				select id, endpoint_id, message_id, event_type, occurred_at, status, attempts, created_at, next_attempt_at,
				  last_attempt_at, last_status_code, last_latency_ms, last_error, last_sent_by
				from webhook_delivery where endpoint_id = ? order by id desc fetch first %d rows only""".formatted(Math.max(1, Math.min(limit, 500))),
				(rs, n) -> new WebhookDelivery(rs.getLong("id"), rs.getObject("endpoint_id", UUID.class),
						rs.getString("message_id"), rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(),
						rs.getString("status"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
						rs.getTimestamp("next_attempt_at").toInstant(),
						WebhookEndpoints.instant(rs.getTimestamp("last_attempt_at")),
						(Integer) rs.getObject("last_status_code"), (Integer) rs.getObject("last_latency_ms"),
						rs.getString("last_error"), rs.getString("last_sent_by")),
				endpointId);
	}

	/**
	 * Queues a {@code webhook.test} event for this endpoint only.
	 * @return its message id
	 */
	@Transactional
	public String sendTest(UUID endpointId, String actor) {
		String id = "msg_test_" + UUID.randomUUID().toString().replace("-", "");
		this.outbox.enqueue(endpointId, this.outbox.message(id, "webhook.test", Instant.now(this.clock), "test",
				Map.of("message", "A test event sent from Tilegate by " + actor + ".")));
		record("Webhook test event " + id + " queued for endpoint " + endpointId, actor, endpointId);
		return id;
	}

	/**
	 * Delivers one delivery's message again.
	 * @return empty when the endpoint has no such delivery
	 */
	@Transactional
	public Optional<String> replay(UUID endpointId, long deliveryId, String actor) {
		int copied = this.jdbc.update(REPLAY + "where endpoint_id = ? and id = ?", now(), now(), endpointId, deliveryId);
		if (copied == 0) {
			return Optional.empty();
		}
		String messageId = this.jdbc.queryForObject("select message_id from webhook_delivery where id = ?", String.class,
				deliveryId);
		record("Webhook " + messageId + " replayed to endpoint " + endpointId, actor, endpointId);
		this.queue.wakeAfterCommit(endpointId);
		return Optional.of(messageId);
	}

	/**
	 * Delivers again every message queued for the endpoint since the instant, each once, in
	 * their first order.
	 * @return how many
	 */
	@Transactional
	public int replaySince(UUID endpointId, Instant since, String actor) {
		int copied = this.jdbc.update(REPLAY + """
				where id in (select min(id) from webhook_delivery where endpoint_id = ? and created_at >= ? group by message_id)
				order by id""", now(), now(), endpointId, Timestamp.from(since));
		record(copied + " webhook" + ((copied == 1) ? "" : "s") + " since " + since + " replayed to endpoint "
				+ endpointId, actor, endpointId);
		this.queue.wakeAfterCommit(endpointId);
		return copied;
	}

	/** The endpoints whose oldest undelivered event has been failing for a day or more, or that gave one up in the last day. */
	@Transactional(readOnly = true)
	public List<UUID> failingForADay() {
		Instant now = Instant.now(this.clock);
		// Per endpoint, through webhook_delivery_endpoint (endpoint_id, status, id): only its
		// pending and failed rows are read, never the delivered ones the retention keeps.
		return this.jdbc.queryForList("""
				select e.id from webhook_endpoint e
				where exists (select 1 from webhook_delivery d where d.endpoint_id = e.id and d.status = 'PENDING'
				                and d.attempts > 0 and d.first_attempt_at <= ?)
				   or exists (select 1 from webhook_delivery d where d.endpoint_id = e.id and d.status = 'FAILED'
				                and d.last_attempt_at >= ?)""", UUID.class,
				Timestamp.from(now.minus(FAILING_WARNING)), Timestamp.from(now.minus(FAILING_WARNING)));
	}

	/** The endpoints {@link #failingForADay()} names, for the console's overview. */
	@Transactional(readOnly = true)
	public List<WebhookEndpoint> failingEndpoints() {
		return failingForADay().stream().map(this.endpoints::find).flatMap(Optional::stream).toList();
	}

	private static final String REPLAY = """
			insert into webhook_delivery (endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, status,
			  attempts, created_at, next_attempt_at)
			select endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, 'PENDING', 0, ?, ?
			from webhook_delivery
			""";

	private Timestamp now() {
		return Timestamp.from(Instant.now(this.clock));
	}

	private void record(String summary, String actor, UUID endpointId) {
		this.events.event(EventType.ADMIN_ACTION, summary)
			.actor(actor)
			.detailJson(Map.of("endpointId", endpointId.toString()))
			.record();
	}

}
