package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Okta's SCIM 2.0 app integration sends for users, request by request: its connection
 * test, its lookups, its create, its profile push (PUT of the full user), its deactivation and
 * reactivation (PATCH of {@code active}), and its import (pages of 100).
 */
class OktaUserTests extends ScimIntegrationTest {

	/** Okta's create: core schema only, with displayName, locale, an empty groups list and a password. */
	static final String OKTA_CREATE_USER = """
			{
			  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
			  "userName": "%1$s",
			  "name": {
			    "givenName": "Test",
			    "familyName": "User"
			  },
			  "emails": [{
			    "primary": true,
			    "value": "%1$s",
			    "type": "work"
			  }],
			  "displayName": "Test User",
			  "locale": "en-US",
			  "externalId": "%2$s",
			  "groups": [],
			  "password": "%3$s",
			  "active": true
			}""";

	/** Okta's profile push: the full user, id included, as PUT. */
	static final String OKTA_UPDATE_USER = """
			{
			  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
			  "id": "%2$s",
			  "userName": "%1$s",
			  "name": {
			    "givenName": "Another",
			    "familyName": "User"
			  },
			  "emails": [{
			    "primary": true,
			    "value": "another.%1$s",
			    "type": "work"
			  }],
			  "displayName": "Another User",
			  "locale": "en-US",
			  "externalId": "%3$s",
			  "groups": [],
			  "active": true,
			  "meta": {"resourceType": "User"}
			}""";

	static final String OKTA_DEACTIVATE = """
			{
			  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
			  "Operations": [{
			    "op": "replace",
			    "value": {
			      "active": false
			    }
			  }]
			}""";

