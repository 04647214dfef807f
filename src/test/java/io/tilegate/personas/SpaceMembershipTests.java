package io.tilegate.personas;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A space's members follow its personas: someone is in the space while one of its personas or
 * a hand-add brings them in, leaves when none does, and the space says why each member is
 * there.
 */
@PersonaServicesSlice
class SpaceMembershipTests {

	private static final ObjectMapper JSON = new ObjectMapper();

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
	private JdbcTemplate jdbc;

	private UUID ada;

	private UUID bob;

	private UUID cy;

	private UUID dee;

	private UUID sales;

	private UUID leads;

	private UUID kickoff;

	@BeforeEach
	void salesAndLeadsMeetInTheKickoffSpace() {
		PersonaTables.clear(this.jdbc);
		this.ada = person("ada", "Sales", "Lead");
		this.bob = person("bob", "Sales", "Engineer");
		this.cy = person("cy", "Ops", "Lead");
		this.dee = person("dee", "Ops", "Engineer");
		this.sales = persona("Sales", "department", "Sales");
		this.leads = persona("Leads", "title", "Lead");
		this.kickoff = this.spaces
			.saveSpace(null, new Spaces.SpaceEdit("Kickoff", null, List.of(this.sales, this.leads)), "admin")
			.orElseThrow()
			.id();
		recompute("space created");
	}

	@Test
	void aSpaceHoldsTheMembersOfEachOfItsPersonasAndSaysThroughWhich() {
		assertThat(members()).containsExactly("ada", "bob", "cy");
		assertThat(this.spaces.spacesOf(this.ada)).singleElement().satisfies((space) -> {
			assertThat(space.name()).isEqualTo("Kickoff");
			assertThat(space.handAdded()).isFalse();
			assertThat(space.personas()).extracting(Personas.Named::name).containsExactly("Leads", "Sales");
		});
		assertThat(this.spaces.spacesOf(this.dee)).isEmpty();
		assertThat(events(EventType.SPACE_JOINED, this.ada)).singleElement()
			.satisfies((summary) -> assertThat(summary)
				.isEqualTo("ada joined space 'Kickoff' through personas 'Leads', 'Sales'; after: space created"));
		assertThat(this.spaces.space(this.kickoff).orElseThrow().members()).isEqualTo(3);
	}

	@Test
	void aMemberWhoLeavesOneOfTwoPersonasStaysInTheSpace() {
		this.directory.updateProfile(this.ada, new ProfileEdit().set(ProfileField.TITLE, "Engineer"), HR);

		assertThat(this.personas.personasOf(this.ada)).extracting(Personas.Named::name).containsExactly("Sales");
		assertThat(members()).contains("ada");
		assertThat(this.spaces.spacesOf(this.ada)).singleElement()
			.satisfies((space) -> assertThat(space.personas()).extracting(Personas.Named::name)
				.containsExactly("Sales"));
		assertThat(events(EventType.SPACE_LEFT, this.ada)).isEmpty();
	}

	@Test
	void aMemberWhoLeavesTheirOnlyPersonaLeavesTheSpaceAndTheEventSaysWhy() {
		this.directory.updateProfile(this.bob, new ProfileEdit().set(ProfileField.DEPARTMENT, "Ops"), HR);

		assertThat(members()).containsExactly("ada", "cy");
		assertThat(events(EventType.SPACE_LEFT, this.bob)).singleElement()
			.satisfies((summary) -> assertThat(summary).isEqualTo("bob left space 'Kickoff': in none of its personas "
					+ "any more, and not added by hand; after: changed by hr-import"));
	}

	@Test
	void takingAPersonaOffASpaceTakesOutOnlyThoseItAloneBroughtIn() {
		Spaces.SpaceDetails changed = this.spaces
			.saveSpace(this.kickoff, new Spaces.SpaceEdit("Kickoff", null, List.of(this.sales)), "admin")
			.orElseThrow();
		recompute("space changed");

		assertThat(changed.personas()).extracting(Personas.Named::name).containsExactly("Sales");
		assertThat(members()).containsExactly("ada", "bob");
		assertThat(events(EventType.SPACE_LEFT, this.cy)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("; after: space changed"));
		assertThat(events(EventType.SPACE_LEFT, this.ada)).isEmpty();
		assertThat(this.personas.personasOf(this.cy)).extracting(Personas.Named::name)
			.as("still a lead; only the space changed")
			.containsExactly("Leads");
	}

