package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.config.MultiRowInsert;
import io.tilegate.config.UnwrittenEntities;
import io.tilegate.directory.UserChanged;
import io.tilegate.directory.UserDossier;
import io.tilegate.events.EventRecorded;
import io.tilegate.events.EventType;
import io.tilegate.events.EventsRecorded;
import jakarta.persistence.EntityManager;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: every event of the log that goes out as a webhook is written, as
 * one delivery row per endpoint that wants it, in the transaction that recorded the event. A
 * change that rolls back leaves no row, so nothing is sent for it; one that commits has its
 * rows, which survive a crash until the sender delivers them.
 *
 * <p>Written just before the commit rather than when the event is recorded: the message
 * carries the user as the admin API shows them, and the change's JPA entities are written
 * (flushed) only then. The rows still commit or roll back with the change.
 *
 * <p>One row per endpoint at write time, rather than one per event fanned out when sent: an
 * endpoint created later does not receive what happened before it, a delivery's state (tries,
 * next retry, failure) is a row of its own the console lists, and each endpoint's sender
 * reads only its own rows.
 *
 * <p>Each delivery row carries its message's bytes, rather than naming a message row of its
 * own: with one endpoint, which is most installations, a change writes one row instead of two,
 * one statement, one table and two index entries fewer on every change a webhook reports.
 * With several endpoints the bytes are stored once for each, as their deliveries are.
 *
 * <p>A user's payload is read in the transaction, except for a user it created whom the
 * directory handed over whole ({@link UserChanged#written()}) and nothing changed after.
 */
@Component
class WebhookOutbox {

	/**
	 * The events that follow no change of any user's dossier after the create that handed it
	 * over: the create's own record, and the log of the SCIM call that made it. Any other event
	 * may report such a change (a link, a deletion, a persona joined), so it drops the dossiers
	 * handed over before it, and those users are read.
	 */
	private static final Set<EventType> LEAVING_DOSSIERS = EnumSet.of(EventType.USER_CREATED, EventType.SCIM_REQUEST);

	private static final String INSERT_DELIVERIES = """
			insert into webhook_delivery (endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, status,
			  attempts, created_at, next_attempt_at)
			values\s""";

	private final JdbcTemplate jdbc;

	private final WebhookPayloads payloads;

	private final ObjectMapper json;

	private final EntityManager entityManager;

	private final WebhookDeliveryQueue queue;

	private final Clock clock;

	WebhookOutbox(JdbcTemplate jdbc, WebhookPayloads payloads, ObjectMapper json, EntityManager entityManager,
			WebhookDeliveryQueue queue, Clock clock) {
		this.jdbc = jdbc;
		this.payloads = payloads;
		this.json = json;
		this.entityManager = entityManager;
		this.queue = queue;
		this.clock = clock;
	}

	@EventListener
	void recorded(EventRecorded event) {
		Pending pending = existingPending();
		if (pending != null) {
			pending.recorded(event);
		}
		if (WebhookEventTypes.isMapped(event.type())) {
			collect(List.of(event));
		}
	}

	@EventListener
	void recorded(EventsRecorded events) {
		Pending pending = existingPending();
		if (pending != null) {
			events.events().forEach(pending::recorded);
		}
		List<EventRecorded> mapped = events.events().stream().filter((e) -> WebhookEventTypes.isMapped(e.type())).toList();
		if (!mapped.isEmpty()) {
			collect(mapped);
		}
	}

	@EventListener
	void changed(UserChanged change) {
		if (!inTransaction()) {
			return;
		}
		Pending pending = (change.written() != null) ? pending() : existingPending();
		if (pending != null) {
			pending.changed(change);
		}
	}

	private static boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	private void collect(List<EventRecorded> events) {
		if (!inTransaction()) {
			// No transaction to wait for: the events are written already, and so are their rows now.
			write(events);
			return;
		}
		pending().add(events);
	}

	private Pending pending() {
		Pending existing = existingPending();
		if (existing != null) {
			return existing;
		}
		Pending pending = new Pending();
		TransactionSynchronizationManager.registerSynchronization(pending);
		TransactionSynchronizationManager.bindResource(this, pending);
		return pending;
	}

	/**
	 * The transaction's pending events. Bound as a resource of the transaction rather than
	 * found among its synchronizations: they are looked up for every event it records, and
	 * that list is copied and sorted at each call.
	 */
	private Pending existingPending() {
		return inTransaction() ? (Pending) TransactionSynchronizationManager.getResource(this) : null;
	}

	/** Puts a message for one endpoint only into its queue: a test event, say. */
	void enqueue(UUID endpointId, Message message) {
		insertDeliveries(List.of(new Delivery(endpointId, message)));
		this.queue.wakeAfterCommit(endpointId);
	}

	private void write(List<EventRecorded> events) {
		if (!events.isEmpty()) {
			write(events, subscribers(), Map.of());
		}
	}

	private List<Subscriber> subscribers() {
		// A prepared statement with no parameters: PostgreSQL's driver parses a plain statement's SQL on
		// every call, and plans it on the server every time too; a prepared one it parses once and keeps
		// planned, like every other statement of the outbox.
		return this.jdbc.query("select id, event_types, paused from webhook_endpoint", (statement) -> {
		}, (rs, n) -> new Subscriber(rs.getObject(1, UUID.class), List.of(rs.getString(2).split(" ")),
				rs.getBoolean(3)));
	}

	private void write(List<EventRecorded> events, List<Subscriber> subscribers, Map<UUID, UserDossier> created) {
		if (events.isEmpty() || subscribers.isEmpty()) {
			return;
		}
		if (TransactionSynchronizationManager.isActualTransactionActive()
				&& events.stream().anyMatch((event) -> WebhookPayloads.readsUser(event, created))) {
			UnwrittenEntities.flush(this.entityManager);
		}
		List<Delivery> deliveries = new ArrayList<>();
		Set<UUID> toSend = new HashSet<>();
		for (EventRecorded event : events) {
			EventDetail detail = new EventDetail(event.detail(), this.json);
			int n = 0;
			for (WebhookEventTypes.Mapping mapping : WebhookEventTypes.of(event.type())) {
				List<Subscriber> wanting = subscribers.stream().filter((s) -> s.wants(mapping.type())).toList();
				if (wanting.isEmpty() || !mapping.holds(detail)) {
					continue;
				}
				String id = "msg_" + event.reference() + ((n++ > 0) ? "_" + n : "");
				Message message = message(id, mapping.type(), event.occurredAt(), orderingKey(event, detail),
						this.payloads.data(mapping.type(), event, detail, created));
				for (Subscriber subscriber : wanting) {
					deliveries.add(new Delivery(subscriber.id(), message));
					if (!subscriber.paused()) {
						toSend.add(subscriber.id());
					}
				}
			}
		}
		if (deliveries.isEmpty()) {
			return;
		}
		insertDeliveries(deliveries);
		this.queue.wakeAfterCommit(toSend);
	}

	/** A message as sent: {@code {"id","type","timestamp","data"}}, its bytes fixed here and signed as they are. */
	Message message(String id, String type, Instant occurredAt, String orderingKey, Object data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("type", type);
		body.put("timestamp", occurredAt.toString());
		body.put("data", data);
		try {
			return new Message(id, type, occurredAt, orderingKey, this.json.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A webhook message could not be written as JSON", ex);
		}
	}

	private void insertDeliveries(List<Delivery> deliveries) {
		Timestamp now = Timestamp.from(Instant.now(this.clock));
		MultiRowInsert.insert(this.jdbc, INSERT_DELIVERIES, 10, deliveries, (statement, before, delivery) -> {
			Message message = delivery.message();
			statement.setObject(before + 1, delivery.endpointId());
			statement.setString(before + 2, message.id());
			statement.setString(before + 3, message.orderingKey());
			statement.setString(before + 4, message.type());
			statement.setTimestamp(before + 5, Timestamp.from(message.occurredAt()));
			statement.setString(before + 6, message.payload());
			statement.setString(before + 7, WebhookDelivery.PENDING);
			statement.setInt(before + 8, 0);
			statement.setTimestamp(before + 9, now);
			statement.setTimestamp(before + 10, now);
		});
	}

	/**
	 * What the order of deliveries is kept within: a user's events go out in the order they
	 * happened; events about no user, in the order of their group or connection.
	 */
	private static String orderingKey(EventRecorded event, EventDetail detail) {
		if (event.userId() != null) {
			return "user:" + event.userId();
		}
		if (detail.tree().hasNonNull("groupId")) {
			return "group:" + detail.tree().get("groupId").asText();
		}
		if (event.connectionId() != null) {
			return "connection:" + event.connectionId();
		}
		return "-";
	}

	/**
	 * The events one transaction recorded, in the order recorded, written just before its
	 * commit. Others write just before the commit too (the persona recompute of the users the
	 * transaction changed): what they record after this one wrote its rows is written at once,
	 * and so still comes after.
	 */
	private final class Pending implements TransactionSynchronization {

		private final List<EventRecorded> events = new ArrayList<>();

		/** The users this transaction created, as the directory handed them over, while still true. */
		private final Map<UUID, UserDossier> created = new HashMap<>();

		private boolean committing;

		/** Read once for the transaction, however many times it writes rows while it commits. */
		private List<Subscriber> subscribers;

		@Override
		public void suspend() {
			TransactionSynchronizationManager.unbindResource(WebhookOutbox.this);
		}

		@Override
		public void resume() {
			TransactionSynchronizationManager.bindResource(WebhookOutbox.this, this);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(WebhookOutbox.this);
		}

		void changed(UserChanged change) {
			if (change.written() == null) {
				// A change the directory did not hand over may touch anyone's dossier: a new manager's
				// reports, say.
				this.created.clear();
				return;
			}
			// The one other dossier a create changes: its manager's, who gains a report.
			if (change.written().manager() != null) {
				this.created.remove(change.written().manager().id());
			}
			this.created.put(change.userId(), change.written());
		}

		void recorded(EventRecorded event) {
			if (!LEAVING_DOSSIERS.contains(event.type())) {
				this.created.clear();
			}
		}

		void add(List<EventRecorded> recorded) {
			if (this.committing) {
				write(recorded, subscribers(recorded), this.created);
			}
			else {
				this.events.addAll(recorded);
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			this.committing = true;
			write(this.events, subscribers(this.events), this.created);
			this.events.clear();
		}

		private List<Subscriber> subscribers(List<EventRecorded> recorded) {
			if (this.subscribers == null && !recorded.isEmpty()) {
				this.subscribers = WebhookOutbox.this.subscribers();
			}
			return (this.subscribers != null) ? this.subscribers : List.of();
		}

	}

	/** An outgoing event, with the JSON body every try sends as it is. */
	record Message(String id, String type, Instant occurredAt, String orderingKey, String payload) {
	}

	/** One endpoint's copy of a message: the row its sender reads, tries and replays on its own. */
	private record Delivery(UUID endpointId, Message message) {
	}

	private record Subscriber(UUID id, List<String> types, boolean paused) {

		boolean wants(String type) {
			return this.types.contains(WebhookEventTypes.ALL) || this.types.contains(type);
		}

	}

}