	static final String OKTA_REACTIVATE = """
			{
			  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
			  "Operations": [{
			    "op": "replace",
			    "value": {
			      "active": true
			    }
			  }]
			}""";

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void oktaConnectionTestListsTwoUsers() {
		create(oktaUser());
		create(oktaUser());

		JsonHttpResponse response = this.scim.get("/Users?startIndex=1&count=2");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		JsonNode list = response.json();
		assertThat(list.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(list.path("totalResults").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(list.path("startIndex").asInt()).isOne();
		assertThat(list.path("itemsPerPage").asInt()).isEqualTo(2);
		assertThat(list.path("Resources")).hasSize(2);
	}

	@Test
	void oktaLookupByUserNameFindsTheUserInAnotherCase() {
		String userName = "Okta.Lookup-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
		String id = create(String.format(OKTA_CREATE_USER, userName, "00u" + userName.hashCode(), "x")).path("id")
			.asText();

		JsonHttpResponse found = this.scim.get("/Users?filter="
				+ ScimHttp.q("userName eq \"" + userName.toLowerCase() + "\"") + "&startIndex=1&count=100");

		assertThat(found.status()).isEqualTo(200);
		assertThat(found.json().path("totalResults").asInt()).isOne();
		assertThat(found.json().path("Resources").get(0).path("id").asText()).isEqualTo(id);
		assertThat(found.json().path("Resources").get(0).path("userName").asText()).isEqualTo(userName);
	}

	@Test
	void oktaCreateKeepsWhatTilegateMapsButNeverThePassword() {
		String userName = "okta.create-" + UUID.randomUUID().toString().substring(0, 8) + "@okta.local";
		String password = "1mz050nq-" + UUID.randomUUID();

		JsonHttpResponse created = this.scim.post("/Users",
				String.format(OKTA_CREATE_USER, userName, "00ujl29u0le5T6Aj10h7", password));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = created.json();
		assertThat(user.path("userName").asText()).isEqualTo(userName);
		assertThat(user.path("externalId").asText()).isEqualTo("00ujl29u0le5T6Aj10h7");
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Test");
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo(userName);
		assertThat(user.path("active").asBoolean()).isTrue();
		assertThat(user.has("password")).isFalse();
		assertThat(user.has("groups")).isFalse();
		assertThat(created.body()).doesNotContain(password);
		List<String> stored = this.jdbc.queryForList("select cast(detail as varchar(100000)) from event_log "
				+ "where detail is not null", String.class);
		assertThat(stored).noneMatch((detail) -> detail.contains(password));
		String row = this.jdbc.queryForMap("select * from app_user where id = ?", UUID.fromString(user.path("id").asText()))
			.toString();
		assertThat(row).doesNotContain(password);
	}

	@Test
	void oktaProfilePushIsAPutOfTheFullUser() {
		String userName = "okta.push-" + UUID.randomUUID().toString().substring(0, 8) + "@okta.local";
		String id = create(String.format(OKTA_CREATE_USER, userName, "00upush", "x")).path("id").asText();

		JsonHttpResponse pushed = this.scim.put("/Users/" + id, String.format(OKTA_UPDATE_USER, userName, id, "00upush"));

		assertThat(pushed.status()).as(pushed.toString()).isEqualTo(200);
		assertThat(pushed.json().path("name").path("givenName").asText()).isEqualTo("Another");
		assertThat(pushed.json().path("emails").get(0).path("value").asText()).isEqualTo("another." + userName);
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(pushed.json());
	}

	@Test
	void oktaProfilePushWithDisplayNameAndDivisionReadsBackAsSent() {
		String userName = "okta.division-" + UUID.randomUUID().toString().substring(0, 8) + "@okta.local";
		JsonHttpResponse created = this.scim.post("/Users", String.format(OKTA_CREATE_USER, userName, "00udiv", "pw"));
		String id = created.json().path("id").asText();
		assertThat(created.json().path("displayName").asText()).isEqualTo("Test User");
		assertThat(created.json().path("locale").asText()).isEqualTo("en-US");
		String body = String.format(OKTA_UPDATE_USER, userName, id, "00udiv")
			.replace("\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],",
					"\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\", "
							+ "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],")
			.replace("\"active\": true,", """
					"active": true,
					"title": "Field Engineer",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
					  "division": "Americas", "department": "Field Services", "costCenter": "4100"
					},""");

		JsonHttpResponse pushed = this.scim.put("/Users/" + id, body);

		assertThat(pushed.status()).as(pushed.toString()).isEqualTo(200);
		JsonNode read = this.scim.get("/Users/" + id).json();
		ScimRoundTrip.assertReadsBack(ScimRoundTrip.json(body), read);
		assertThat(read.path("displayName").asText()).isEqualTo("Another User");
		assertThat(read.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("division").asText())
			.isEqualTo("Americas");
		assertThat(pushed.header("ETag")).isNotEqualTo(created.header("ETag"));
		assertThat(this.jdbc.queryForObject("select division from app_user where id = ?", String.class,
				UUID.fromString(id))).isEqualTo("Americas");
	}

	@Test
	void oktaDeactivatesAndReactivatesWithAPatchOfActive() {
		String id = create(oktaUser()).path("id").asText();

		JsonHttpResponse deactivated = this.scim.patch("/Users/" + id, OKTA_DEACTIVATE);

		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(deactivated.json().path("id").asText()).isEqualTo(id);
		assertThat(this.directory.isActive(UUID.fromString(id))).isFalse();
		assertThat(this.scim.get("/Users/" + id).json().path("active").asBoolean()).isFalse();

		JsonHttpResponse reactivated = this.scim.patch("/Users/" + id, OKTA_REACTIVATE);

		assertThat(reactivated.json().path("active").asBoolean()).isTrue();
		assertThat(this.directory.isActive(UUID.fromString(id))).isTrue();
	}

	@Test
	void oktaImportPagesOf100NeitherRepeatNorSkipAnyoneAndKeepTheirOrder() {
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 250; i++) {
			created.add(create(oktaUser()).path("id").asText());
		}

		List<String> firstPass = readAllPages();
		List<String> secondPass = readAllPages();

		assertThat(new LinkedHashSet<>(firstPass)).hasSameSizeAs(firstPass);
		assertThat(firstPass).containsAll(created);
		assertThat(secondPass).containsExactlyElementsOf(firstPass);
	}

	private List<String> readAllPages() {
		List<String> ids = new ArrayList<>();
		int total = Integer.MAX_VALUE;
		for (int start = 1; start <= total; start += 100) {
			JsonNode page = this.scim.get("/Users?startIndex=" + start + "&count=100").json();
			total = page.path("totalResults").asInt();
			assertThat(page.path("itemsPerPage").asInt()).isEqualTo(Math.min(100, total - start + 1));
			page.path("Resources").forEach((user) -> ids.add(user.path("id").asText()));
		}
		assertThat(ids).hasSize(total);
		return ids;
	}

	private static String oktaUser() {
		String userName = "okta-" + UUID.randomUUID().toString().substring(0, 13) + "@okta.local";
		return String.format(OKTA_CREATE_USER, userName, "00u" + UUID.randomUUID().toString().substring(0, 17), "pw");
	}

	private JsonNode create(String body) {
		JsonHttpResponse created = this.scim.post("/Users", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

}
