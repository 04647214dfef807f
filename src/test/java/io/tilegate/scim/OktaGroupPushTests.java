package io.tilegate.scim;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Okta's Group Push, call by call, with the bodies Okta sends. */
class OktaGroupPushTests extends ScimGroupIntegrationTest {

	@Test
	void pushCreatesAnEmptyGroupThenLooksItUpByNameWithoutMembers() {
		String name = groupName("Okta Push");

		JsonHttpResponse created = this.scim.post("/Groups",
				fixture("okta-group-push-create", Map.of("displayName", name)));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(created.header("Location")).isEqualTo(BASE + "/scim/v2/Groups/" + id);
		assertThat(created.json().path("members").isArray()).isTrue();
		JsonHttpResponse found = this.scim.get("/Groups?filter="
				+ ScimHttp.q("displayName eq \"" + name.toUpperCase() + "\"") + "&startIndex=1&count=100"
				+ "&excludedAttributes=members");
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.json().path("totalResults").asInt()).isEqualTo(1);
		JsonNode group = found.json().path("Resources").get(0);
		assertThat(group.path("id").asText()).isEqualTo(id);
		assertThat(group.path("displayName").asText()).isEqualTo(name);
		assertThat(group.has("members")).isFalse();
	}

	@Test
	void aMembershipPatchCarriesTheNameAndMembersWithoutType() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String name = groupName("Okta Push");
		String id = createGroup(name);

		JsonHttpResponse added = this.scim.patch("/Groups/" + id,
				fixture("okta-group-push-rename-with-member-add", Map.of("groupId", id, "displayName", name, "user1",
						ada.id(), "user1Name", ada.userName(), "user2", grace.id(), "user2Name", grace.userName())));

		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		assertThat(added.header("ETag")).isEqualTo("W/\"1\"");
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id());

		String renamed = name + " renamed";
		JsonHttpResponse removed = this.scim.patch("/Groups/" + id, fixture("okta-group-push-rename-with-member-remove",
				Map.of("groupId", id, "displayName", renamed, "user", ada.id())));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		JsonNode group = this.scim.get("/Groups/" + id).json();
		assertThat(group.path("displayName").asText()).isEqualTo(renamed);
		assertThat(values(group.path("members"), "value")).containsExactly(grace.id());
		assertThat(group.path("meta").path("version").asText()).isEqualTo("W/\"2\"");
	}

	@Test
	void theNameThatComesWithEveryPatchChangesNothingWhenItIsTheSame() {
		TestUser ada = user("ada");
		String name = groupName("Okta Push");
		String id = createGroup(name, ada);
		String before = this.scim.get("/Groups/" + id).json().path("meta").toString();

		JsonHttpResponse same = this.scim.patch("/Groups/" + id,
				fixture("okta-group-push-rename", Map.of("groupId", id, "displayName", name)));

		assertThat(same.status()).isEqualTo(204);
		assertThat(same.header("ETag")).isEqualTo("W/\"0\"");
		assertThat(this.scim.get("/Groups/" + id).json().path("meta").toString()).isEqualTo(before);
		assertThat(memberIds(id)).containsExactly(ada.id());
	}

	@Test
	void unlinkingAPushedGroupDeletesIt() {
		TestUser ada = user("ada");
		String id = createGroup(groupName("Okta Push"), ada);

		assertThat(this.scim.delete("/Groups/" + id).status()).isEqualTo(204);

		assertThat(this.scim.get("/Groups/" + id).status()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from group_membership where user_id = ?", Integer.class,
				java.util.UUID.fromString(ada.id()))).isZero();
	}

}
