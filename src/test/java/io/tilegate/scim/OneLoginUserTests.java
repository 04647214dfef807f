package io.tilegate.scim;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What OneLogin's SCIM provisioner sends for users: its SCIM 1.1 schema URNs, single objects
 * where arrays belong, booleans as strings, {@code application/json}, lists without paging
 * parameters, and updates as PUT.
 */
class OneLoginUserTests extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	/** OneLogin's "Enterprise User Schema" template, as it arrives once its parameters are filled in. */
	static final String ONELOGIN_CREATE_USER = """
			{
			  "schemas": [
			    "urn:scim:schemas:core:1.0",
			    "urn:scim:schemas:extension:enterprise:1.0"
			  ],
			  "userName": "%1$s",
			  "name": {
			    "familyName": "Hopper",
			    "givenName": "Grace",
			    "formatted": "Grace Hopper"
			  },
			  "emails": {
			    "value": "%1$s",
			    "type": "work",
			    "primary": "true"
			  },
			  "title": "Rear Admiral",
			  "active": "%3$s",
			  "urn:scim:schemas:extension:enterprise:1.0": {
			    "department": "Navy",
			    "manager": {
			      "managerId": "%2$s",
			      "displayName": "Boss Person"
			    }
			  }
			}""";

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	Directory directory;

	@Test
	void oneLoginListsWithoutStartIndexOrCount() {
		this.scim.send("POST", "/Users", "{\"userName\": \"" + unique() + "\"}", JSON);

		JsonHttpResponse all = this.scim.get("/Users");
		JsonHttpResponse lookup = this.scim.get("/Users?filter=" + ScimHttp.q("userName eq \"nobody-" + unique() + "\""));

		assertThat(all.status()).isEqualTo(200);
		assertThat(all.json().path("startIndex").asInt()).isOne();
		assertThat(all.json().path("itemsPerPage").asInt()).isPositive()
			.isEqualTo(Math.min(100, all.json().path("totalResults").asInt()));
		assertThat(lookup.json().path("totalResults").asInt()).isZero();
	}

	@Test
	void oneLoginCreatesWithItsSchema1UrnsStringBooleansAndManagerId() {
		String boss = this.scim.send("POST", "/Users", "{\"userName\": \"" + unique() + "\"}", JSON).json().path("id").asText();
		String userName = unique();

		JsonHttpResponse created = this.scim.send("POST", "/Users",
				String.format(ONELOGIN_CREATE_USER, userName, boss, "true"), JSON);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = created.json();
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Grace");
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo(userName);
		assertThat(user.path("title").asText()).isEqualTo("Rear Admiral");
		assertThat(user.path("active").asBoolean()).isTrue();
		assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Navy");
		assertThat(user.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(boss);
	}

	@Test
	void oneLoginAcceptsSchemaUrnsTilegateDoesNotKnow() {
		String userName = unique();

		JsonHttpResponse created = this.scim.send("POST", "/Users", """
				{
				  "schemas": ["urn:scim:schemas:core:1.0", "urn:scim:onelogin:custom:1.0", "urn:example:whatever"],
				  "userName": "%s",
				  "urn:scim:onelogin:custom:1.0": {"badge": "B-7"},
				  "urn:scim:schemas:core:1.0": {"title": "Engineer"}
				}""".formatted(userName), JSON);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("title").asText()).isEqualTo("Engineer");
	}

	@Test
	void oneLoginUpdatesWithPutAndDeactivatesWithAStringFalse() {
		String boss = this.scim.send("POST", "/Users", "{\"userName\": \"" + unique() + "\"}", JSON).json().path("id").asText();
		String userName = unique();
		String id = this.scim.send("POST", "/Users", String.format(ONELOGIN_CREATE_USER, userName, boss, "true"), JSON)
			.json()
			.path("id")
			.asText();

		JsonHttpResponse updated = this.scim.send("PUT", "/Users/" + id,
				String.format(ONELOGIN_CREATE_USER, userName, boss, "false").replace("Rear Admiral", "Commodore"), JSON);

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("title").asText()).isEqualTo("Commodore");
		assertThat(updated.json().path("active").asBoolean()).isFalse();
		assertThat(this.directory.isActive(UUID.fromString(id))).isFalse();
	}

	@Test
	void oneLoginSingleObjectsAndStringBooleansReadBackAsArraysAndBooleans() {
		String userName = unique();
		String body = """
				{
				  "schemas": ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
				  "userName": "%1$s",
				  "displayName": "Grace Hopper",
				  "nickName": "Amazing Grace",
				  "name": {"familyName": "Hopper", "givenName": "Grace", "middleName": "Brewster",
				    "honorificPrefix": "Rear Admiral", "formatted": "Grace Brewster Hopper"},
				  "emails": {"value": "%1$s", "type": "work", "primary": "true"},
				  "phoneNumbers": {"value": "+1 202 555 0142", "type": "mobile", "primary": "false"},
				  "addresses": {"streetAddress": "1 Navy Yard", "locality": "Washington", "region": "DC",
				    "country": "US", "type": "work"},
				  "timezone": "America/New_York",
				  "urn:scim:schemas:extension:enterprise:1.0": {"department": "Navy", "division": "Computing"}
				}""".formatted(userName);

		JsonHttpResponse created = this.scim.send("POST", "/Users", body, JSON);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode read = this.scim.get("/Users/" + created.json().path("id").asText()).json();
		// As RFC 7643 has them: arrays of values, booleans as booleans, the 2.0 extension URN.
		String expected = body.replace("\"emails\": {\"value\": \"%s\", \"type\": \"work\", \"primary\": \"true\"}"
			.formatted(userName), "\"emails\": [{\"value\": \"%s\", \"type\": \"work\", \"primary\": true}]"
			.formatted(userName))
			.replace("\"phoneNumbers\": {\"value\": \"+1 202 555 0142\", \"type\": \"mobile\", \"primary\": \"false\"}",
					"\"phoneNumbers\": [{\"value\": \"+1 202 555 0142\", \"type\": \"mobile\", \"primary\": false}]")
			.replace("\"addresses\": {", "\"addresses\": [{")
			.replace("\"type\": \"work\"},\n  \"timezone\"", "\"type\": \"work\"}],\n  \"timezone\"")
			.replace("urn:scim:schemas:extension:enterprise:1.0\": {", ENTERPRISE + "\": {");
		ScimRoundTrip.assertReadsBack(ScimRoundTrip.json(expected), read);
		assertThat(read.path("addresses")).hasSize(1);
	}

	private static String unique() {
		return "onelogin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

}