	@Test
	void aSpaceSavedWithItsPersonasAnswersWithThem() {
		Spaces.SpaceDetails created = this.spaces
			.saveSpace(null, new Spaces.SpaceEdit("All hands", null, List.of(this.leads, this.sales)), "admin")
			.orElseThrow();

		assertThat(created.personas()).extracting(Personas.Named::name).containsExactly("Leads", "Sales");
		assertThat(this.spaces.space(created.id()).orElseThrow().personas()).extracting(Personas.Named::name)
			.containsExactly("Leads", "Sales");
	}

	@Test
	void aHandAddedMemberStaysWhenTheirPersonaGoesAndLeavesWhenTheHandAddIsTakenBack() {
		assertThat(this.spaces.addToSpace(this.kickoff, this.bob, "admin")).isTrue();
		this.directory.updateProfile(this.bob, new ProfileEdit().set(ProfileField.DEPARTMENT, "Ops"), HR);

		assertThat(members()).contains("bob");
		assertThat(this.spaces.spacesOf(this.bob)).singleElement().satisfies((space) -> {
			assertThat(space.handAdded()).isTrue();
			assertThat(space.personas()).isEmpty();
		});
		assertThat(events(EventType.SPACE_LEFT, this.bob)).isEmpty();

		assertThat(this.spaces.removeFromSpace(this.kickoff, this.bob, "admin")).isTrue();

		assertThat(members()).doesNotContain("bob");
		assertThat(events(EventType.SPACE_LEFT, this.bob)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("; after: removed by hand from space 'Kickoff' by admin"));
	}

	@Test
	void someoneAddedByHandToASpaceTheirPersonaBringsThemIntoAlreadyIsMarkedAsBoth() {
		assertThat(this.spaces.addToSpace(this.kickoff, this.ada, "admin")).isTrue();
		assertThat(this.spaces.addToSpace(this.kickoff, this.ada, "admin")).as("once is enough").isFalse();

		assertThat(this.spaces.spaceMembers(this.kickoff, 0, 10).items()).filteredOn((m) -> m.userName().equals("ada"))
			.singleElement()
			.satisfies((member) -> {
				assertThat(member.handAdded()).isTrue();
				assertThat(member.personas()).extracting(Personas.Named::name).containsExactly("Leads", "Sales");
			});
		assertThat(events(EventType.SPACE_JOINED, this.ada)).as("in the space before the hand-add").hasSize(1);
	}

	@Test
	void withNoPersonaLeftAHandAddedMemberStillLeavesOnDeactivationAndComesBackOnReactivation() {
		assertThat(this.spaces.addToSpace(this.kickoff, this.dee, "admin")).isTrue();
		assertThat(this.personas.deletePersona(this.sales, "admin")).isTrue();
		assertThat(this.personas.deletePersona(this.leads, "admin")).isTrue();
		recompute("personas deleted");
		assertThat(members()).containsExactly("dee");

		assertThat(this.directory.deactivate(this.dee, "admin")).isTrue();
		assertThat(members()).isEmpty();
		assertThat(events(EventType.SPACE_LEFT, this.dee)).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("Kickoff"));

		assertThat(this.directory.reactivate(this.dee, "admin")).isTrue();
		assertThat(members()).containsExactly("dee");
	}

	private UUID person(String userName, String department, String title) {
		UUID id = this.directory.createUser(userName, HR).id();
		this.directory.updateProfile(id,
				new ProfileEdit().set(ProfileField.DEPARTMENT, department).set(ProfileField.TITLE, title), HR);
		return id;
	}

	private UUID persona(String name, String field, String value) {
		try {
			return this.personas
				.savePersona(null, new Personas.PersonaEdit(name, null, JSON.readTree("{\"type\":\"field\",\"field\":\""
						+ field + "\",\"test\":\"equals\",\"value\":\"" + value + "\"}"), null), "admin")
				.orElseThrow()
				.id();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void recompute(String reason) {
		this.recomputes.start(reason, "admin");
		try {
			this.recomputes.awaitIdle(Duration.ofSeconds(30));
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The recompute did not finish", ex);
		}
		assertThat(this.recomputes.status().state()).as(String.valueOf(this.recomputes.status().error()))
			.isEqualTo("done");
	}

	private List<String> members() {
		return this.spaces.spaceMembers(this.kickoff, 0, 100).items().stream().map(Spaces.SpaceMember::userName)
			.toList();
	}

	private List<String> events(EventType type, UUID user) {
		return RecordedEvents.of(this.jdbc, type, user).stream().map(RecordedEvent::summary).toList();
	}

}
