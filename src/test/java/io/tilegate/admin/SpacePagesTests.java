package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces.SpaceDetails;
import io.tilegate.personas.Spaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The space pages driven over HTTP: create, edit and delete a space, see its members and why
 * they are there, add someone by hand and remove the hand-add through a confirmation page;
 * the admin's user page shows the same.
 */
class SpacePagesTests extends AdminConsoleIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	@Autowired
	private Personas personas;

	@Autowired
	private Spaces spaces;

	@Autowired
	private PersonaRecomputes recomputes;

	@Autowired
	private Directory directory;

	@Test
	void aSpaceIsCreatedEditedAndDeletedThroughItsPages() throws Exception {
		String tag = UserPagesTests.tag();
		UUID persona = this.personas.savePersona(null, new Personas.PersonaEdit("Staff " + tag, "",
				new ObjectMapper().readTree("{\"type\":\"group\",\"group\":\"staff-" + tag + "\"}"), List.of()), "test")
			.orElseThrow()
			.id();
		this.admin.get("/admin/spaces/new");
		assertThat(this.admin.get("/admin/spaces/new").body()).contains("id=\"persona-" + persona + "\"");

		HttpResponse<String> created = this.admin.submit("/admin/spaces",
				Map.of("name", "Onboarding " + tag, "description", "First weeks", "personas", persona.toString()));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		SpaceDetails space = named("Onboarding " + tag);
		assertThat(location(created)).isEqualTo("/admin/spaces/" + space.id());
		assertThat(space.description()).isEqualTo("First weeks");
		assertThat(space.personas()).extracting(Personas.Named::id).containsExactly(persona);
		assertThat(this.admin.follow(created).body()).contains("Saved space &#39;Onboarding " + tag)
			.contains("Staff " + tag);
		assertThat(this.admin.get("/admin/spaces").body()).contains("id=\"spaces\"").contains("Onboarding " + tag);

		HttpResponse<String> edited = this.admin.submit("/admin/spaces/" + space.id() + "/edit",
				Map.of("name", "Welcome " + tag, "description", ""));
		assertThat(edited.statusCode()).isEqualTo(302);
		SpaceDetails after = this.spaces.space(space.id()).orElseThrow();
		assertThat(after.name()).isEqualTo("Welcome " + tag);
		assertThat(after.personas()).as("no box ticked: no persona").isEmpty();

		HttpResponse<String> confirm = this.admin.get("/admin/spaces/" + space.id() + "/delete");
		assertThat(confirm.body()).contains("Delete space").contains("id=\"confirm-delete\"");
		assertThat(this.spaces.space(space.id())).isPresent();
		HttpResponse<String> deleted = this.admin.submit("/admin/spaces/" + space.id() + "/delete", Map.of());
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(this.admin.follow(deleted).body()).contains("Deleted space &#39;Welcome " + tag);
		assertThat(this.spaces.space(space.id())).isEmpty();
	}

	@Test
	void aBadSpaceIsExplainedOnTheFormAndNothingIsSaved() {
		int before = this.spaces.listSpaces().size();
		this.admin.get("/admin/spaces/new");

		HttpResponse<String> refused = this.admin.submit("/admin/spaces", Map.of("name", "", "description", "kept"));

		assertThat(refused.statusCode()).isIn(400, 409);
		assertThat(refused.body()).contains("id=\"problem\"").contains("Nothing was saved.").contains("value=\"kept\"");
		assertThat(this.spaces.listSpaces()).hasSize(before);
	}

	@Test
	void membersShowWhyTheyAreThereAndAHandAddIsRemovedThroughAConfirmationPage() throws Exception {
		String tag = UserPagesTests.tag();
		String viaPersona = "sales-" + tag + "@example.com";
		UUID salesId = this.directory.createUser(viaPersona, TEST).id();
		this.directory.updateProfile(salesId, new ProfileEdit().set(ProfileField.DEPARTMENT, "Sales " + tag), TEST);
		String byHand = "guest-" + tag + "@example.com";
		UUID guestId = this.directory.createUser(byHand, TEST).id();
		UUID persona = this.personas.savePersona(null, new Personas.PersonaEdit("Sales " + tag, "",
				new ObjectMapper().readTree("{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Sales "
						+ tag + "\"}"), List.of()), "test")
			.orElseThrow()
			.id();
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Sales floor " + tag, "", List.of(persona)),
				"test").orElseThrow().id();
		this.recomputes.start("test", "test");
		this.recomputes.awaitIdle(Duration.ofSeconds(60));
		this.admin.get("/admin/spaces/" + space);

		HttpResponse<String> unknown = this.admin.submit("/admin/spaces/" + space + "/members",
				Map.of("userName", "nobody-" + tag + "@example.com"));
		HttpResponse<String> added = this.admin.submit("/admin/spaces/" + space + "/members", Map.of("userName", byHand));

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("There is no user &#39;nobody-" + tag).contains("value=\"nobody-" + tag);
		assertThat(added.statusCode()).isEqualTo(302);
		HttpResponse<String> page = this.admin.follow(added);
		assertThat(page.body()).contains("Added " + byHand)
			.contains("id=\"space-members\"")
			.contains("persona Sales " + tag)
			.contains("added by hand")
			.contains("id=\"remove-" + guestId + "\"")
			.doesNotContain("id=\"remove-" + salesId + "\"");
		assertThat(this.admin.get("/admin/users/" + guestId).body()).contains("id=\"personas-and-spaces\"")
			.contains("Sales floor " + tag)
			.contains("added by hand");
		assertThat(this.admin.get("/admin/users/" + salesId).body()).contains("id=\"user-personas\"")
			.contains("persona Sales " + tag)
			.contains("Sales floor " + tag);

		HttpResponse<String> confirm = this.admin.get("/admin/spaces/" + space + "/members/" + guestId + "/remove");
		assertThat(confirm.body()).contains("id=\"confirm-remove\"").contains("they leave the space");
		assertThat(this.spaces.spacesOf(guestId)).as("asking is not removing").hasSize(1);
		HttpResponse<String> removed = this.admin.submit("/admin/spaces/" + space + "/members/" + guestId + "/remove",
				Map.of());

		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(this.admin.follow(removed).body()).contains("no longer a member of Sales floor " + tag);
		assertThat(this.spaces.spacesOf(guestId)).isEmpty();
		assertThat(this.admin.get("/admin/users/" + guestId).body()).contains("id=\"no-personas\"");
	}

	private SpaceDetails named(String name) {
		return this.spaces.listSpaces().stream().filter((s) -> s.name().equals(name)).findFirst().orElseThrow();
	}

}
