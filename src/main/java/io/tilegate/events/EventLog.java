package io.tilegate.events;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.config.MultiRowInsert;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event log: every login, refusal and provisioning change. Other packages write here and
 * only here.
 */
@Service
public class EventLog {

	private static final char[] REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private static final int MAX_SUMMARY = 2000;

	private static final int MAX_DETAIL = 900_000;

	private static final String INSERT_INTO = """
			insert into event_log (reference, occurred_at, type, connection_id, user_id, user_name, actor, summary, detail)
			values\s""";

	private static final int COLUMNS = 9;

	private static final String INSERT = INSERT_INTO + "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private final EventRepository events;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final TransactionTemplate ownTransaction;

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final ApplicationEventPublisher publisher;

	EventLog(EventRepository events, Clock clock, PlatformTransactionManager transactions, JdbcTemplate jdbc,
			ObjectMapper json, ApplicationEventPublisher publisher) {
		this.events = events;
		this.jdbc = jdbc;
		this.json = json;
		this.publisher = publisher;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Starts an event. {@link EventDraft#record()} writes it, joining the caller's
	 * transaction so that a change and its event commit or roll back together.
	 */
	public EventDraft event(EventType type, String summary) {
		return new EventDraft(this, type, summary);
	}

	/**
	 * Writes the events in the caller's transaction, in this order, in one JDBC batch of
	 * statements of many events each ({@link MultiRowInsert}) rather than a round trip each:
	 * what a change of many users at once records.
	 */
	public void recordAll(List<EventDraft> drafts) {
		if (drafts.isEmpty()) {
			return;
		}
		List<Object[]> rows = drafts.stream().map(this::row).toList();
		MultiRowInsert.insert(this.jdbc, INSERT_INTO, COLUMNS, rows, EventLog::set);
		this.publisher.publishEvent(new EventsRecorded(
				IntStream.range(0, drafts.size()).mapToObj((i) -> recorded(drafts.get(i), rows.get(i))).toList()));
	}

	// Each column by its own type: a driver's setObject first asks what each value is.
	private static void set(PreparedStatement statement, int before, Object[] row) throws SQLException {
		statement.setString(before + 1, (String) row[0]);
		statement.setTimestamp(before + 2, (Timestamp) row[1]);
		statement.setString(before + 3, (String) row[2]);
		statement.setString(before + 4, (String) row[3]);
		statement.setObject(before + 5, row[4]);
		statement.setString(before + 6, (String) row[5]);
		statement.setString(before + 7, (String) row[6]);
		statement.setString(before + 8, (String) row[7]);
		statement.setString(before + 9, (String) row[8]);
	}

	// Plain JDBC: an event is written on every sign-in and needs no entity state. Inside a JPA
	// transaction JdbcTemplate uses that transaction's connection, so the event commits with it.
	private String write(EventDraft draft) {
		Object[] row = row(draft);
		this.jdbc.update(INSERT, (statement) -> set(statement, 0, row));
		this.publisher.publishEvent(recorded(draft, row));
		return (String) row[0];
	}

	private Object[] row(EventDraft draft) {
		return new Object[] { newReference(), Timestamp.from(Instant.now(this.clock)), draft.type.name(),
				draft.connectionId, draft.userId, draft.userName, draft.actor, truncate(draft.summary, MAX_SUMMARY),
				truncate(draft.detail, MAX_DETAIL) };
	}

	private static EventRecorded recorded(EventDraft draft, Object[] row) {
		return new EventRecorded(draft.type, draft.connectionId, draft.actor, (String) row[0],
				((Timestamp) row[1]).toInstant(), draft.userId, draft.userName, (String) row[8]);
	}

	// A refusal's event must survive the rollback of whatever refused.
	private String writeAlone(EventDraft draft) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return write(draft);
		}
		return this.ownTransaction.execute((status) -> write(draft));
	}

	@Transactional(readOnly = true)
	public Optional<Event> findByReference(String reference) {
		return this.events.findByReference(reference);
	}

