package io.tilegate.scim;

import java.util.Map;

import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OneLogin's group provisioning: plain JSON, a SCIM 1.0 schema URN, lists without paging. */
class OneLoginGroupTests extends ScimGroupIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Test
	void aGroupWithTheScim1SchemaUrnIsCreatedFromPlainJson() {
		String name = groupName("OneLogin");

		JsonHttpResponse created = this.scim.send("POST", "/Groups",
				fixture("onelogin-create-group", Map.of("displayName", name)), JSON);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Content-Type")).startsWith("application/scim+json");
		assertThat(created.json().path("displayName").asText()).isEqualTo(name);
	}

	@Test
	void aListWithoutStartIndexOrCountIsTheFirstPage() {
		createGroup(groupName("OneLogin"));

		JsonHttpResponse list = this.scim.get("/Groups");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().path("startIndex").asInt()).isEqualTo(1);
		int total = list.json().path("totalResults").asInt();
		assertThat(total).isPositive();
		assertThat(list.json().path("itemsPerPage").asInt()).isEqualTo(Math.min(total, 100));
		assertThat(list.json().path("Resources")).hasSize(Math.min(total, 100));
	}

	@Test
	void membershipChangesByPatch() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("OneLogin"), grace);

		JsonHttpResponse added = this.scim.send("PATCH", "/Groups/" + id,
				fixture("onelogin-patch-add-member", Map.of("user", ada.id())), JSON);
		assertThat(added.status()).as(added.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id());

		JsonHttpResponse removed = this.scim.send("PATCH", "/Groups/" + id,
				fixture("onelogin-patch-remove-member", Map.of("user", grace.id())), JSON);
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactly(ada.id());
	}

}
