package io.tilegate.saml;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.Directory;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in recomputes the user's personas and spaces in its own transaction: the page after
 * the sign-in already shows them.
 */
class PersonaLoginTests extends SamlIntegrationTest {

	private static final ObjectMapper json = new ObjectMapper();

	@Autowired
	Directory directory;

	@Autowired
	Personas personas;

	@Autowired
	Spaces spaces;

	@Test
	void aSignInThatChangesTheDepartmentMovesTheUserBetweenDepartmentPersonas() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		UUID lab = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Lab " + tag, null, null), "test")
			.orElseThrow()
			.id();
		this.personas.savePersona(null, new Personas.PersonaEdit("Research " + tag, null, json.readTree(
				"{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Research " + tag + "\"}"),
				List.of(lab)), "test");
		this.personas.savePersona(null, new Personas.PersonaEdit("Engines " + tag, null, json.readTree(
				"{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Engines " + tag + "\"}"),
				List.of()), "test");
		String user = uniqueUser();

		this.browser.postResponse(CONNECTION, response(user).attribute("department", "Research " + tag).build().base64(),
				null);
		String home = this.browser.get("/").body();

		assertThat(home).contains("id=\"spaces\"", "Lab " + tag, "through persona Research " + tag)
			.doesNotContain("You are not in any space yet.");
		UUID id = this.directory.findByUserName(user).orElseThrow().id();
		assertThat(userEvents(EventType.PERSONA_JOINED, id)).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("joined persona 'Research " + tag + "'",
					"SAML sign-in through acme"));

		Browser later = new Browser(this.port);
		later.postResponse(CONNECTION, response(user).attribute("department", "Engines " + tag).build().base64(), null);
		String after = later.get("/").body();

		assertThat(after).contains("You are not in any space yet.").doesNotContain("Lab " + tag);
		assertThat(userEvents(EventType.PERSONA_LEFT, id)).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("left persona 'Research " + tag + "'"));
		assertThat(userEvents(EventType.PERSONA_JOINED, id)).hasSize(2)
			.anySatisfy((summary) -> assertThat(summary).contains("joined persona 'Engines " + tag + "'"));
		assertThat(userEvents(EventType.SPACE_LEFT, id)).singleElement()
			.satisfies((summary) -> assertThat(summary).contains("left space 'Lab " + tag + "'"));
		assertThat(this.personas.personasOf(id)).extracting(Personas.Named::name).containsExactly("Engines " + tag);
	}

	private List<String> userEvents(EventType type, UUID userId) {
		return this.events.search(type, userId, null, 100).stream().map(Event::getSummary).toList();
	}

}
