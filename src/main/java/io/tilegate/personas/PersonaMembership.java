package io.tilegate.personas;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import io.tilegate.config.MultiRowInsert;
import io.tilegate.config.UnwrittenEntities;
import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.PersonaFacts.UserFacts;
import io.tilegate.directory.PersonaFacts;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who is in which persona and space, kept in step with the directory. Rules are evaluated in
 * memory on snapshots of users' facts; only the differences are written, each with an event
 * that names the persona or space and why.
 *
 * <p>Where the triggers call in (each in the transaction of its change): {@link #recomputeUsers}
 * ({@link #recomputeUser} for one) for the users the directory says it changed
 * ({@link ChangedUsers}: a SAML sign-in, a SCIM user create, replace, patch or
 * (de/re)activation, every member a SCIM group push adds or removes, an admin's
 * (de/re)activation), and {@link #recomputeUser} after a hand-add to a space.
 * {@link #recomputeAll} after a rule or mapping change and daily for date rules.
 */
@Service
public class PersonaMembership {

	static final String TENANT = "default";

	/** Users per transaction of a directory-wide recompute: each one flips all at once. */
	static final int CHUNK = 1000;

	private final int chunk;

	private final int workers;

	private static final int RETRIES = 5;

	private static final Logger logger = LoggerFactory.getLogger(PersonaMembership.class);

	private final PersonaFacts facts;

	private final PersonaCatalog catalog;

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	@PersistenceContext
	private EntityManager entityManager;

	PersonaMembership(PersonaFacts facts, PersonaCatalog catalog, JdbcTemplate jdbc, EventLog events, Clock clock,
			PlatformTransactionManager transactions, TilegateProperties properties) {
		this.chunk = properties.personas().recomputeChunk();
		this.workers = properties.personas().recomputeWorkers();
		this.facts = facts;
		this.catalog = catalog;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** What one recompute changed, by name. */
	public record Change(List<String> joinedPersonas, List<String> leftPersonas, List<String> joinedSpaces,
			List<String> leftSpaces) {

		public boolean isEmpty() {
			return this.joinedPersonas.isEmpty() && this.leftPersonas.isEmpty() && this.joinedSpaces.isEmpty()
					&& this.leftSpaces.isEmpty();
		}

	}

	private static final Change NO_CHANGE = new Change(List.of(), List.of(), List.of(), List.of());

	/** What a directory-wide recompute did. */
	public record Summary(long users, long personaJoins, long personaLeaves, long spaceJoins, long spaceLeaves,
			long millis) {
	}

	/**
	 * Recomputes one user's personas and spaces in the caller's transaction (or a new one),
	 * after the user's row lock: call it after the change is written, so that the change and
	 * its memberships commit together and the user sees both on their next page.
	 * @param reason what changed, for the events, e.g. {@code SAML login through okta}
	 */
	@Transactional
	public Change recomputeUser(UUID userId, String reason) {
		return recomputeUsers(Collections.singletonMap(userId, reason)).getOrDefault(userId, NO_CHANGE);
	}

	/**
	 * Recomputes several users as {@link #recomputeUser} recomputes each, with the same
	 * writes and events, but reading the personas once and each kind of fact once for all of
	 * them (per {@value #CHUNK} users by default) rather than once per user: what a transaction
	 * that changed many users (a bulk import, a group push) needs before it commits. The users
	 * are locked in id order ({@link PersonaFacts#ID_ORDER}), the order every other writer
	 * that locks several takes them in.
	 * @param reasons what changed, for the events, by user
	 * @return what changed, by user; a user deleted meanwhile, or one nothing could change (no
	 * personas exist and they hold no membership), is absent
	 */
	@Transactional
	public Map<UUID, Change> recomputeUsers(Map<UUID, String> reasons) {
		return recomputeUsers(reasons, Set.of());
	}

	/**
	 * As {@link #recomputeUsers(Map)}, knowing which of the users the calling transaction
	 * created: they hold no membership yet, and none can be added under them by another
	 * transaction before this one commits them, so what they hold is not read.
	 */
	@Transactional
	Map<UUID, Change> recomputeUsers(Map<UUID, String> reasons, Set<UUID> created) {
		// The caller's change may still sit in the JPA session; the facts are read with SQL.
		UnwrittenEntities.flush(this.entityManager);
		PersonaCatalog.Snapshot snapshot = this.catalog.load(TENANT);
		List<UUID> ids = new ArrayList<>(reasons.keySet());
		ids.sort(PersonaFacts.ID_ORDER);
		Map<UUID, Change> changes = new HashMap<>();
		for (int from = 0; from < ids.size(); from += this.chunk) {
			List<UUID> part = ids.subList(from, Math.min(ids.size(), from + this.chunk));
			// With no personas no rule can match, so only what these users hold could change (a
			// deactivated user leaves a space they were added to by hand). Holding nothing, nothing
			// changes, and their facts need be neither locked nor read: what every SCIM create of a
			// directory without personas would otherwise pay for.
			List<UUID> known = created.isEmpty() ? part : part.stream().filter((id) -> !created.contains(id)).toList();
			if (snapshot.personas().isEmpty() && current(known).isEmpty()) {
				continue;
			}
			List<UserFacts> users = this.facts.lockUsers(part, snapshot.needsChain());
			if (users.isEmpty()) {
				continue;
			}
			// Read (again) under the locks: a concurrent hand-add may have landed in between.
			Current current = current(known);
			Writes writes = new Writes(now());
			LocalDate today = today();
			for (UserFacts user : users) {
				changes.put(user.id(), apply(user, snapshot, current, reasons.get(user.id()), today, writes));
			}
			writes.flush();
		}
		return changes;
	}

	/** The stored memberships of these users, in one round trip. */
	private Current current(List<UUID> userIds) {
		Current current = new Current();
		if (userIds.isEmpty()) {
			return current;
		}
		String in = in(userIds);
		List<Object> args = new ArrayList<>(userIds.size() * 3);
		for (int kind = 0; kind < 3; kind++) {
			args.addAll(userIds);
		}
		this.jdbc.query("select 'p', user_id, persona_id from persona_member where user_id " + in
				+ " union all select 's', user_id, space_id from space_member where user_id " + in
				+ " union all select 'h', user_id, space_id from space_hand_member where user_id " + in, current::add,
				args.toArray());
		return current;
	}

	/**
	 * Recomputes every user of the directory, {@value #CHUNK} users per transaction (by default),
	 * each user whose memberships change row-locked before they are written, so that a concurrent
	 * login's own recompute of them waits for it (or it for the login) instead of interleaving.
	 * The directory is split into as many parts, in id order, as there are workers configured,
	 * each walked by a thread and a database connection of its own: a first recompute writes
	 * a row and an event for every join, and the database can write them on more than one core.
	 * Parts hold different users, so they lock nothing in common. Called in a transaction, it
	 * runs in that transaction, on the caller's thread alone.
	 * @param progress told how many users are done after each chunk
	 */
	public Summary recomputeAll(String reason, LongConsumer progress) {
		long started = System.nanoTime();
		long[] counts = new long[5];
		List<UUID> ends = (this.workers > 1 && !TransactionSynchronizationManager.isActualTransactionActive())
				? this.facts.partEnds(TENANT, this.workers) : List.of();
		if (ends.isEmpty()) {
			recomputePart(null, null, reason, counts, progress);
		}
		else {
			recomputeParts(ends, reason, counts, progress);
		}
		return new Summary(counts[0], counts[1], counts[2], counts[3], counts[4],
				(System.nanoTime() - started) / 1_000_000);
	}

	private void recomputeParts(List<UUID> ends, String reason, long[] counts, LongConsumer progress) {
		AtomicInteger threads = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(ends.size() + 1, (task) -> {
			Thread thread = new Thread(task, "persona-recompute-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<?>> parts = new ArrayList<>();
			for (int part = 0; part <= ends.size(); part++) {
				UUID after = (part == 0) ? null : ends.get(part - 1);
				UUID upTo = (part < ends.size()) ? ends.get(part) : null;
				parts.add(workers.submit(() -> recomputePart(after, upTo, reason, counts, progress)));
			}
			RuntimeException failed = null;
			// Every part is waited for, failed or not: none may still write once this returns.
			for (Future<?> part : parts) {
				try {
					part.get();
				}
				catch (ExecutionException ex) {
					if (failed == null) {
						failed = (ex.getCause() instanceof RuntimeException runtime) ? runtime
								: new IllegalStateException(ex.getCause());
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					parts.forEach((other) -> other.cancel(true));
					throw new IllegalStateException("Interrupted while recomputing personas", ex);
				}
			}
			if (failed != null) {
				throw failed;
			}
		}
		finally {
			workers.shutdownNow();
		}
	}

	/**
	 * The users after {@code after} up to {@code upTo}, chunk by chunk, each chunk in a
	 * transaction of its own, retried when it collides with another change.
	 * @param counts the summary's counts, shared by every part and added to under their lock
	 */
	private void recomputePart(UUID after, UUID upTo, String reason, long[] counts, LongConsumer progress) {
		UUID from = after;
		Map<UUID, UUID> managers = null;
		boolean lockAhead = false;
		while (true) {
			UUID start = from;
			ChunkResult result = null;
			for (int attempt = 1; result == null; attempt++) {
				try {
					Map<UUID, UUID> known = managers;
					boolean lock = lockAhead;
					result = this.transaction.execute((status) -> chunk(start, upTo, reason, known, lock));
				}
				catch (ConcurrencyFailureException ex) {
					if (attempt >= RETRIES) {
						throw ex;
					}
					logger.info("Persona recompute of users after {} collided with another change (attempt {}); "
							+ "retrying: {}", start, attempt, ex.getMostSpecificCause().getMessage());
				}
			}
			if (result.users == 0) {
				return;
			}
			managers = result.managers;
			from = result.last;
			lockAhead = result.mostlyChanged;
			synchronized (counts) {
				counts[0] += result.users;
				counts[1] += result.writes.personaJoins;
				counts[2] += result.writes.personaLeaves;
				counts[3] += result.writes.spaceJoins;
				counts[4] += result.writes.spaceLeaves;
				progress.accept(counts[0]);
			}
		}
	}

	/** @param mostlyChanged whether most of the chunk's users changed, as most of the next one's likely will */
	private record ChunkResult(int users, UUID last, Writes writes, Map<UUID, UUID> managers, boolean mostlyChanged) {
	}

	/**
	 * One chunk of a directory-wide recompute. Its users are read and evaluated without locks
	 * first, and only those whose memberships must change are locked and read again (what a
	 * login's recompute reads) before they are written: most recomputes change few people, and
	 * a lock costs a write of every row it takes. A user found unchanged needs no lock, since
	 * whoever changes them recomputes them, under their lock, before committing. Where most of
	 * the previous chunk changed (the first recompute after personas are created), the whole
	 * chunk is locked as it is read instead, rather than read twice.
	 */
	private ChunkResult chunk(UUID after, UUID upTo, String reason, Map<UUID, UUID> knownManagers,
			boolean lockAhead) {
		PersonaCatalog.Snapshot snapshot = this.catalog.load(TENANT);
		Map<UUID, UUID> managers = knownManagers;
		if (managers == null) {
			managers = snapshot.needsChain() ? this.facts.managers(TENANT) : Map.of();
		}
		List<UserFacts> users = this.facts.page(TENANT, after, upTo, this.chunk, managers, lockAhead);
		Writes writes = new Writes(now());
		if (users.isEmpty()) {
			return new ChunkResult(0, after, writes, managers, false);
		}
		UUID first = users.get(0).id();
		UUID last = users.get(users.size() - 1).id();
		Current current = currentBetween(first, last);
		LocalDate today = today();
		List<UserFacts> changing = users;
		if (!lockAhead) {
			List<UUID> changed = new ArrayList<>();
			for (UserFacts user : users) {
				if (!target(user, snapshot, current.handAdded(user.id()), today).isHeld(user.id(), current)) {
					changed.add(user.id());
				}
			}
			changing = this.facts.lockUsers(changed, snapshot.needsChain());
			current = current(changed);
		}
		int changedUsers = 0;
		for (UserFacts user : changing) {
			if (!apply(user, snapshot, current, reason, today, writes).isEmpty()) {
				changedUsers++;
			}
		}
		writes.flush();
		return new ChunkResult(users.size(), last, writes, managers, changedUsers * 2 > users.size());
	}

	/** The stored memberships of the users whose ids lie between these, in one round trip. */
	private Current currentBetween(UUID first, UUID last) {
		Current current = new Current();
		this.jdbc.query("select 'p', user_id, persona_id from persona_member where user_id between ? and ?"
				+ " union all select 's', user_id, space_id from space_member where user_id between ? and ?"
				+ " union all select 'h', user_id, space_id from space_hand_member where user_id between ? and ?",
				current::add, first, last, first, last, first, last);
		return current;
	}

	LocalDate today() {
		return LocalDate.ofInstant(Instant.now(this.clock), ZoneOffset.UTC);
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

	/**
	 * The personas a user's facts match today and the spaces those (and the hand-adds) give,
	 * each space with the personas it comes through.
	 */
	private record Target(Map<UUID, PersonaCatalog.Entry> personas, Map<UUID, List<String>> spaces) {

		boolean isHeld(UUID userId, Current current) {
			return this.personas.keySet().equals(current.personas(userId))
					&& this.spaces.keySet().equals(current.spaces(userId));
		}

	}

	private static Target target(UserFacts user, PersonaCatalog.Snapshot snapshot, Set<UUID> handAdded,
			LocalDate today) {
		Map<UUID, PersonaCatalog.Entry> matched = new LinkedHashMap<>();
		Map<UUID, List<String>> spacesVia = new LinkedHashMap<>();
		if (user.active()) {
			for (PersonaCatalog.Entry persona : snapshot.personas()) {
				if (persona.rule().matches(user, today)) {
					matched.put(persona.id(), persona);
				}
			}
			for (PersonaCatalog.Entry persona : matched.values()) {
				for (UUID space : persona.spaceIds()) {
					spacesVia.computeIfAbsent(space, (key) -> new ArrayList<>()).add(persona.name());
				}
			}
			for (UUID space : handAdded) {
				spacesVia.computeIfAbsent(space, (key) -> new ArrayList<>());
			}
		}
		return new Target(matched, spacesVia);
	}

	private Change apply(UserFacts user, PersonaCatalog.Snapshot snapshot, Current current, String reason,
			LocalDate today, Writes writes) {
		UUID userId = user.id();
		Set<UUID> hadPersonas = current.personas(userId);
		Set<UUID> hadSpaces = current.spaces(userId);
		Set<UUID> handAdded = current.handAdded(userId);
		Target target = target(user, snapshot, handAdded, today);
		Map<UUID, PersonaCatalog.Entry> matched = target.personas();
		Map<UUID, List<String>> spacesVia = target.spaces();
		List<String> joinedPersonas = new ArrayList<>();
		List<String> leftPersonas = new ArrayList<>();
		List<String> joinedSpaces = new ArrayList<>();
		List<String> leftSpaces = new ArrayList<>();
		String after = (reason != null && !reason.isBlank()) ? "; after: " + reason : "";
		for (PersonaCatalog.Entry persona : matched.values()) {
			if (!hadPersonas.contains(persona.id())) {
				writes.joinPersona(persona.id(), userId);
				joinedPersonas.add(persona.name());
				writes.event(EventType.PERSONA_JOINED, user, user.userName() + " joined persona '" + persona.name()
						+ "': " + persona.rule().describe() + after,
						detail("persona", persona.id(), persona.name(), reason, persona.ruleJson()));
			}
		}
		for (UUID personaId : hadPersonas) {
			if (!matched.containsKey(personaId)) {
				PersonaCatalog.Entry persona = snapshot.persona(personaId);
				String name = (persona != null) ? persona.name() : personaId.toString();
				String why = !user.active() ? "the user is deactivated"
						: (persona != null) ? "no longer " + persona.rule().describe() : "the persona was removed";
				writes.leavePersona(personaId, userId);
				leftPersonas.add(name);
				writes.event(EventType.PERSONA_LEFT, user, user.userName() + " left persona '" + name + "': " + why + after,
						detail("persona", personaId, name, reason,
								(persona != null) ? persona.ruleJson() : null));
			}
		}
		for (Map.Entry<UUID, List<String>> space : spacesVia.entrySet()) {
			if (!hadSpaces.contains(space.getKey())) {
				String name = snapshot.spaceNames().getOrDefault(space.getKey(), space.getKey().toString());
				String why = why(space.getValue(), handAdded.contains(space.getKey()));
				writes.joinSpace(space.getKey(), userId);
				joinedSpaces.add(name);
				Map<String, Object> detail = detail("space", space.getKey(), name, reason, null);
				detail.put("personas", space.getValue());
				detail.put("handAdded", handAdded.contains(space.getKey()));
				writes.event(EventType.SPACE_JOINED, user,
						user.userName() + " joined space '" + name + "' " + why + after, detail);
			}
		}
		for (UUID spaceId : hadSpaces) {
			if (!spacesVia.containsKey(spaceId)) {
				String name = snapshot.spaceNames().getOrDefault(spaceId, spaceId.toString());
				String why = !user.active() ? "the user is deactivated"
						: "in none of its personas any more, and not added by hand";
				writes.leaveSpace(spaceId, userId);
				leftSpaces.add(name);
				writes.event(EventType.SPACE_LEFT, user, user.userName() + " left space '" + name + "': " + why + after,
						detail("space", spaceId, name, reason, null));
			}
		}
		return new Change(joinedPersonas, leftPersonas, joinedSpaces, leftSpaces);
	}

	private static String why(List<String> personas, boolean handAdded) {
		List<String> parts = new ArrayList<>();
		if (!personas.isEmpty()) {
			parts.add("through persona" + ((personas.size() > 1) ? "s " : " ")
					+ String.join(", ", personas.stream().map((p) -> "'" + p + "'").toList()));
		}
		if (handAdded) {
			parts.add("added by hand");
		}
		return String.join(" and ", parts);
	}

	private static Map<String, Object> detail(String kind, UUID id, String name, String reason, Object rule) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put(kind + "Id", id);
		detail.put(kind, name);
		detail.put("reason", reason);
		if (rule != null) {
			detail.put("rule", rule);
		}
		return detail;
	}

	/** The memberships of the users being recomputed, as stored before. */
	private static final class Current {

		private final Map<UUID, Set<UUID>> personas = new HashMap<>();

		private final Map<UUID, Set<UUID>> spaces = new HashMap<>();

		private final Map<UUID, Set<UUID>> handAdded = new HashMap<>();

		Set<UUID> personas(UUID userId) {
			return this.personas.computeIfAbsent(userId, (key) -> new LinkedHashSet<>());
		}

		Set<UUID> spaces(UUID userId) {
			return this.spaces.computeIfAbsent(userId, (key) -> new LinkedHashSet<>());
		}

		Set<UUID> handAdded(UUID userId) {
			return this.handAdded.computeIfAbsent(userId, (key) -> new HashSet<>());
		}

		boolean isEmpty() {
			return this.personas.isEmpty() && this.spaces.isEmpty() && this.handAdded.isEmpty();
		}

		/** A row of (kind {@code p}, {@code s} or {@code h}, user id, persona or space id). */
		void add(ResultSet rs) throws SQLException {
			UUID userId = rs.getObject(2, UUID.class);
			UUID id = rs.getObject(3, UUID.class);
			switch (rs.getString(1)) {
				case "p" -> personas(userId).add(id);
				case "s" -> spaces(userId).add(id);
				default -> handAdded(userId).add(id);
			}
		}

	}

	/**
	 * The differences of one transaction: the new memberships in one batch of statements of
	 * many rows each ({@link MultiRowInsert}), the rarer leaves in one JDBC batch, the events in
	 * one batch.
	 */
	private final class Writes {

		private final Timestamp now;

		private final List<Object[]> personaInserts = new ArrayList<>();

		private final List<Object[]> personaDeletes = new ArrayList<>();

		private final List<Object[]> spaceInserts = new ArrayList<>();

		private final List<Object[]> spaceDeletes = new ArrayList<>();

		private final List<EventLog.EventDraft> events = new ArrayList<>();

		long personaJoins;

		long personaLeaves;

		long spaceJoins;

		long spaceLeaves;

		Writes(Instant now) {
			this.now = Timestamp.from(now);
		}

		void joinPersona(UUID personaId, UUID userId) {
			this.personaInserts.add(new Object[] { personaId, userId, this.now });
			this.personaJoins++;
		}

		void leavePersona(UUID personaId, UUID userId) {
			this.personaDeletes.add(new Object[] { personaId, userId });
			this.personaLeaves++;
		}

		void joinSpace(UUID spaceId, UUID userId) {
			this.spaceInserts.add(new Object[] { spaceId, userId, this.now });
			this.spaceJoins++;
		}

		void leaveSpace(UUID spaceId, UUID userId) {
			this.spaceDeletes.add(new Object[] { spaceId, userId });
			this.spaceLeaves++;
		}

		void event(EventType type, UserFacts user, String summary, Map<String, Object> detail) {
			this.events.add(PersonaMembership.this.events.event(type, summary)
				.user(user.id(), user.userName())
				.detailJson(detail));
		}

		void flush() {
			JdbcTemplate jdbc = PersonaMembership.this.jdbc;
			if (!this.personaDeletes.isEmpty()) {
				jdbc.batchUpdate("delete from persona_member where persona_id = ? and user_id = ?", this.personaDeletes);
			}
			insert("insert into persona_member (persona_id, user_id, joined_at) values ", this.personaInserts);
			if (!this.spaceDeletes.isEmpty()) {
				jdbc.batchUpdate("delete from space_member where space_id = ? and user_id = ?", this.spaceDeletes);
			}
			insert("insert into space_member (space_id, user_id, joined_at) values ", this.spaceInserts);
			PersonaMembership.this.events.recordAll(this.events);
		}

		private void insert(String insertInto, List<Object[]> rows) {
			MultiRowInsert.insert(PersonaMembership.this.jdbc, insertInto, 3, rows, (statement, before, row) -> {
				statement.setObject(before + 1, row[0]);
				statement.setObject(before + 2, row[1]);
				statement.setTimestamp(before + 3, (Timestamp) row[2]);
			});
		}

	}

	private static String in(List<UUID> ids) {
		return "in (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
	}

}
