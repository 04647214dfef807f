package io.tilegate.personas;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimIntegrationTest;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM writes reach personas through the directory's {@code UserChanged}, over real HTTP:
 * nothing in SCIM asks for the recompute.
 */
class UserChangedOverScimTests extends ScimIntegrationTest {

	private static final ObjectMapper json = new ObjectMapper();

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@Autowired
	private Personas personas;

	@Test
	void aUserCreatedByScimJoinsTheirPersonasInTheCreateWithItsReason() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		persona("Created in " + tag, "{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
				+ "\"value\":\"Dept " + tag + "\"}");

		UUID una = created("una-" + tag + "@example.com",
				", \"" + ENTERPRISE + "\": {\"department\": \"Dept " + tag + "\"}");

		assertThat(OwnPersonas.of(this.personas, una, tag)).containsExactly("Created in " + tag);
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_JOINED, una, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary).endsWith("; after: SCIM created the user through okta"));
	}

	@Test
	void aPatchOfSeveralFieldsRecomputesOnceNamingThemAll() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		persona("Patched in " + tag, "{\"type\":\"field\",\"field\":\"title\",\"test\":\"equals\","
				+ "\"value\":\"Title " + tag + "\"}");
		UUID pat = created("pat-" + tag + "@example.com", "");

		JsonHttpResponse patched = this.scim.patch("/Users/" + pat, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "title", "value": "Title %s"},
				                {"op": "replace", "path": "phoneNumbers", "value": [{"value": "+1 555 0100"}]}]}""".formatted(tag));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_JOINED, pat, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary.substring(summary.indexOf("; after: ") + 9))
				.matches("SCIM changed [a-zA-Z, ]*title[a-zA-Z, ]* through okta").contains("phone"));
	}

	@Test
	void aManagerCreatedByScimGivesTheReportWaitingForThemTheirChain() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		UUID top = created("top-" + tag + "@example.com", "");
		UUID report = created("report-" + tag + "@example.com",
				", \"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"mid-" + tag + "@example.com\"}}");
		persona("Under top " + tag, "{\"type\":\"manager\",\"user\":\"" + top + "\",\"chain\":true}");
		assertThat(OwnPersonas.of(this.personas, report, tag)).isEmpty();

		UUID mid = created("mid-" + tag + "@example.com",
				", \"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"" + top + "\"}}");

		assertThat(OwnPersonas.of(this.personas, mid, tag)).containsExactly("Under top " + tag);
		assertThat(OwnPersonas.of(this.personas, report, tag)).containsExactly("Under top " + tag);
		assertThat(OwnPersonas.events(this.events, EventType.PERSONA_JOINED, report, tag)).singleElement()
			.satisfies((summary) -> assertThat(summary)
				.endsWith("; after: manager mid-" + tag + "@example.com resolved"));
	}

	private UUID created(String userName, String moreJson) {
		JsonHttpResponse created = this.scim.post("/Users", "{\"userName\": \"" + userName + "\"" + moreJson + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.json().path("id").asText());
	}

	private void persona(String name, String rule) throws Exception {
		this.personas.savePersona(null, new Personas.PersonaEdit(name, null, json.readTree(rule), List.of()), "test");
	}

}
