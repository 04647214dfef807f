package io.tilegate.scim;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client gets for a body Tilegate will not take, and that it leaves nothing written. */
class ScimUserErrorTests extends ScimIntegrationTest {

	@Autowired
	Directory directory;

	@Autowired
	CustomFields customFields;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void invalidJsonIsInvalidSyntax() {
		for (String body : List.of("{\"userName\": ", "[1, 2]", "userName=x", "")) {
			JsonHttpResponse response = this.scim.send("POST", "/Users", body,
					Map.of("Content-Type", "application/scim+json"));
			assertError(response, 400, "invalidSyntax");
		}
	}

	@Test
	void aKnownAttributeOfTheWrongTypeIsInvalidValue() {
		String userName = unique("typed");
		for (String body : List.of("{\"userName\": 5}", "{\"userName\": \"" + userName + "\", \"emails\": \"x\"}",
				"{\"userName\": \"" + userName + "\", \"active\": \"maybe\"}",
				"{\"userName\": \"" + userName + "\", \"name\": \"Ada Lovelace\"}",
				"{\"userName\": \"" + userName + "\", \"emails\": [\"ada@example.com\"]}",
				"{\"userName\": \"" + userName + "\", \"emails\": [{\"value\": \"a@b\", \"primary\": \"often\"}]}",
				"{\"userName\": \"" + userName + "\", \"title\": [\"Dr\"]}",
				"{\"userName\": \"" + userName + "\", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": "
						+ "{\"manager\": 42}}",
				"{\"userName\": \"" + userName + "\", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": "
						+ "\"Research\"}")) {
			assertError(this.scim.post("/Users", body), 400, "invalidValue");
		}
		assertNoUser(userName);
	}

