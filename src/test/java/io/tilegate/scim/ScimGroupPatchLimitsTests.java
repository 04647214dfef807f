package io.tilegate.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many members one group PATCH may name, over real HTTP: a client that names thousands
 * gets a quick refusal that tells it to split them, not a thread held for the whole
 * comparison of each value with every other; and up to that many change a large group
 * at once. Run on H2 and on PostgreSQL.
 */
abstract class ScimGroupPatchLimitsTests extends ScimGroupIntegrationTest {

	/** {@code tilegate.scim.max-patch-members} unless configured. */
	private static final int CAP = 1000;

	static final String EXTENSION = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:ServiceProviderConfig";

	@Test
	void tenThousandUnknownMembersAreRefusedWithTheCapAndNothingChanges() {
		TestUser ada = user("ada");
		String name = groupName("Huge");
		String id = createGroup(name, ada);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(UUID.randomUUID().toString());
		}

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id, addMembers(ids));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains("10000 members", "at most " + CAP,
				"tilegate.scim.max-patch-members", "several requests");
		assertUnchanged(id, name, ada);
	}

	@Test
	void theCapCountsTheMembersOfEveryOperation() {
		TestUser ada = user("ada");
		String name = groupName("Split");
		String id = createGroup(name, ada);
		List<String> known = users(CAP + 1);

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "replace", "path": "displayName", "value": "%s"},
				  {"op": "add", "path": "members", "value": %s},
				  {"op": "remove", "path": "members", "value": [{"value": "%s"}]},
				  {"op": "add", "value": {"members": %s}}]}"""
			.formatted(name + " renamed", values(known.subList(0, 600)), ada.id(),
					values(known.subList(600, known.size()))));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains((CAP + 2) + " members", "at most " + CAP);
		assertUnchanged(id, name, ada);
	}

	@Test
	void aThousandKnownMembersAreAddedInOnePatch() {
		TestUser ada = user("ada");
		String id = createGroup(groupName("Thousand"), ada);
		List<String> known = users(CAP);

		JsonHttpResponse added = this.scim.patch("/Groups/" + id, addMembers(known));

		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		List<String> expected = new ArrayList<>(known);
		expected.add(ada.id());
		assertThat(memberIds(id)).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void aThousandMemberChangesToAGroupOfTenThousandLand() {
		String id = createGroup(groupName("Large"));
		List<String> members = users(10_000);
		join(id, members);
		List<String> newcomers = users(50);
		StringBuilder operations = new StringBuilder("{\"op\": \"Remove\", \"path\": \"members\", \"value\": "
				+ values(members.subList(0, 900)) + "}");
		for (String leaver : members.subList(900, 950)) {
			operations.append(", {\"op\": \"remove\", \"path\": \"members[value eq \\\"").append(leaver)
				.append("\\\"]\"}");
		}
		operations.append(", {\"op\": \"add\", \"path\": \"members\", \"value\": ").append(values(newcomers))
			.append('}');

		JsonHttpResponse patched = this.scim.patch("/Groups/" + id,
				"{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations
						+ "]}");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(204);
		List<String> expected = new ArrayList<>(members.subList(950, members.size()));
		expected.addAll(newcomers);
		assertThat(memberIds(id)).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void unknownMembersUnderTheCapAreNamedAndNothingChanges() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String name = groupName("Some");
		String id = createGroup(name, ada);
		String unknown = UUID.randomUUID().toString();

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "replace", "path": "displayName", "value": "%s"},
				  {"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}, {"value": "not-a-uuid"}]}]}"""
			.formatted(name + " renamed", grace.id(), unknown));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains("No user has the id", "'" + unknown + "'",
				"'not-a-uuid'", "push the user before adding them to a group", "Nothing was changed.")
			.doesNotContain(grace.id());
		assertUnchanged(id, name, ada);
	}

	@Test
	void serviceProviderConfigAdvertisesTheCapInAnExtension() {
		JsonNode config = this.scim.get("/ServiceProviderConfig").json();

		assertThat(config.path("schemas")).hasSize(2);
		assertThat(config.path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
		assertThat(config.path("schemas").get(1).asText()).isEqualTo(EXTENSION);
		assertThat(config.path(EXTENSION).path("maxPatchMembers").asInt()).isEqualTo(CAP);
		assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
	}

	/** Name, members and version as {@link #createGroup} left them. */
	private void assertUnchanged(String id, String name, TestUser member) {
		JsonNode group = this.scim.get("/Groups/" + id).json();
		assertThat(group.path("displayName").asText()).isEqualTo(name);
		assertThat(values(group.path("members"), "value")).containsExactly(member.id());
		assertThat(group.path("meta").path("version").asText()).isEqualTo("W/\"0\"");
	}

	private static String addMembers(List<String> ids) {
		return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
				+ "[{\"op\": \"add\", \"path\": \"members\", \"value\": " + values(ids) + "}]}";
	}

	private static String values(List<String> ids) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < ids.size(); i++) {
			json.append(i > 0 ? ", " : "").append("{\"value\": \"").append(ids.get(i)).append("\"}");
		}
		return json.append(']').toString();
	}

}
