package io.tilegate.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Microsoft Entra's provisioning service (and its SCIM validator) sends for users:
 * its connection test on a random GUID, its lookups, its create, and its PATCH dialect.
 */
class EntraUserTests extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	/** Entra's create, with the enterprise extension. */
	static final String ENTRA_CREATE_USER = """
			{
			  "schemas": [
			    "urn:ietf:params:scim:schemas:core:2.0:User",
			    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
			  ],
			  "externalId": "%2$s",
			  "userName": "%1$s",
			  "active": true,
			  "displayName": "Test User",
			  "emails": [{
			    "primary": true,
			    "type": "work",
			    "value": "%1$s"
			  }],
			  "meta": {
			    "resourceType": "User"
			  },
			  "name": {
			    "formatted": "Test User",
			    "familyName": "User",
			    "givenName": "Test"
			  },
			  "roles": [],
			  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
			    "employeeNumber": "4711",
			    "department": "Finance"
			  }
			}""";

	/**
	 * Entra's create with its default attribute mappings filled in: displayName, the work
	 * address, two emails, three phone numbers and the preferred language.
	 */
	static final String ENTRA_DEFAULT_USER = """
			{
			  "schemas": [
			    "urn:ietf:params:scim:schemas:core:2.0:User",
			    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
			  ],
			  "externalId": "%2$s",
			  "userName": "%1$s",
			  "active": true,
			  "displayName": "Adele Vance",
			  "title": "Retail Manager",
			  "preferredLanguage": "en-US",
			  "emails": [
			    {"primary": true, "type": "work", "value": "%1$s"},
			    {"type": "other", "value": "adele.vance@personal.example"}
			  ],
			  "meta": {"resourceType": "User"},
			  "name": {"formatted": "Adele Vance", "familyName": "Vance", "givenName": "Adele"},
			  "addresses": [{
			    "type": "work",
			    "formatted": "1 Microsoft Way, Redmond, WA 98052, US",
			    "streetAddress": "1 Microsoft Way",
			    "locality": "Redmond",
			    "region": "WA",
			    "postalCode": "98052",
			    "country": "US",
			    "primary": true
			  }],
			  "phoneNumbers": [
			    {"type": "work", "value": "+1 425 555 0109"},
			    {"type": "mobile", "value": "+1 425 555 0110"},
			    {"type": "fax", "value": "+1 425 555 0111"}
			  ],
			  "roles": [],
			  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
			    "employeeNumber": "19",
			    "department": "Retail",
			    "costCenter": "CC-100",
			    "organization": "Contoso"
			  }
			}""";

	@Autowired
	Directory directory;

	@Autowired
	DirectoryReports reports;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void entraConnectionTestOnARandomGuidIsAnEmptyList() {
		String guid = UUID.randomUUID().toString();

		// Entra encodes the space as '+'.
		JsonHttpResponse byUserName = this.scim.get("/Users?filter=userName+eq+%22" + guid + "%22");
		JsonHttpResponse byExternalId = this.scim.get("/Users?filter=" + ScimHttp.q("externalId eq \"" + guid + "\""));

		for (JsonHttpResponse response : new JsonHttpResponse[] { byUserName, byExternalId }) {
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().path("totalResults").asInt()).isZero();
			assertThat(response.json().path("Resources")).isEmpty();
		}
	}

	@Test
	void entraCreateWithTheEnterpriseExtension() {
		String userName = "Test_User_" + UUID.randomUUID() + "@contoso.com";
		String objectId = UUID.randomUUID().toString();

		JsonHttpResponse created = this.scim.post("/Users", String.format(ENTRA_CREATE_USER, userName, objectId));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = created.json();
		assertThat(user.path("externalId").asText()).isEqualTo(objectId);
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo(userName);
		assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("4711");
		assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Finance");
		assertThat(user.has("roles")).isFalse();
		assertThat(user.path("displayName").asText()).isEqualTo("Test User");
		assertThat(user.path("name").path("formatted").asText()).isEqualTo("Test User");
	}

	@Test
	void entraDefaultUserReadsBackAsSentWithDisplayNameWorkAddressAndBothEmails() {
		String userName = "AdeleV_" + UUID.randomUUID() + "@contoso.com";
		String body = String.format(ENTRA_DEFAULT_USER, userName, UUID.randomUUID());

		JsonHttpResponse created = this.scim.post("/Users", body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asText();
		JsonNode read = this.scim.get("/Users/" + id).json();
		ScimRoundTrip.assertReadsBack(ScimRoundTrip.json(body), read);
		assertThat(read).isEqualTo(created.json());
		assertThat(read.path("emails")).hasSize(2);
		assertThat(read.has("roles")).isFalse();
		// The profile takes the work email and phone, and the work address as the office.
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().email()).isEqualTo(userName);
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().phone()).isEqualTo("+1 425 555 0109");
		assertThat(this.jdbc.queryForObject("select office_address from app_user where id = ?", String.class,
				UUID.fromString(id))).isEqualTo("1 Microsoft Way, Redmond, WA 98052, US");
		// The console shows the name the IdP gave.
		assertThat(this.reports.user("default", UUID.fromString(id)).orElseThrow().displayName())
			.isEqualTo("Adele Vance");
		JsonNode found = this.scim.get("/Users?filter=" + ScimHttp.q("displayName eq \"adele vance\" and userName eq \""
				+ userName + "\"")).json();
		assertThat(found.path("Resources").get(0).path("id").asText()).isEqualTo(id);
	}

	@Test
	void entraLooksUpByExternalIdByWorkEmailAndByBoth() {
		String userName = "Test_User_" + UUID.randomUUID() + "@contoso.com";
		String objectId = UUID.randomUUID().toString();
		String id = create(String.format(ENTRA_CREATE_USER, userName, objectId)).path("id").asText();

		for (String filter : new String[] { "externalId eq \"" + objectId + "\"",
				"emails[type eq \"work\"].value eq \"" + userName.toUpperCase() + "\"",
				"externalId eq \"" + objectId + "\" and userName eq \"" + userName + "\"" }) {
			JsonNode found = this.scim.get("/Users?filter=" + ScimHttp.q(filter)).json();
			assertThat(found.path("totalResults").asInt()).as(filter).isOne();
			assertThat(found.path("Resources").get(0).path("id").asText()).isEqualTo(id);
		}
		assertThat(this.scim.get("/Users?filter=" + ScimHttp.q("externalId eq \"" + objectId + "\" and userName eq \"x\""))
			.json()
			.path("totalResults")
			.asInt()).isZero();
	}

	@Test
	void entraPatchOpsAreCapitalised() {
		String userName = "Test_User_" + UUID.randomUUID() + "@contoso.com";
		String id = create(String.format(ENTRA_CREATE_USER, userName, UUID.randomUUID())).path("id").asText();

		JsonHttpResponse patched = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [
				    {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "updated@contoso.com"},
				    {"op": "Replace", "path": "name.familyName", "value": "Updated"},
				    {"op": "Replace", "path": "displayName", "value": "Updated User"},
				    {"op": "Add", "path": "title", "value": "Controller"},
				    {"op": "Remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}
				  ]
				}""");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		JsonNode user = patched.json();
		assertThat(user.path("emails")).hasSize(1);
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("updated@contoso.com");
		assertThat(user.path("name").path("familyName").asText()).isEqualTo("Updated");
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Test");
		assertThat(user.path("title").asText()).isEqualTo("Controller");
		assertThat(user.path("displayName").asText()).isEqualTo("Updated User");
		assertThat(user.path(ENTERPRISE).has("department")).isFalse();
		assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("4711");
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(user);
	}

	@Test
	void entraSendsActiveAsAString() {
		String id = create(String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();

		JsonHttpResponse disabled = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
				}""");

		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		assertThat(disabled.json().path("active").isBoolean()).isTrue();
		assertThat(disabled.json().path("active").asBoolean()).isFalse();
		assertThat(this.directory.isActive(UUID.fromString(id))).isFalse();

		JsonHttpResponse enabled = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "Replace", "path": "active", "value": "True"}]
				}""");

		assertThat(enabled.json().path("active").asBoolean()).isTrue();
		assertThat(this.directory.isActive(UUID.fromString(id))).isTrue();
	}

	@Test
	void entraNoPathReplaceNamesSubAttributesWithDots() {
		String id = create(String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();

		JsonHttpResponse patched = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{
				    "op": "Replace",
				    "value": {
				      "name.givenName": "A",
				      "name.familyName": "B",
				      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Audit"
				    }
				  }]
				}""");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		JsonNode user = patched.json();
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("A");
		assertThat(user.path("name").path("familyName").asText()).isEqualTo("B");
		assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Audit");
		assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("4711");
		assertThat(user.has("name.givenName")).isFalse();
	}

	@Test
	void entraAddsAFilteredValueToAnArrayTheUserDoesNotHaveYet() {
		String first = create(String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();
		String second = create(String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();

		JsonHttpResponse added = this.scim.patch("/Users/" + first, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "Add", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 425 555 0100"}]
				}""");
		JsonHttpResponse replaced = this.scim.patch("/Users/" + second, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "Replace", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 425 555 0101"}]
				}""");
		JsonHttpResponse again = this.scim.patch("/Users/" + first, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "Add", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 425 555 0199"}]
				}""");

		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(replaced.json().path("phoneNumbers").get(0).path("value").asText()).isEqualTo("+1 425 555 0101");
		assertThat(replaced.json().path("phoneNumbers").get(0).path("type").asText()).isEqualTo("work");
		JsonNode phones = this.scim.get("/Users/" + first).json().path("phoneNumbers");
		assertThat(phones).hasSize(1);
		assertThat(phones.get(0).path("value").asText()).isEqualTo("+1 425 555 0199");
	}

	@Test
	void entraSendsTheManagerAsAPlainString() {
		String boss = create(String.format(ENTRA_CREATE_USER, "Boss_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();
		String id = create(String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();

		JsonHttpResponse added = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{
				    "op": "Add",
				    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
				    "value": "%s"
				  }]
				}""".formatted(boss));

		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		assertThat(added.json().path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(boss);
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().manager().id())
			.isEqualTo(UUID.fromString(boss));

		JsonHttpResponse removed = this.scim.patch("/Users/" + id, """
				{
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{
				    "op": "Remove",
				    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
				  }]
				}""");

		assertThat(removed.json().path(ENTERPRISE).has("manager")).isFalse();
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().manager()).isNull();
	}

	@Test
	void entraCreatesWithTheManagerAsAPlainStringToo() {
		String boss = create(String.format(ENTRA_CREATE_USER, "Boss_" + UUID.randomUUID() + "@contoso.com",
				UUID.randomUUID()))
			.path("id")
			.asText();
		String body = String.format(ENTRA_CREATE_USER, "Test_User_" + UUID.randomUUID() + "@contoso.com", UUID.randomUUID())
			.replace("\"department\": \"Finance\"", "\"department\": \"Finance\", \"manager\": \"" + boss + "\"");

		JsonNode user = create(body);

		assertThat(user.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(boss);
	}

	private JsonNode create(String body) {
		JsonHttpResponse created = this.scim.post("/Users", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

}
