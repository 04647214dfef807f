package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM changes recompute personas and spaces in their own transaction, and only for the users
 * they change.
 */
class ScimPersonaTriggerTests extends ScimIntegrationTest {

	private static final ObjectMapper json = new ObjectMapper();

	@Autowired
	Personas personas;

	@Autowired
	Spaces spaces;

	@Test
	void groupPushOf200MembersRecomputesExactlyThose200Users() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		List<String> members = new ArrayList<>();
		List<String> others = new ArrayList<>();
		for (int i = 0; i < 205; i++) {
			String id = createUser("push-" + i + "-" + tag + "@example.com").path("id").asText();
			((i < 200) ? members : others).add(id);
		}
		// Saved without a recompute: a user recomputed for any reason joins "Everyone", so the
		// users who join it are exactly the users the push recomputed.
		UUID space = space("Pushed space " + tag);
		persona("Everyone " + tag, "{\"type\":\"active\"}", List.of());
		persona("Pushed " + tag, "{\"type\":\"group\",\"group\":\"pushed-" + tag + "\",\"connection\":\"okta\"}",
				List.of(space));
		StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
				+ "\"displayName\":\"pushed-" + tag + "\",\"members\":[");
		for (int i = 0; i < members.size(); i++) {
			body.append((i > 0) ? "," : "").append("{\"value\":\"").append(members.get(i)).append("\"}");
		}
		body.append("]}");

		JsonHttpResponse pushed = this.scim.post("/Groups", body.toString());

		assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
		assertThat(joinedUsers("Everyone " + tag)).containsExactlyInAnyOrderElementsOf(members);
		assertThat(joinedUsers("Pushed " + tag)).containsExactlyInAnyOrderElementsOf(members);
		assertThat(spaceJoins("Pushed space " + tag)).containsExactlyInAnyOrderElementsOf(members);
		for (String other : others) {
			assertThat(this.personas.personasOf(UUID.fromString(other))).isEmpty();
		}

		String groupId = pushed.json().path("id").asText();
		JsonHttpResponse removed = this.scim.patch("/Groups/" + groupId, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "remove", "path": "members[value eq \\"%s\\"]"}]}""".formatted(members.get(7)));
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(this.personas.personasOf(UUID.fromString(members.get(7)))).extracting(Personas.Named::name)
			.containsExactly("Everyone " + tag);
		assertThat(this.spaces.spacesOf(UUID.fromString(members.get(7)))).isEmpty();
		assertThat(this.spaces.spacesOf(UUID.fromString(members.get(8)))).extracting(Spaces.UserSpace::name)
			.containsExactly("Pushed space " + tag);

		assertThat(this.scim.delete("/Groups/" + groupId).status()).isEqualTo(204);
		assertThat(this.spaces.spacesOf(UUID.fromString(members.get(8)))).isEmpty();
		assertThat(this.personas.personasOf(UUID.fromString(members.get(8)))).extracting(Personas.Named::name)
			.containsExactly("Everyone " + tag);
	}

	@Test
	void activeFalseLeavesEverySpaceAndActiveTrueComesBack() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		UUID sales = space("Sales " + tag);
		persona("Sales people " + tag, "{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
				+ "\"value\":\"Sales " + tag + "\"}", List.of(sales));
		UUID handPicked = space("Hand-picked " + tag);
		JsonNode created = createUser("sam-" + tag + "@example.com",
				", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"department\": \"Sales " + tag
						+ "\"}");
		UUID sam = UUID.fromString(created.path("id").asText());
		assertThat(this.spaces.spacesOf(sam)).extracting(Spaces.UserSpace::name).containsExactly("Sales " + tag);
		this.spaces.addToSpace(handPicked, sam, "test");
		assertThat(this.spaces.spacesOf(sam)).hasSize(2);

		JsonHttpResponse deactivated = this.scim.patch("/Users/" + sam, ScimUserLifecycleTests.DEACTIVATE);

		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(this.spaces.spacesOf(sam)).isEmpty();
		assertThat(this.personas.personasOf(sam)).isEmpty();
		assertThat(eventsOf(EventType.SPACE_LEFT)).filteredOn((event) -> sam.equals(event.getUserId()))
			.extracting(Event::getSummary)
			.allSatisfy((summary) -> assertThat(summary).contains("the user is deactivated", "SCIM changed active"))
			.hasSize(2);

		JsonHttpResponse reactivated = this.scim.patch("/Users/" + sam, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "active", "value": true}]}""");

		assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
		assertThat(this.spaces.spacesOf(sam)).extracting(Spaces.UserSpace::name)
			.containsExactlyInAnyOrder("Sales " + tag, "Hand-picked " + tag);
		assertThat(this.personas.personasOf(sam)).extracting(Personas.Named::name).containsExactly("Sales people " + tag);
	}

	@Test
	void replacingTheDepartmentMovesTheUserInTheSameCall() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		persona("Sales dept " + tag, "{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
				+ "\"value\":\"Sales " + tag + "\"}", List.of());
		persona("Support dept " + tag, "{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\","
				+ "\"value\":\"Support " + tag + "\"}", List.of());
		String enterprise = ", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"department\": \"";
		JsonNode created = createUser("rita-" + tag + "@example.com", enterprise + "Sales " + tag + "\"}");
		UUID rita = UUID.fromString(created.path("id").asText());

		JsonHttpResponse replaced = this.scim.put("/Users/" + rita, "{\"userName\": \"rita-" + tag
				+ "@example.com\"" + enterprise + "Support " + tag + "\"}}");

		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(this.personas.personasOf(rita)).extracting(Personas.Named::name)
			.containsExactly("Support dept " + tag);
	}

	private JsonNode createUser(String userName) {
		return createUser(userName, "");
	}

	private JsonNode createUser(String userName, String moreJson) {
		JsonHttpResponse created = this.scim.post("/Users", "{\"userName\": \"" + userName + "\"" + moreJson + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private UUID space(String name) {
		return this.spaces.saveSpace(null, new Spaces.SpaceEdit(name, null, null), "test").orElseThrow().id();
	}

	private void persona(String name, String rule, List<UUID> spaces) throws Exception {
		this.personas.savePersona(null, new Personas.PersonaEdit(name, null, json.readTree(rule), spaces), "test");
	}

	private Set<String> joinedUsers(String persona) {
		return users(EventType.PERSONA_JOINED, "joined persona '" + persona + "'");
	}

	private Set<String> spaceJoins(String space) {
		return users(EventType.SPACE_JOINED, "joined space '" + space + "'");
	}

	private Set<String> users(EventType type, String summary) {
		List<String> users = this.events.search(type, null, null, 5000)
			.stream()
			.filter((event) -> event.getSummary().contains(summary))
			.map((event) -> event.getUserId().toString())
			.toList();
		assertThat(users).doesNotHaveDuplicates();
		return new HashSet<>(users);
	}

}
