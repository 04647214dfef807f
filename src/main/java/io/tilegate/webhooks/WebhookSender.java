package io.tilegate.webhooks;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tilegate.config.ClusterJobs;
import io.tilegate.config.WebhookProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.outbound.FetchPurpose;
import io.tilegate.outbound.OutboundFetch;
import io.tilegate.outbound.OutboundFetchException;
import io.tilegate.outbound.OutboundRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends an endpoint's pending deliveries, oldest first, each signed as the Standard Webhooks
 * specification says, through the same outbound guard as IdP metadata and photos (HTTPS only,
 * public addresses only, no redirects, timeouts). Runs on one node at a time per endpoint
 * ({@link WebhookDeliveryQueue}). A try that gets no 2xx answer waits
 * ({@code first-retry}, doubled after each failure, at most {@code max-retry-wait}) and is
 * tried again until {@code retry-period} after its first try, then marked failed. While a
 * delivery waits for its retry, the later ones with the same ordering key (the user's) wait
 * behind it, so a user's events arrive in the order they happened.
 */
@Service
class WebhookSender implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	static final FetchPurpose PURPOSE = new FetchPurpose("webhook endpoint URL", "acknowledgement", "*/*",
			"give an endpoint on a public https address instead",
			"set tilegate.webhooks.allow-private-urls=true, which is meant for test set-ups only",
			"The receiver's answer is not read.");

	static final String ACTOR = "system:webhooks";

	private static final int BATCH = 200;

	private static final Duration MAX_RUN = Duration.ofMinutes(5);

	private final JdbcTemplate jdbc;

	private final WebhookEndpoints endpoints;

	private final EventLog events;

	private final Clock clock;

	private final WebhookProperties properties;

	private final OutboundFetch fetch;

	private final String node;

	private final TransactionTemplate transaction;

	WebhookSender(JdbcTemplate jdbc, WebhookEndpoints endpoints, EventLog events, Clock clock,
			WebhookProperties properties, ClusterJobs jobs, PlatformTransactionManager transactions) {
		this.transaction = new TransactionTemplate(transactions);
		this.node = jobs.node();
		this.jdbc = jdbc;
		this.endpoints = endpoints;
		this.events = events;
		this.clock = clock;
		this.properties = properties;
		this.fetch = new OutboundFetch(PURPOSE, new OutboundRules(properties.allowPrivateUrls(),
				properties.allowPrivateUrls(), 1, properties.connectTimeout(), properties.totalTimeout(),
				properties.totalTimeout(), 0));
	}

	/**
	 * Sends what is due to the endpoint, in order, until nothing due is left.
	 * @return how many tries were made
	 */
	int deliverDue(UUID endpointId) {
		long started = System.nanoTime();
		int tries = 0;
		while (System.nanoTime() - started < MAX_RUN.toNanos()) {
			Optional<WebhookEndpoint> endpoint = this.endpoints.find(endpointId);
			if (endpoint.isEmpty() || endpoint.get().paused()) {
				return tries;
			}
			Instant now = Instant.now(this.clock);
			List<Pending> pending = this.jdbc.query("""
					select id, message_id, ordering_key, attempts, next_attempt_at, first_attempt_at, payload
					from webhook_delivery
					where endpoint_id = ? and status = 'PENDING' order by id fetch first %d rows only"""
				.formatted(BATCH),
					(rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
							rs.getTimestamp(5).toInstant(), WebhookEndpoints.instant(rs.getTimestamp(6)), rs.getString(7)),
					endpointId);
			Set<String> waiting = new HashSet<>();
			int triedNow = 0;
			for (Pending delivery : pending) {
				if (waiting.contains(delivery.orderingKey())) {
					continue;
				}
				if (delivery.nextAttemptAt().isAfter(now)) {
					waiting.add(delivery.orderingKey());
					continue;
				}
				triedNow++;
				if (!attempt(endpoint.get(), delivery)) {
					waiting.add(delivery.orderingKey());
				}
			}
			tries += triedNow;
			if (triedNow == 0) {
				return tries;
			}
		}
		return tries;
	}

	private boolean attempt(WebhookEndpoint endpoint, Pending delivery) {
		Instant now = Instant.now(this.clock);
		byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
		Integer status = null;
		String error = null;
		long start = System.nanoTime();
		try {
			List<String> secrets = this.endpoints.signingSecrets(endpoint.id(), now);
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("webhook-id", delivery.messageId());
			headers.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
			headers.put("webhook-signature", WebhookSignature.header(secrets, delivery.messageId(), now.getEpochSecond(), body));
			status = this.fetch.post(endpoint.url(), headers, body, "application/json");
			if (status < 200 || status > 299) {
				error = "The endpoint answered " + status + "; only a 2xx answer counts as received.";
			}
		}
		catch (OutboundFetchException ex) {
			error = ex.getMessage();
		}
		catch (IllegalStateException ex) {
			// No key to open the secrets with, or one that no longer opens them: nothing can be signed.
			error = ex.getMessage();
		}
		int latency = (int) Duration.ofNanos(System.nanoTime() - start).toMillis();
		int attempts = delivery.attempts() + 1;
		Instant first = (delivery.firstAttemptAt() != null) ? delivery.firstAttemptAt() : now;
		if (error == null) {
			this.jdbc.update("""
					update webhook_delivery set status = 'DELIVERED', attempts = ?, first_attempt_at = ?, last_attempt_at = ?,
					  last_status_code = ?, last_latency_ms = ?, last_error = null, last_sent_by = ? where id = ?""", attempts,
					Timestamp.from(first), Timestamp.from(now), status, latency, this.node, delivery.id());
			return true;
		}
		boolean givenUp = !now.isBefore(first.plus(this.properties.retryPeriod()));
		Instant next = now.plus(wait(attempts));
		Integer answered = status;
		String failure = error;
		// A delivery given up on and its event commit together: a node stopped between the two
		// would leave a failed delivery the event log never reported.
		this.transaction.executeWithoutResult((tx) -> {
			this.jdbc.update("""
					update webhook_delivery set status = ?, attempts = ?, first_attempt_at = ?, last_attempt_at = ?,
					  next_attempt_at = ?, last_status_code = ?, last_latency_ms = ?, last_error = ?, last_sent_by = ? where id = ?""",
					givenUp ? WebhookDelivery.FAILED : WebhookDelivery.PENDING, attempts, Timestamp.from(first),
					Timestamp.from(now), Timestamp.from(next), answered, latency, truncate(failure), this.node,
					delivery.id());
			if (givenUp) {
				this.events
					.event(EventType.ADMIN_ACTION, "Webhook " + delivery.messageId() + " to " + endpoint.url()
							+ " failed: tried " + attempts + " times since " + first + "; the last try: " + failure
							+ " Replay it from the endpoint's page once the receiver works.")
					.actor(ACTOR)
					.detailJson(Map.of("endpointId", endpoint.id().toString(), "messageId", delivery.messageId(),
							"attempts", attempts))
					.record();
			}
		});
		if (givenUp) {
			logger.warn("Gave up delivering webhook {} to endpoint {} after {} tries since {}: {}", delivery.messageId(),
					endpoint.id(), attempts, first, error);
		}
		else {
			logger.info("Webhook {} to endpoint {} failed (try {}); next try at {}: {}", delivery.messageId(),
					endpoint.id(), attempts, next, error);
		}
		return false;
	}

	/** The wait after the given number of failed tries: the first retry's, doubled for each earlier failure, capped. */
	Duration wait(int failedTries) {
		Duration max = this.properties.maxRetryWait();
		Duration wait = this.properties.firstRetry();
		for (int i = 1; i < failedTries && wait.compareTo(max) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(max) > 0) ? max : wait;
	}

	private static String truncate(String error) {
		return (error.length() <= 1000) ? error : error.substring(0, 999) + "…";
	}

	@Override
	public void close() {
		this.fetch.close();
	}

	private record Pending(long id, String messageId, String orderingKey, int attempts, Instant nextAttemptAt,
			Instant firstAttemptAt, String payload) {
	}

}
