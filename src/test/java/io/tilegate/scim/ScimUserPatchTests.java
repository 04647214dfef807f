package io.tilegate.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH of a user as RFC 7644 §3.5.2 has it, beside the clients' dialects tested with each client. */
class ScimUserPatchTests extends ScimIntegrationTest {

	private static final String TILEGATE = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User";

	@Autowired
	Directory directory;

	@Autowired
	CustomFields customFields;

	private String id;

	private String userName;

	@BeforeEach
	void user() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		this.userName = "patched-" + UUID.randomUUID().toString().substring(0, 8);
		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "name": {"givenName": "Ada", "familyName": "Lovelace"}, "title": "Analyst",
				 "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
				 "%s": {"costCenter": "CC-1"}}""".formatted(this.userName, TILEGATE));
		assertThat(created.status()).isEqualTo(201);
		this.id = created.json().path("id").asText();
	}

	@Test
	void pathsMayNameSubAttributesExtensionsAndTheCoreSchema() {
		JsonNode user = patch("""
				{"op": "replace", "path": "name.familyName", "value": "Byron"},
				{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:title", "value": "Countess"},
				{"op": "replace", "path": "%s:costCenter", "value": "CC-2"},
				{"op": "add", "path": "%s:hireDate", "value": "1835-07-08"}""".formatted(TILEGATE, TILEGATE));

		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Ada");
		assertThat(user.path("name").path("familyName").asText()).isEqualTo("Byron");
		assertThat(user.path("title").asText()).isEqualTo("Countess");
		assertThat(user.path(TILEGATE).path("costCenter").asText()).isEqualTo("CC-2");
		assertThat(user.path(TILEGATE).path("hireDate").asText()).isEqualTo("1835-07-08");
		assertThat(user.has("urn:ietf:params:scim:schemas:core:2.0:User")).isFalse();
	}

	@Test
	void removeAndReplaceWithNullClear() {
		JsonNode user = patch("""
				{"op": "remove", "path": "title"},
				{"op": "replace", "path": "name.familyName", "value": null},
				{"op": "remove", "path": "emails", "value": [{"value": "ada@example.com"}]},
				{"op": "remove", "path": "%s:costCenter"}""".formatted(TILEGATE));

		assertThat(user.has("title")).isFalse();
		assertThat(user.path("name").has("familyName")).isFalse();
		assertThat(user.has("emails")).isFalse();
		assertThat(user.has(TILEGATE)).isFalse();
		assertThat(this.directory.profile(UUID.fromString(this.id)).orElseThrow().email()).isNull();
	}

	@Test
	void anAddedValueTakesThePlaceOfTheOneOfItsType() {
		JsonNode noPath = patch("""
				{"op": "add", "value": {"emails": [{"value": "countess@example.com", "type": "work", "primary": true}]}}""");
		assertThat(noPath.path("emails")).hasSize(1);
		assertThat(noPath.path("emails").get(0).path("value").asText()).isEqualTo("countess@example.com");

		JsonNode withPath = patch("""
				{"op": "add", "path": "emails", "value": [{"value": "ada@engines.example", "type": "work"}]}""");
		assertThat(withPath.path("emails").get(0).path("value").asText()).isEqualTo("ada@engines.example");

		JsonNode otherType = patch("""
				{"op": "add", "path": "emails", "value": [{"value": "ada@home.example", "type": "home"}]}""");
		assertThat(otherType.path("emails").get(0).path("value").asText()).isEqualTo("ada@engines.example");
	}

	@Test
	void aPatchThatChangesNothingWritesNothing() {
		JsonNode before = this.scim.get("/Users/" + this.id).json();

		JsonNode after = patch("""
				{"op": "replace", "path": "title", "value": "Analyst"},
				{"op": "replace", "value": {"active": true, "name": {"givenName": "Ada"}}}""");

		assertThat(after).isEqualTo(before);
	}

	@Test
	void aPatchThatCannotApplyIsRefused() {
		JsonHttpResponse noTarget = this.scim.patch("/Users/" + this.id, body("""
				{"op": "remove"}"""));
		JsonHttpResponse noValue = this.scim.patch("/Users/" + this.id, body("""
				{"op": "add"}"""));
		JsonHttpResponse wrongValue = this.scim.patch("/Users/" + this.id, body("""
				{"op": "replace", "path": "active", "value": "sometimes"}"""));

		assertError(noTarget, 400, "noTarget");
		assertError(noValue, 400, "invalidValue");
		assertError(wrongValue, 400, "invalidValue");
		assertThat(this.scim.get("/Users/" + this.id).json().path("active").asBoolean()).isTrue();
	}

	private JsonNode patch(String operations) {
		JsonHttpResponse response = this.scim.patch("/Users/" + this.id, body(operations));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(this.scim.get("/Users/" + this.id).json()).isEqualTo(response.json());
		return response.json();
	}

	private static String body(String operations) {
		return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations + "]}";
	}

}