	/** Newest first; each criterion is optional. */
	@Transactional(readOnly = true)
	public List<Event> search(EventType type, UUID userId, Instant since, int limit) {
		// Built per call rather than as "(:x is null or ...)" JPQL: PostgreSQL cannot type a null parameter.
		Specification<Event> matching = Specification.unrestricted();
		if (type != null) {
			matching = matching.and((event, query, cb) -> cb.equal(event.get("type"), type));
		}
		if (userId != null) {
			matching = matching.and((event, query, cb) -> cb.equal(event.get("userId"), userId));
		}
		if (since != null) {
			matching = matching.and((event, query, cb) -> cb.greaterThanOrEqualTo(event.get("occurredAt"), since));
		}
		PageRequest page = PageRequest.of(0, Math.max(1, Math.min(limit, 1000)),
				Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id")));
		return this.events.findAll(matching, page).getContent();
	}

	/**
	 * One page of the events matching the criteria, newest first (then by id, so that pages
	 * read one after another neither repeat nor skip an event), with how many match in all.
	 */
	@Transactional(readOnly = true)
	public Page<Event> search(EventCriteria criteria, int page, int size) {
		return this.events.findAll(matching(criteria), PageRequest.of(Math.max(0, page), Math.max(1, size),
				Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"))));
	}

	/**
	 * The latest events matching the criteria whose type is one of these, newest first: a
	 * user's sign-in history, say.
	 */
	@Transactional(readOnly = true)
	public List<Event> latest(EventCriteria criteria, Collection<EventType> types, int limit) {
		Specification<Event> matching = matching(criteria);
		if (!types.isEmpty()) {
			matching = matching.and((event, query, cb) -> event.get("type").in(types));
		}
		PageRequest page = PageRequest.of(0, Math.max(1, Math.min(limit, 1000)),
				Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id")));
		return this.events.findAll(matching, page).getContent();
	}

	/**
	 * How many events of this type each connection recorded at or after {@code since}: the
	 * refused sign-ins an alert counts. Connections with none are absent.
	 */
	@Transactional(readOnly = true)
	public Map<String, Long> countByConnection(EventType type, Instant since) {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.query("""
				select connection_id, count(*) from event_log
				where type = ? and occurred_at >= ? and connection_id is not null group by connection_id""",
				(rs) -> {
					counts.put(rs.getString(1), rs.getLong(2));
				}, type.name(), Timestamp.from(since));
		return counts;
	}

	private static Specification<Event> matching(EventCriteria criteria) {
		Specification<Event> matching = Specification.unrestricted();
		if (criteria.type() != null) {
			matching = matching.and((event, query, cb) -> cb.equal(event.get("type"), criteria.type()));
		}
		if (criteria.userId() != null && criteria.userName() != null) {
			matching = matching.and((event, query, cb) -> cb.or(cb.equal(event.get("userId"), criteria.userId()),
					cb.equal(cb.lower(event.get("userName")), criteria.userName().toLowerCase(Locale.ROOT))));
		}
		else if (criteria.userId() != null) {
			matching = matching.and((event, query, cb) -> cb.equal(event.get("userId"), criteria.userId()));
		}
		else if (criteria.userName() != null) {
			matching = matching.and((event, query, cb) -> cb.equal(cb.lower(event.get("userName")),
					criteria.userName().toLowerCase(Locale.ROOT)));
		}
		if (criteria.connectionId() != null) {
			matching = matching.and((event, query, cb) -> cb.equal(event.get("connectionId"), criteria.connectionId()));
		}
		if (criteria.since() != null) {
			matching = matching
				.and((event, query, cb) -> cb.greaterThanOrEqualTo(event.get("occurredAt"), criteria.since()));
		}
		return matching;
	}

	private String newReference() {
		// One call for all ten characters' 50 bits: each call of the shared SecureRandom is
		// synchronised and reads the system's source, and a recompute names thousands of events.
		byte[] bytes = new byte[Long.BYTES];
		this.random.nextBytes(bytes);
		long bits = ByteBuffer.wrap(bytes).getLong();
		char[] chars = new char[10];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = REFERENCE_ALPHABET[(int) (bits & 31)];
			bits >>>= 5;
		}
		return new String(chars);
	}

	private static String truncate(String value, int max) {
		if (value == null || value.length() <= max) {
			return value;
		}
		return value.substring(0, max - 1) + "…";
	}

	/** An event being described; nothing is written until {@link #record()}. */
	public static final class EventDraft {

		private final EventLog log;

		private final EventType type;

		private final String summary;

		private String connectionId;

		private UUID userId;

		private String userName;

		private String actor;

		private String detail;

		private EventDraft(EventLog log, EventType type, String summary) {
			this.log = log;
			this.type = type;
			this.summary = summary;
		}

		public EventDraft connection(String connectionId) {
			this.connectionId = connectionId;
			return this;
		}

		public EventDraft user(UUID userId, String userName) {
			this.userId = userId;
			this.userName = userName;
			return this;
		}

		public EventDraft actor(String actor) {
			this.actor = actor;
			return this;
		}

		public EventDraft detail(String detail) {
			this.detail = detail;
			return this;
		}

		/** The detail as JSON, for an admin to read and a script to parse. */
		public EventDraft detailJson(Object detail) {
			try {
				this.detail = this.log.json.writeValueAsString(detail);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalArgumentException("Event detail cannot be written as JSON", ex);
			}
			return this;
		}

		/** Writes the event in the caller's transaction; returns its reference. */
		public String record() {
			return this.log.write(this);
		}

		/** Writes the event in a transaction of its own; returns its reference. */
		public String recordAlone() {
			return this.log.writeAlone(this);
		}

	}

}
