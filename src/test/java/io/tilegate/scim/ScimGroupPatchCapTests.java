package io.tilegate.scim;

import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tilegate.scim.max-patch-members} set lower: what is advertised and what is refused follow it. */
@TestPropertySource(properties = "tilegate.scim.max-patch-members=3")
class ScimGroupPatchCapTests extends ScimGroupIntegrationTest {

	@Test
	void theConfiguredCapIsAdvertisedAndKept() {
		assertThat(this.scim.get("/ServiceProviderConfig").json().path(ScimGroupPatchLimitsTests.EXTENSION)
			.path("maxPatchMembers").asInt()).isEqualTo(3);
		TestUser a = user("a");
		TestUser b = user("b");
		TestUser c = user("c");
		TestUser d = user("d");
		String id = createGroup(groupName("Capped"), a, b);

		JsonHttpResponse four = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "Add", "path": "members", "value": [{"$ref": null, "value": "%s"}, {"$ref": null, "value": "%s"}]},
				  {"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "%s"}, {"$ref": null, "value": "%s"}]}]}"""
			.formatted(c.id(), d.id(), a.id(), b.id()));
		assertError(four, 400, "invalidValue");
		assertThat(four.json().path("detail").asText()).contains("names 4 members", "at most 3");

		JsonHttpResponse oktaRemoves = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "remove", "path": "members[value eq \\"%s\\"]"},
				  {"op": "remove", "path": "members[value eq \\"%s\\"]"},
				  {"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}]}"""
			.formatted(a.id(), b.id(), c.id(), d.id()));
		assertError(oktaRemoves, 400, "invalidValue");
		assertThat(memberIds(id)).containsExactlyInAnyOrder(a.id(), b.id());

		JsonHttpResponse three = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "remove", "path": "members[value eq \\"%s\\"]"},
				  {"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}]}"""
			.formatted(a.id(), c.id(), d.id()));
		assertThat(three.status()).as(three.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(b.id(), c.id(), d.id());
	}

}
