package io.tilegate.scim;

import java.util.Locale;

import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What member adds and removes in a group PATCH do, shape by shape, as clients send them:
 * members are told apart by id in any case, a member added twice is there once, a remove of
 * someone who is not a member is no error, and what is not a user is still refused.
 */
class ScimGroupMemberPatchTests extends ScimGroupIntegrationTest {

	@Test
	void anAddNamingAMemberAgainOrTwiceAddsThemOnce() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Twice"), ada);

		JsonHttpResponse added = this.scim.patch("/Groups/" + id, patch("""
				{"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s", "display": "Ada"},
				  {"value": "%s"}, {"value": " %s "}]}""".formatted(ada.id().toUpperCase(Locale.ROOT), ada.id(),
				grace.id(), grace.id())));

		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id());
	}

	@Test
	void removesMatchIdsInAnyCaseAndIgnoreNonMembers() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		TestUser linus = user("linus");
		TestUser ken = user("ken");
		TestUser outsider = user("outsider");
		String id = createGroup(groupName("Removes"), ada, grace, linus, ken);

		JsonHttpResponse removed = this.scim.patch("/Groups/" + id, patch("""
				{"op": "Remove", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]},
				{"op": "remove", "path": "members[value eq \\"%s\\"]"},
				{"op": "remove", "path": "members[value eq \\"%s\\" or value eq \\"%s\\"]"}""".formatted(
				ada.id().toUpperCase(Locale.ROOT), outsider.id(), grace.id(), linus.id(), outsider.id())));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactly(ken.id());
	}

	@Test
	void addAndRemoveApplyInTheirOrder() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Order"), ada);

		JsonHttpResponse patched = this.scim.patch("/Groups/" + id, patch("""
				{"op": "remove", "path": "members[value eq \\"%1$s\\"]"},
				{"op": "add", "path": "members", "value": [{"value": "%1$s"}, {"value": "%2$s"}]},
				{"op": "remove", "path": "members", "value": [{"value": "%2$s"}]},
				{"op": "add", "value": {"members": [{"value": "%2$s"}]}},
				{"op": "replace", "path": "displayName", "value": "Order renamed %1$s"}""".formatted(ada.id(),
				grace.id())));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id());
		assertThat(this.scim.get("/Groups/" + id).json().path("displayName").asText()).startsWith("Order renamed");
	}

	@Test
	void removingEveryMemberOneByOneLeavesAnEmptyGroup() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Empty"), ada, grace);

		JsonHttpResponse emptied = this.scim.patch("/Groups/" + id, patch("""
				{"op": "remove", "path": "members[value eq \\"%s\\"]"},
				{"op": "remove", "path": "members", "value": [{"value": "%s"}]},
				{"op": "remove", "path": "members[value eq \\"%s\\"]"}""".formatted(ada.id(), grace.id(), ada.id())));

		assertThat(emptied.status()).as(emptied.toString()).isEqualTo(204);
		assertThat(memberIds(id)).isEmpty();
	}

	@Test
	void otherShapesStillWork() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Shapes"), ada, grace);

		JsonHttpResponse byDisplay = this.scim.patch("/Groups/" + id, patch("""
				{"op": "remove", "path": "members[display eq \\"%s\\"]"}""".formatted(grace.userName())));
		assertThat(byDisplay.status()).as(byDisplay.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactly(ada.id());

		JsonHttpResponse all = this.scim.patch("/Groups/" + id, patch("{\"op\": \"remove\", \"path\": \"members\"}"));
		assertThat(all.status()).as(all.toString()).isEqualTo(204);
		assertThat(memberIds(id)).isEmpty();
	}

	@Test
	void whatIsNoUserIsStillRefused() {
		TestUser ada = user("ada");
		String inner = createGroup(groupName("Inner"));
		String id = createGroup(groupName("Outer"), ada);

		assertError(this.scim.patch("/Groups/" + id, patch("""
				{"op": "add", "path": "members", "value": [{"value": "%s", "type": "Group"}]}""".formatted(inner))), 400,
				"invalidValue");
		assertError(this.scim.patch("/Groups/" + id, patch("""
				{"op": "add", "path": "members", "value": [{"value": "%s", "type": "Group"}]}""".formatted(ada.id()))),
				400, "invalidValue");
		assertError(this.scim.patch("/Groups/" + id, patch("""
				{"op": "add", "path": "members", "value": ["%s"]}""".formatted(ada.id()))), 400, "invalidValue");
		assertError(this.scim.patch("/Groups/" + id, patch("""
				{"op": "add", "path": "members", "value": [{"value": 42}]}""")), 400, "invalidValue");
		assertThat(this.scim.patch("/Groups/" + id, patch("""
				{"op": "remove", "path": "members", "value": [{"display": "Ada"}]}""")).status()).isEqualTo(400);
		assertThat(this.scim.get("/Groups/" + id).json().path("meta").path("version").asText()).isEqualTo("W/\"0\"");
	}

	private static String patch(String operations) {
		return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations
				+ "]}";
	}

}