	@Test
	void aMissingUserNameIsInvalidValue() {
		JsonHttpResponse response = this.scim.post("/Users", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "name": {"givenName": "Nobody"}}""");

		assertError(response, 400, "invalidValue");
		assertThat(response.json().path("detail").asText()).contains("userName");
		assertError(this.scim.post("/Users", "{\"userName\": \"  \"}"), 400, "invalidValue");
	}

	@Test
	void aValueTooLongForTilegateIsInvalidValueNamingTheAttribute() {
		String userName = unique("long");
		JsonHttpResponse title = this.scim.post("/Users",
				"{\"userName\": \"" + userName + "\", \"title\": \"" + "T".repeat(256) + "\"}");
		JsonHttpResponse phone = this.scim.post("/Users", "{\"userName\": \"" + userName
				+ "\", \"phoneNumbers\": [{\"value\": \"" + "1".repeat(65) + "\"}]}");
		JsonHttpResponse longName = this.scim.post("/Users", "{\"userName\": \"" + "u".repeat(256) + "\"}");

		assertError(title, 400, "invalidValue");
		assertThat(title.json().path("detail").asText()).contains("title").contains("255");
		assertError(phone, 400, "invalidValue");
		assertThat(phone.json().path("detail").asText()).contains("phoneNumbers.value");
		assertError(longName, 400, "invalidValue");
		assertThat(longName.json().path("detail").asText()).contains("userName");
		assertNoUser(userName);
	}

	@Test
	void anUndefinedCustomFieldIsInvalidValueSayingWhatToDo() {
		String userName = unique("custom");

		JsonHttpResponse response = this.scim.post("/Users", """
				{"userName": "%s",
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"shoeSize": "44"}}""".formatted(userName));

		assertError(response, 400, "invalidValue");
		assertThat(response.json().path("detail").asText()).contains("shoeSize")
			.contains("Define the custom field")
			.contains("remove the mapping in the IdP");
		assertNoUser(userName);
	}

	@Test
	void aHireDateThatIsNoDateIsInvalidValue() {
		String userName = unique("hired");

		JsonHttpResponse response = this.scim.post("/Users", """
				{"userName": "%s",
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"hireDate": "next tuesday"}}"""
			.formatted(userName));

		assertError(response, 400, "invalidValue");
		assertThat(response.json().path("detail").asText()).contains("next tuesday").contains("yyyy-MM-dd");
		assertNoUser(userName);
	}

	@Test
	void nobodyIsTheirOwnManager() {
		String userName = unique("self");
		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "externalId": "self-ext",
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "self-ext"}}}"""
			.formatted(userName));
		assertError(created, 400, "invalidValue");
		assertThat(created.json().path("detail").asText()).contains("themselves");
		assertNoUser(userName);

		JsonNode user = this.scim.post("/Users", "{\"userName\": \"" + userName + "\"}").json();
		String id = user.path("id").asText();
		JsonHttpResponse patched = this.scim.patch("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
				   "value": {"value": "%s"}}]}""".formatted(id));
		assertError(patched, 400, "invalidValue");
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(user);
	}

	@Test
	void aFailedReplaceChangesNothing() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		String userName = unique("atomic");
		JsonNode user = this.scim.post("/Users", """
				{"userName": "%s", "name": {"givenName": "Before"}, "title": "Before",
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"costCenter": "CC-1"}}"""
			.formatted(userName)).json();
		String id = user.path("id").asText();
		long eventsBefore = eventsOf(EventType.USER_UPDATED).stream().filter((e) -> userName.equals(e.getUserName())).count();

		// Each is refused after the profile fields before it were already applied to the user.
		List<JsonHttpResponse> refused = List.of(this.scim.put("/Users/" + id, """
				{"userName": "%s-renamed", "name": {"givenName": "After"}, "title": "After", "active": false,
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "%s"}}}"""
			.formatted(userName, id)),
				this.scim.put("/Users/" + id, """
						{"userName": "%s", "name": {"givenName": "After"}, "active": false,
						 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"costCenter": "CC-2", "nope": "x"}}"""
					.formatted(userName)),
				this.scim.patch("/Users/" + id, """
						{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
						 "Operations": [{"op": "replace", "path": "title", "value": "After"},
						   {"op": "replace", "value": {"active": false}},
						   {"op": "replace", "path": "emails[type eq \\"home\\" or primary eq false].value", "value": "x@y"}]}"""));

		for (JsonHttpResponse response : refused) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
		}
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(user);
		assertThat(this.directory.isActive(UUID.fromString(id))).isTrue();
		assertThat(eventsOf(EventType.USER_UPDATED).stream().filter((e) -> userName.equals(e.getUserName())).count())
			.isEqualTo(eventsBefore);
		assertThat(eventsOf(EventType.USER_DEACTIVATED)).noneMatch((e) -> userName.equals(e.getUserName()));
	}

	@Test
	void aPatchThatIsNoPatchOpIsInvalidSyntax() {
		String id = this.scim.post("/Users", "{\"userName\": \"" + unique("patchy") + "\"}").json().path("id").asText();

		assertError(this.scim.patch("/Users/" + id, "{\"op\": \"replace\", \"path\": \"title\", \"value\": \"x\"}"), 400,
				"invalidSyntax");
		assertError(this.scim.patch("/Users/" + id, "{\"Operations\": [{\"op\": \"frobnicate\", \"path\": \"title\"}]}"),
				400, "invalidSyntax");
		assertError(this.scim.patch("/Users/" + id, "{\"Operations\": [{\"op\": \"add\", \"path\": \"ti tle[\", "
				+ "\"value\": \"x\"}]}"), 400, "invalidPath");
	}

	private void assertNoUser(String userName) {
		assertThat(this.jdbc.queryForObject("select count(*) from app_user where user_name_key = lower(?)",
				Integer.class, userName)).isZero();
	}

	static void assertError(JsonHttpResponse response, int status, String scimType) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		JsonNode error = response.json();
		assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(error.path("status").asText()).isEqualTo(String.valueOf(status));
		assertThat(error.path("scimType").asText()).isEqualTo(scimType);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
