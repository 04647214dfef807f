package io.tilegate.personas;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.Directory;
import io.tilegate.directory.PersonaFacts;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory-wide recompute after a rule changes: it moves exactly the people the rule now
 * describes in or out, each with one event, leaves everyone else alone, and walks the whole
 * directory chunk by chunk.
 */
@PersonaServicesSlice
abstract class PersonaRecomputeTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Provenance HR = new Provenance("hr-import", null);

	@Autowired
	private Directory directory;

	@Autowired
	private Personas personas;

	@Autowired
	private Spaces spaces;

	@Autowired
	private PersonaMembership membership;

	@Autowired
	private PersonaRecomputes recomputes;

	@Autowired
	private RecomputeRuns runs;

	@Autowired
	private MovableClock clock;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@BeforeEach
	void emptyDirectory() {
		PersonaTables.clear(this.jdbc);
	}

	@Test
	void changingARuleMovesInAndOutExactlyThePeopleWhoseAnswerChanged() {
		UUID ada = person("ada", "Sales");
		UUID bob = person("bob", "Sales");
		UUID cy = person("cy", "Sales");
		UUID dee = person("dee", "Ops");
		UUID eve = person("eve", "Ops");
		UUID fay = person("fay", "Legal");
		UUID gus = person("gus", "Legal");
		UUID persona = save(null, departmentOneOf("Sales", "Ops"));
		recompute("persona created");
		assertThat(members(persona)).containsExactly("ada", "bob", "cy", "dee", "eve");

		save(persona, departmentOneOf("Ops", "Legal"));
		PersonaRecomputes.Status changed = recompute("persona changed");

		assertThat(members(persona)).containsExactly("dee", "eve", "fay", "gus");
		assertThat(changed.summary().users()).isEqualTo(7);
		assertThat(changed.summary().personaJoins()).isEqualTo(2);
		assertThat(changed.summary().personaLeaves()).isEqualTo(3);
		for (UUID left : List.of(ada, bob, cy)) {
			assertThat(events(EventType.PERSONA_LEFT, left)).singleElement()
				.satisfies((summary) -> assertThat(summary).endsWith("left persona 'Cohort': no longer department is one "
						+ "of 'Ops', 'Legal'; after: persona changed"));
		}
		for (UUID joined : List.of(fay, gus)) {
			assertThat(events(EventType.PERSONA_JOINED, joined)).singleElement()
				.satisfies((summary) -> assertThat(summary).endsWith("; after: persona changed"));
		}
		for (UUID stayed : List.of(dee, eve)) {
			assertThat(events(EventType.PERSONA_JOINED, stayed)).as("joined once, when created")
				.singleElement()
				.satisfies((summary) -> assertThat(summary).endsWith("; after: persona created"));
			assertThat(events(EventType.PERSONA_LEFT, stayed)).isEmpty();
		}
	}

	@Test
	void aRecomputeWalksEveryChunkOfTheDirectoryAndReportsProgressAfterEach() {
		for (String name : List.of("ann", "ben", "cal", "dan", "eli")) {
			person(name, "Support");
		}
		UUID persona = save(null, departmentOneOf("Support"));
		List<Long> progress = new ArrayList<>();

		PersonaMembership.Summary summary = this.membership.recomputeAll("test", progress::add);

		// Two parts (2 and 3 users) walked side by side, two users a chunk: three chunks, each
		// reported with the total so far, in whichever order the parts finish them.
		assertThat(progress).isIn(List.of(2L, 4L, 5L), List.of(2L, 3L, 5L));
		assertThat(summary.users()).isEqualTo(5);
		assertThat(summary.personaJoins()).isEqualTo(5);
		assertThat(members(persona)).containsExactly("ann", "ben", "cal", "dan", "eli");
	}

	@Test
	void everyJoinOfARecomputeIsRecordedInItsUsersOrderWithItsDetails() throws Exception {
		List<UUID> people = new ArrayList<>();
		for (String name : List.of("ann", "ben", "cal", "dan", "eli")) {
			people.add(person(name, "Support"));
		}
		people.sort(PersonaFacts.ID_ORDER);
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Help desk", null, null), "admin")
			.orElseThrow()
			.id();
		UUID persona = this.personas
			.savePersona(null, new Personas.PersonaEdit("Cohort", null, JSON.readTree(departmentOneOf("Support")),
					List.of(space)), "admin")
			.orElseThrow()
			.id();

		recompute("persona created");

		List<RecordedEvent> joins = this.jdbc.query("""
				select type, user_id, user_name, connection_id, actor, summary, detail from event_log
				where type in ('PERSONA_JOINED', 'SPACE_JOINED') order by id""",
				(row, i) -> new RecordedEvent(EventType.valueOf(row.getString("type")),
						row.getObject("user_id", UUID.class), row.getString("user_name"),
						row.getString("connection_id"), row.getString("actor"), row.getString("summary"),
						row.getString("detail")));
		assertThat(joins).as("a persona and a space joined by each user").hasSize(people.size() * 2);
		for (int i = 0; i < people.size(); i++) {
			UUID user = people.get(i);
			List<RecordedEvent> own = joins.stream().filter((join) -> user.equals(join.userId())).toList();
			assertThat(own).as("the persona joined first, then the space it gives").hasSize(2);
			RecordedEvent joinedPersona = own.get(0);
			RecordedEvent joinedSpace = own.get(1);
			assertThat(joinedPersona.type()).isEqualTo(EventType.PERSONA_JOINED);
			assertThat(joinedPersona.userId()).isEqualTo(people.get(i));
			assertThat(joinedPersona.summary()).isEqualTo(joinedPersona.userName() + " joined persona 'Cohort': "
					+ "department is one of 'Support'; after: persona created");
			JsonNode personaDetail = JSON.readTree(joinedPersona.detail());
			assertThat(personaDetail.path("personaId").asText()).isEqualTo(persona.toString());
			assertThat(personaDetail.path("persona").asText()).isEqualTo("Cohort");
			assertThat(personaDetail.path("reason").asText()).isEqualTo("persona created");
			assertThat(personaDetail.path("rule")).isEqualTo(JSON.readTree(departmentOneOf("Support")));
			assertThat(joinedSpace.type()).isEqualTo(EventType.SPACE_JOINED);
			assertThat(joinedSpace.userId()).isEqualTo(people.get(i));
			assertThat(joinedSpace.summary()).isEqualTo(joinedSpace.userName() + " joined space 'Help desk' "
					+ "through persona 'Cohort'; after: persona created");
			JsonNode spaceDetail = JSON.readTree(joinedSpace.detail());
			assertThat(spaceDetail.path("spaceId").asText()).isEqualTo(space.toString());
			assertThat(spaceDetail.path("space").asText()).isEqualTo("Help desk");
			assertThat(spaceDetail.path("personas")).isEqualTo(JSON.readTree("[\"Cohort\"]"));
			assertThat(spaceDetail.path("handAdded").asBoolean(true)).isFalse();
		}
	}

	@Test
	void aRecomputeWithNothingChangedWritesNothing() {
		UUID ada = person("ada", "Sales");
		person("bob", "Ops");
		UUID persona = save(null, departmentOneOf("Sales"));
		recompute("persona created");
		long eventsBefore = countEvents();

		save(persona, departmentOneOf("Sales"));
		PersonaRecomputes.Status again = recompute("persona saved unchanged");

		assertThat(again.summary().personaJoins() + again.summary().personaLeaves()).isZero();
		assertThat(members(persona)).containsExactly("ada");
		assertThat(events(EventType.PERSONA_JOINED, ada)).hasSize(1);
		assertThat(RecordedEvents.of(this.jdbc, EventType.PERSONA_SAVED, null)).last()
			.satisfies((saved) -> assertThat(saved.summary()).contains("(rule unchanged)"));
		assertThat(countEvents()).as("only the save and the recompute's own record")
			.isEqualTo(eventsBefore + 2);
	}

	@Test
	void theRecomputeAfterACreateReportsItsProgressAsDone() {
		person("ada", "Sales");
		person("bob", "Sales");
		person("cy", "Ops");
		save(null, departmentOneOf("Sales"));

		PersonaRecomputes.Status done = recompute("persona created by admin");

		assertThat(done.state()).isEqualTo("done");
		assertThat(done.total()).isEqualTo(3);
		assertThat(done.done()).isEqualTo(3);
		assertThat(done.finishedAt()).isNotNull();
		assertThat(RecordedEvents.of(this.jdbc, EventType.PERSONAS_RECOMPUTED, null)).singleElement()
			.satisfies((event) -> {
				assertThat(event.actor()).isEqualTo("admin");
				assertThat(event.summary()).startsWith("Personas and spaces recomputed for 3 users")
					.contains("2 persona joins, 0 leaves")
					.endsWith("after: persona created by admin");
			});
	}

	@Test
	void editsThatArriveWhileARecomputeRunsShareOneMorePassInsteadOfOneEach() {
		person("ada", "Sales");
		person("bob", "Ops");
		person("cy", "Legal");
		save(null, departmentOneOf("Sales"));
		PersonaRecomputes.Status[] started = new PersonaRecomputes.Status[3];

		// The recompute waits on the users' row locks, as it would behind a long sign-in, so that
		// the next two edits certainly arrive while it runs.
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.jdbc.query("select id from app_user for update", (rs) -> {
			});
			started[0] = this.recomputes.start("first edit", "admin");
			RunningRecompute.await(this.recomputes, started[0].id());
			started[1] = this.recomputes.start("second edit", "admin");
			started[2] = this.recomputes.start("third edit", "admin");
		});
		awaitIdle();

		assertThat(started[1].id()).isNotEqualTo(started[0].id()).isEqualTo(started[2].id());
		assertThat(started[2].state()).isEqualTo("queued");
		assertThat(RecordedEvents.of(this.jdbc, EventType.PERSONAS_RECOMPUTED, null)).map(RecordedEvent::summary)
			.satisfiesExactly((first) -> assertThat(first).endsWith("after: first edit"),
					(queued) -> assertThat(queued).endsWith("after: second edit; third edit"));
	}

	@Test
	void aRecomputeWaitsWhileAnotherNodeRunsOneAndStartsOnceThatNodesHeartbeatStops() throws Exception {
		UUID ada = person("ada", "Sales");
		save(null, departmentOneOf("Sales"));
		UUID elsewhere = recomputeRow("running", this.clock.instant());
		try {
			PersonaRecomputes.Status queued = this.recomputes.start("an edit", "admin");
			Thread.sleep(1000);
			assertThat(this.recomputes.status().id()).as("the other node's, still running").isEqualTo(elsewhere);
			assertThat(state(queued.id())).as("waits for the other node's").isEqualTo("queued");

			this.clock.advance(RecomputeRuns.STALE.plusSeconds(1));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!state(queued.id()).equals("done")) {
				assertThat(System.nanoTime()).as("the queued recompute ran").isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(events(EventType.PERSONA_JOINED, ada)).singleElement()
				.satisfies((summary) -> assertThat(summary).endsWith("; after: an edit"));
		}
		finally {
			// Left "running", it would keep every later recompute of this context waiting.
			this.jdbc.update("delete from persona_recompute where id = ?", elsewhere);
		}
	}

	@Test
	void aRecomputeWhoseNodeStoppedIsRunAgainUnlessOneAskedForLaterCoversIt() {
		person("ada", "Sales");
		person("bob", "Sales");
		save(null, departmentOneOf("Sales"));
		Instant stale = this.clock.instant().minus(RecomputeRuns.STALE).minusSeconds(1);
		UUID covered = recomputeRow("running", stale);
		UUID stopped = recomputeRow("running", stale);

		this.runs.run(covered);
		this.runs.run(stopped);

		assertThat(state(covered)).isEqualTo("failed");
		assertThat(this.jdbc.queryForObject("select error from persona_recompute where id = ?", String.class, covered))
			.isEqualTo("The node that ran it stopped; a later re-evaluation covers it.");
		PersonaRecomputes.Status again = this.recomputes.status();
		assertThat(again.id()).isEqualTo(stopped);
		assertThat(again.state()).isEqualTo("done");
		assertThat(again.done()).isEqualTo(2);
		assertThat(again.total()).isEqualTo(2);
		assertThat(again.summary().personaJoins()).isEqualTo(2);
	}

	/** A recompute another node took, as its row says. */
	private UUID recomputeRow(String state, Instant heartbeat) {
		UUID id = UUID.randomUUID();
		OffsetDateTime at = OffsetDateTime.ofInstant(heartbeat, ZoneOffset.UTC);
		this.jdbc.update("insert into persona_recompute (id, reason, actor, state, done_users, total_users, "
				+ "requested_at, started_at, heartbeat_at) values (?, 'on another node', 'admin', ?, 0, 0, ?, ?, ?)", id,
				state, at, at, at);
		return id;
	}

	private String state(UUID recompute) {
		return this.jdbc.queryForObject("select state from persona_recompute where id = ?", String.class, recompute);
	}

	private UUID person(String userName, String department) {
		UUID id = this.directory.createUser(userName, HR).id();
		this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.DEPARTMENT, department), HR);
		return id;
	}

	private UUID save(UUID id, String rule) {
		try {
			JsonNode json = JSON.readTree(rule);
			return this.personas.savePersona(id, new Personas.PersonaEdit("Cohort", null, json, null), "admin")
				.orElseThrow()
				.id();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private PersonaRecomputes.Status recompute(String reason) {
		this.recomputes.start(reason, "admin");
		return awaitIdle();
	}

	private PersonaRecomputes.Status awaitIdle() {
		try {
			this.recomputes.awaitIdle(Duration.ofSeconds(30));
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The recompute did not finish", ex);
		}
		PersonaRecomputes.Status status = this.recomputes.status();
		assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo("done");
		return status;
	}

	private List<String> members(UUID persona) {
		return this.personas.personaMembers(persona, 0, 100).items().stream().map(Personas.Member::userName).toList();
	}

	private List<String> events(EventType type, UUID user) {
		return RecordedEvents.of(this.jdbc, type, user).stream().map(RecordedEvent::summary).toList();
	}

	private long countEvents() {
		return this.jdbc.queryForObject("select count(*) from event_log", Long.class);
	}

	private static String departmentOneOf(String... departments) {
		return "{\"type\":\"field\",\"field\":\"department\",\"test\":\"oneOf\",\"values\":["
				+ String.join(",", List.of(departments).stream().map((d) -> "\"" + d + "\"").toList()) + "]}";
	}

}
