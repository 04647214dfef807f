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
 * What Tilegate cannot keep is refused out loud (RFC 7644 §3.5.2, §3.12), where it used to be
 * dropped with a 200: an attribute not in /Schemas is {@code invalidPath}, a read-only one
 * {@code mutability}, a schema URN Tilegate does not serve {@code invalidPath}. A refused
 * request writes nothing: the user reads back at the same version.
 */
class ScimUserAttributeRefusalTests extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@Test
	void patchOfAnAttributeNotInTheSchemasIsInvalidPathAndWritesNothing() {
		JsonNode user = createUser();

		JsonHttpResponse unknownPath = patch(user, """
				{"op": "replace", "path": "title", "value": "Changed"},
				{"op": "replace", "path": "favoriteColor", "value": "blue"}""");
		JsonHttpResponse unknownSubAttribute = patch(user, """
				{"op": "replace", "path": "name.nickname", "value": "Bob"}""");
		JsonHttpResponse unknownFilterAttribute = patch(user, """
				{"op": "replace", "path": "emails[kind eq \\"work\\"].value", "value": "x@example.com"}""");
		JsonHttpResponse unknownInValue = patch(user, """
				{"op": "replace", "value": {"title": "Changed", "favoriteColor": "blue"}}""");
		JsonHttpResponse unknownRemove = patch(user, """
				{"op": "remove", "path": "favoriteColor"}""");

		for (JsonHttpResponse response : List.of(unknownPath, unknownSubAttribute, unknownFilterAttribute,
				unknownInValue, unknownRemove)) {
			assertError(response, 400, "invalidPath");
			assertThat(response.json().path("detail").asText()).contains("/Schemas");
		}
		assertUnchanged(user);
	}

	@Test
	void patchOfIdGroupsOrMetaIsMutabilityAndWritesNothing() {
		JsonNode user = createUser();

		for (String operation : List.of("{\"op\": \"replace\", \"path\": \"id\", \"value\": \"" + UUID.randomUUID() + "\"}",
				"{\"op\": \"add\", \"path\": \"groups\", \"value\": [{\"value\": \"" + UUID.randomUUID() + "\"}]}",
				"{\"op\": \"remove\", \"path\": \"groups\"}",
				"{\"op\": \"replace\", \"path\": \"meta.created\", \"value\": \"2020-01-01T00:00:00Z\"}",
				"{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager.displayName\", \"value\": \"Boss\"}",
				"{\"op\": \"replace\", \"value\": {\"id\": \"" + UUID.randomUUID() + "\"}}")) {
			JsonHttpResponse response = patch(user, operation);
			assertError(response, 400, "mutability");
			assertThat(response.json().path("detail").asText()).as(operation).contains("read-only");
		}
		assertUnchanged(user);
	}

	@Test
	void patchUnderAWrongExtensionUrnIsInvalidPathAndWritesNothing() {
		JsonNode user = createUser();

		for (String operation : List.of(
				"{\"op\": \"replace\", \"path\": \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr:department\", "
						+ "\"value\": \"Audit\"}",
				"{\"op\": \"add\", \"path\": \"urn:example:custom:2.0:User:badge\", \"value\": \"B-7\"}",
				"{\"op\": \"replace\", \"value\": {\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr\": "
						+ "{\"department\": \"Audit\"}}}",
				"{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":badge\", \"value\": \"B-7\"}")) {
			JsonHttpResponse response = patch(user, operation);
			assertError(response, 400, "invalidPath");
		}
		assertUnchanged(user);
	}

	/** /Schemas and what is kept cannot drift: every writable text attribute it lists is kept. */
	@Test
	void everyWritableTextAttributeInSchemasIsKeptAndReadBack() {
		List<String> checked = new ArrayList<>();
		for (String urn : List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE)) {
			String prefix = urn.equals(ENTERPRISE) ? ENTERPRISE + ":" : "";
			for (JsonNode attribute : this.scim.get("/Schemas/" + urn).json().path("attributes")) {
				String name = attribute.path("name").asText();
				if (!attribute.path("mutability").asText().equals("readWrite")
						|| !List.of("string", "reference").contains(attribute.path("type").asText())) {
					continue;
				}
				JsonNode user = createUser();
				String value = name.equals("userName") ? "renamed-" + UUID.randomUUID() + "@example.com" : "v-" + name;

				JsonHttpResponse patched = patch(user, """
						{"op": "replace", "path": "%s%s", "value": "%s"}""".formatted(prefix, name, value));

				assertThat(patched.status()).as(name + ": " + patched).isEqualTo(200);
				JsonNode read = this.scim.get("/Users/" + user.path("id").asText()).json();
				JsonNode container = urn.equals(ENTERPRISE) ? read.path(ENTERPRISE) : read;
				assertThat(container.path(name).asText()).as(name).isEqualTo(value);
				assertThat(read.path("meta").path("version").asText()).as(name)
					.isNotEqualTo(user.path("meta").path("version").asText());
				checked.add(name);
			}
		}
		assertThat(checked).contains("displayName", "nickName", "profileUrl", "userType", "preferredLanguage", "locale",
				"timezone", "title", "costCenter", "division", "organization", "department", "employeeNumber");
	}

	@Test
	void patchReplacingDisplayNameBumpsTheVersion() {
		JsonNode user = createUser();

		JsonHttpResponse patched = patch(user, """
				{"op": "replace", "path": "displayName", "value": "Ada King, Countess of Lovelace"}""");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.header("ETag")).isNotEqualTo(user.path("meta").path("version").asText())
			.isEqualTo(patched.json().path("meta").path("version").asText());
		JsonNode read = this.scim.get("/Users/" + user.path("id").asText()).json();
		assertThat(read.path("displayName").asText()).isEqualTo("Ada King, Countess of Lovelace");
		assertThat(read).isEqualTo(patched.json());
	}

	@Test
	void createOrReplaceWithAnAttributeNotInTheSchemasIsInvalidPathNamingIt() {
		String userName = "refused-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "favoriteColor": "blue"}""".formatted(userName));
		JsonHttpResponse subAttribute = this.scim.post("/Users", """
				{"userName": "%s", "emails": [{"value": "%s", "label": "work"}]}""".formatted(userName, userName));
		JsonHttpResponse enterprise = this.scim.post("/Users", """
				{"userName": "%s", "%s": {"region": "EMEA"}}""".formatted(userName, ENTERPRISE));
		JsonHttpResponse wrongUrn = this.scim.post("/Users", """
				{"userName": "%s", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr": {"department": "A"}}"""
			.formatted(userName));

		assertError(created, 400, "invalidPath");
		assertThat(created.json().path("detail").asText()).contains("'favoriteColor'");
		assertError(subAttribute, 400, "invalidPath");
		assertThat(subAttribute.json().path("detail").asText()).contains("'emails.label'");
		assertError(enterprise, 400, "invalidPath");
		assertThat(enterprise.json().path("detail").asText()).contains(ENTERPRISE + ":region");
		assertError(wrongUrn, 400, "invalidPath");
		assertThat(this.scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + userName + "\"")).json()
			.path("totalResults").asInt()).isZero();

		JsonNode user = createUser();
		JsonHttpResponse replaced = this.scim.put("/Users/" + user.path("id").asText(), """
				{"userName": "%s", "title": "Changed", "favoriteColor": "blue"}""".formatted(user.path("userName").asText()));
		assertError(replaced, 400, "invalidPath");
		assertUnchanged(user);
	}

	@Test
	void readOnlyAttributesInABodyAreIgnoredAndThePasswordIsNeverKept() {
		String userName = "ignored-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "id": "%s", "password": "s3cret-%s", "groups": [{"value": "%s"}],
				 "meta": {"resourceType": "User", "created": "2001-01-01T00:00:00Z"}}"""
			.formatted(userName, UUID.randomUUID(), userName, UUID.randomUUID()));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().has("groups")).isFalse();
		assertThat(created.json().has("password")).isFalse();
		assertThat(created.json().path("meta").path("created").asText()).doesNotStartWith("2001");
		assertThat(created.body()).doesNotContain("s3cret-");
	}

	@Test
	void valuesOfTheWrongTypeAreInvalidValueAndTooMuchToKeepIsRefused() {
		String userName = "typed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String certificate = "M".repeat(7000);
		StringBuilder roles = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			roles.append((i > 0) ? ", " : "").append("{\"value\": \"").append(certificate).append("\"}");
		}

		for (String body : List.of("{\"userName\": \"%s\", \"addresses\": \"Main Street 1\"}",
				"{\"userName\": \"%s\", \"emails\": [{\"value\": \"a@example.com\", \"primary\": \"yes\"}]}",
				"{\"userName\": \"%s\", \"name\": {\"middleName\": 7}}", "{\"userName\": \"%s\", \"locale\": [\"en\"]}",
				"{\"userName\": \"%s\", \"displayName\": \"" + "D".repeat(256) + "\"}",
				"{\"userName\": \"%s\", \"roles\": [" + roles + "]}")) {
			JsonHttpResponse response = this.scim.post("/Users", body.formatted(userName));
			assertError(response, 400, "invalidValue");
		}
		JsonHttpResponse tooMuch = this.scim.post("/Users", "{\"userName\": \"%s\", \"roles\": [%s]}".formatted(userName,
				roles));
		assertThat(tooMuch.json().path("detail").asText()).contains("at most 200000");
		assertThat(this.scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + userName + "\"")).json()
			.path("totalResults").asInt()).isZero();
	}

	private JsonNode createUser() {
		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "displayName": "Ada Lovelace", "title": "Analyst",
				 "name": {"givenName": "Ada", "familyName": "Lovelace"},
				 "emails": [{"value": "ada@example.com", "type": "work"}],
				 "%s": {"department": "Research", "division": "Engines"}}"""
			.formatted("ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", ENTERPRISE));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private JsonHttpResponse patch(JsonNode user, String operations) {
		return this.scim.patch("/Users/" + user.path("id").asText(), """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [%s]}""".formatted(operations));
	}

	/** Nothing written: the same version, and the same resource. */
	private void assertUnchanged(JsonNode user) {
		JsonNode read = this.scim.get("/Users/" + user.path("id").asText()).json();
		assertThat(read.path("meta").path("version").asText()).isEqualTo(user.path("meta").path("version").asText());
		assertThat(read).isEqualTo(user);
	}

}
