package io.tilegate.personas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.SimpleTriggerContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily pass: people move in and out of hire-date cohorts as the days go by, with nobody
 * signing in and no admin asking. Days pass on a {@link MovableClock}.
 */
@PersonaServicesSlice
class DailyRecomputeTests {

	private static final Provenance HR = new Provenance("hr-import", null);

	@Autowired
	private Directory directory;

	@Autowired
	private Personas personas;

	@Autowired
	private Spaces spaces;

	@Autowired
	private PersonaRecomputes recomputes;

	@Autowired
	private DailyRecompute daily;

	@Autowired
	private MovableClock clock;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TilegateProperties properties;

	private UUID onboarding;

	private UUID newHires;

	@BeforeEach
	void newHireCohortWithItsSpace() throws Exception {
		PersonaTables.clear(this.jdbc);
		this.onboarding = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Onboarding", null, null), "admin")
			.orElseThrow()
			.id();
		this.newHires = this.personas
			.savePersona(null, new Personas.PersonaEdit("New hires", null,
					new ObjectMapper().readTree("{\"type\":\"hireDate\",\"withinDays\":90}"), List.of(this.onboarding)),
					"admin")
			.orElseThrow()
			.id();
	}

	@Test
	void aNewHireStaysThroughDay90AndTheDailyPassTakesThemOutOnDay91() {
		UUID day90 = hired("ada", today().minusDays(89));
		UUID day1 = hired("bob", today());
		assertThat(members()).containsExactly("ada", "bob");

		runDailyPass();
		assertThat(members()).as("day 90 of ada").containsExactly("ada", "bob");
		assertThat(events(EventType.PERSONA_LEFT, day90)).isEmpty();

		this.clock.advance(Duration.ofDays(1));
		runDailyPass();

		assertThat(members()).as("day 91 of ada").containsExactly("bob");
		assertThat(this.spaces.spacesOf(day90)).isEmpty();
		assertThat(events(EventType.PERSONA_LEFT, day90)).singleElement()
			.satisfies((summary) -> assertThat(summary).isEqualTo("ada left persona 'New hires': no longer hired within "
					+ "the last 90 days; after: daily re-evaluation of date rules"));
		assertThat(events(EventType.SPACE_LEFT, day90)).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("left space 'Onboarding'"));
		assertThat(events(EventType.PERSONA_LEFT, day1)).isEmpty();
	}

	@Test
	void someoneHiredTomorrowJoinsOnTheirFirstDayWithoutSigningIn() {
		UUID starter = hired("cy", today().plusDays(1));
		assertThat(members()).isEmpty();

		this.clock.advance(Duration.ofDays(1));
		runDailyPass();

		assertThat(members()).containsExactly("cy");
		assertThat(this.spaces.spacesOf(starter)).extracting(Spaces.UserSpace::name).containsExactly("Onboarding");
		assertThat(events(EventType.PERSONA_JOINED, starter)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("; after: daily re-evaluation of date rules"));
	}

	@Test
	void theDailyPassIsRecordedAsTheSystemsWithWhatItChanged() {
		hired("dee", today().minusDays(89));
		this.clock.advance(Duration.ofDays(1));

		runDailyPass();

		assertThat(RecordedEvents.of(this.jdbc, EventType.PERSONAS_RECOMPUTED, null)).singleElement()
			.satisfies((event) -> {
				assertThat(event.actor()).isEqualTo("system");
				assertThat(event.summary()).contains("recomputed for 1 users", "0 persona joins, 1 leaves",
						"0 space joins, 1 leaves", "after: daily re-evaluation of date rules");
			});
	}

	@Test
	void theDailyPassRunsAtTheConfiguredTimeOfDayInUtcWhateverTheServersZone() {
		ScheduledTaskRegistrar tasks = new ScheduledTaskRegistrar();
		// The scheduler's clock is in the server's zone, which a trigger without a zone follows.
		Clock californianServer = Clock.fixed(Instant.parse("2026-03-29T00:30:00Z"), ZoneId.of("America/Los_Angeles"));

		this.daily.configureTasks(tasks);

		assertThat(this.properties.personas().dailyRecompute()).isEqualTo("0 47 3 * * *");
		assertThat(tasks.getTriggerTaskList()).singleElement()
			.satisfies((task) -> assertThat(task.getTrigger().nextExecution(new SimpleTriggerContext(californianServer)))
				.isEqualTo(Instant.parse("2026-03-29T03:47:00Z")));
	}

	private UUID hired(String userName, LocalDate hireDate) {
		UUID id = this.directory.createUser(userName, HR).id();
		// The sign-in or SCIM call that sets the hire date recomputes them, as it would in production.
		this.directory.updateProfile(id, new ProfileEdit().hireDate(hireDate), HR);
		return id;
	}

	private void runDailyPass() {
		// Each pass here is another day, by when the lock a pass keeps for ten minutes after it
		// ended has run out. The row stays: ShedLock remembers it exists and only updates it.
		this.jdbc.update("UPDATE job_lock SET lock_until = TIMESTAMP '2000-01-01 00:00:00' WHERE name = ?",
				DailyRecompute.JOB);
		assertThat(this.daily.recomputeOncePerCluster()).as("the pass ran on this node").isTrue();
		assertThat(this.recomputes.status().state()).as(String.valueOf(this.recomputes.status().error()))
			.isEqualTo("done");
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private List<String> members() {
		return this.personas.personaMembers(this.newHires, 0, 100).items().stream().map(Personas.Member::userName)
			.toList();
	}

	private List<String> events(EventType type, UUID user) {
		return RecordedEvents.of(this.jdbc, type, user).stream().map(RecordedEvent::summary).toList();
	}

}
