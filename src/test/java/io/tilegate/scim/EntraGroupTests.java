package io.tilegate.scim;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Microsoft Entra's group provisioning, with the bodies Entra sends. */
class EntraGroupTests extends ScimGroupIntegrationTest {

	@Test
	void aGroupWithTheMicrosoftSchemaUrnIsCreated() {
		String name = groupName("Entra");
		String externalId = UUID.randomUUID().toString();

		JsonHttpResponse created = this.scim.post("/Groups",
				fixture("entra-create-group", Map.of("displayName", name, "externalId", externalId)));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("externalId").asText()).isEqualTo(externalId);
		JsonHttpResponse byName = this.scim
			.get("/Groups?excludedAttributes=members&filter=" + ScimHttp.q("displayName eq \"" + name + "\""));
		assertThat(byName.json().path("Resources").get(0).path("id").asText())
			.isEqualTo(created.json().path("id").asText());
		JsonHttpResponse byExternalId = this.scim
			.get("/Groups?filter=" + ScimHttp.q("externalId eq \"" + externalId + "\""));
		assertThat(byExternalId.json().path("totalResults").asInt()).isEqualTo(1);
	}

	@Test
	void capitalisedOpsAddAndRemoveMembersAndRename() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Entra"));

		JsonHttpResponse added = this.scim.patch("/Groups/" + id,
				fixture("entra-patch-add-members", Map.of("user1", ada.id(), "user2", grace.id())));
		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id());

		JsonHttpResponse removed = this.scim.patch("/Groups/" + id,
				fixture("entra-patch-remove-members", Map.of("user", ada.id())));
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactly(grace.id());

		String renamed = groupName("Entra renamed");
		JsonHttpResponse replaced = this.scim.patch("/Groups/" + id,
				fixture("entra-patch-replace-display-name", Map.of("displayName", renamed)));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(204);
		JsonNode group = this.scim.get("/Groups/" + id + "?excludedAttributes=members").json();
		assertThat(group.path("displayName").asText()).isEqualTo(renamed);
		assertThat(group.has("members")).isFalse();
	}

	@Test
	void operationsNamedAsMicrosoftsTestCollectionNamesThemAddAndRemoveMembers() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String name = groupName("Entra");
		String id = createGroup(name, grace);

		JsonHttpResponse added = this.scim.patch("/Groups/" + id,
				fixture("microsoft-patch-add-member-named", Map.of("user", ada.id())));

		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		assertThat(added.header("ETag")).isEqualTo("W/\"1\"");
		JsonNode group = this.scim.get("/Groups/" + id).json();
		assertThat(group.path("displayName").asText()).isEqualTo(name);
		assertThat(values(group.path("members"), "value")).containsExactlyInAnyOrder(ada.id(), grace.id());
		assertThat(values(group.path("members"), "display")).containsExactlyInAnyOrder(ada.userName(),
				grace.userName());
		assertThat(values(group.path("members"), "type")).containsOnly("User");

		JsonHttpResponse removed = this.scim.patch("/Groups/" + id,
				fixture("microsoft-patch-remove-member-named", Map.of("user", grace.id())));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		group = this.scim.get("/Groups/" + id).json();
		assertThat(values(group.path("members"), "value")).containsExactly(ada.id());
		assertThat(group.path("meta").path("version").asText()).isEqualTo("W/\"2\"");
	}

	@Test
	void removingSomeoneWhoIsNoLongerAMemberSucceeds() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Entra"), grace);

		JsonHttpResponse removed = this.scim.patch("/Groups/" + id,
				fixture("entra-patch-remove-members", Map.of("user", ada.id())));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactly(grace.id());
	}

	@Test
	void aLookupOfAGroupThatDoesNotExistIsAnEmptyList() {
		JsonHttpResponse response = this.scim.get("/Groups?excludedAttributes=members&filter="
				+ ScimHttp.q("displayName eq \"" + UUID.randomUUID() + "\""));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("totalResults").asInt()).isZero();
		assertThat(response.json().path("Resources").isArray()).isTrue();
		assertThat(response.json().path("Resources")).isEmpty();
	}

}
