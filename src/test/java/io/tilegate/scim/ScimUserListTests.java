package io.tilegate.scim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.Provenance;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing and filtering users. Other tests share the database, so every filter here is
 * narrowed to users of this test's own department.
 */
class ScimUserListTests extends ScimIntegrationTest {

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	JdbcTemplate jdbc;

	private String department;

	private JsonNode ada;

	private JsonNode grace;

	private JsonNode linus;

	@BeforeEach
	void users() {
		this.department = "dept-" + UUID.randomUUID().toString().substring(0, 8);
		this.ada = create("""
				{"userName": "Ada.%1$s", "externalId": "EXT-ada-%1$s", "name": {"givenName": "Ada", "familyName": "Lovelace"},
				 "emails": [{"value": "Ada.%1$s@Example.com", "type": "work"}], "title": "Analyst",
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "%1$s",
				   "organization": "Engines", "employeeNumber": "E-1"}}""");
		this.grace = create("""
				{"userName": "grace.%1$s", "name": {"givenName": "Grace", "familyName": "Hopper"},
				 "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}], "title": "Admiral", "active": false,
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "%1$s"}}""");
		this.linus = create("""
				{"userName": "linus_%%.%1$s", "name": {"givenName": "Linus"},
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "%1$s"}}""");
	}

	@Test
	void lookupByUserNameIgnoresCaseAndNoMatchIsAnEmptyList() {
		JsonNode found = list("userName eq \"ADA." + this.department.toUpperCase() + "\"", "");

		assertThat(found.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(found.path("totalResults").asInt()).isOne();
		assertThat(found.path("startIndex").asInt()).isOne();
		assertThat(found.path("itemsPerPage").asInt()).isOne();
		assertThat(found.path("Resources").get(0)).isEqualTo(this.scim.get("/Users/" + id(this.ada)).json());

		JsonNode none = list("userName eq \"nobody-" + this.department + "\"", "");
		assertThat(none.path("totalResults").asInt()).isZero();
		assertThat(none.path("itemsPerPage").asInt()).isZero();
		assertThat(none.path("Resources")).isEmpty();
	}

	@Test
	void everySupportedFilterFindsTheRightUsers() {
		String d = this.department;
		assertFinds("userName eq \"grace." + d + "\"", this.grace);
		assertFinds("userName ne \"grace." + d + "\"", this.ada, this.linus);
		assertFinds("userName sw \"GRACE.\"", this.grace);
		assertFinds("userName co \"ACE\"", this.grace);
		assertFinds("userName ew \"." + d.toUpperCase() + "\"", this.ada, this.grace, this.linus);
		assertFinds("userName co \"_%.\"", this.linus);
		assertFinds("userName co \"%\"", this.linus);
		assertFinds("userName pr", this.ada, this.grace, this.linus);
		assertFinds("externalId eq \"EXT-ada-" + d + "\"", this.ada);
		assertFinds("externalId eq \"ext-ada-" + d + "\"");
		assertFinds("externalId pr", this.ada);
		assertFinds("id eq \"" + id(this.grace) + "\"", this.grace);
		assertFinds("id eq \"not-an-id\"");
		assertFinds("emails.value eq \"ada." + d + "@example.COM\"", this.ada);
		assertFinds("emails eq \"ada." + d + "@example.com\"", this.ada);
		assertFinds("emails[type eq \"work\"].value eq \"ADA." + d + "@example.com\"", this.ada);
		assertFinds("emails[type eq \"home\"].value eq \"ada." + d + "@example.com\"");
		assertFinds("emails[type eq \"work\" and primary eq true]", this.ada);
		assertFinds("emails pr", this.ada);
		assertFinds("phoneNumbers[type eq \"work\"].value eq \"+1 555 0100\"", this.grace);
		assertFinds("name.givenName eq \"grace\"", this.grace);
		assertFinds("name.familyName eq \"LOVELACE\"", this.ada);
		assertFinds("name.familyName pr", this.ada, this.grace);
		assertFinds("active eq false", this.grace);
		assertFinds("active eq true", this.ada, this.linus);
		assertFinds("title eq \"admiral\"", this.grace);
		assertFinds("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization eq \"engines\"", this.ada);
		assertFinds("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"E-1\"", this.ada);
		assertFinds("userName sw \"ada\" or userName sw \"linus\"", this.ada, this.linus);
		assertFinds("not (title eq \"Admiral\")", this.ada, this.linus);
		assertFinds("not (active eq true) or (name.givenName eq \"Linus\" and not (emails pr))", this.grace, this.linus);
	}

	@Test
	void lastModifiedFiltersReadChangesSinceAPointInTime() {
		String before = this.grace.path("meta").path("lastModified").asText();
		JsonNode updated = this.scim.put("/Users/" + id(this.grace), """
				{"userName": "grace.%1$s", "title": "Rear Admiral",
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "%1$s"}}"""
			.formatted(this.department)).json();
		String after = updated.path("meta").path("lastModified").asText();
		assertThat(Instant.parse(after)).isAfter(Instant.parse(before));

		assertFinds("meta.lastModified gt \"" + after + "\"");
		assertFinds("meta.lastModified ge \"" + after + "\"", updated);
		assertFinds("meta.lastModified gt \"" + before + "\"", updated, this.linus);
		assertFinds("meta.lastModified lt \"" + after + "\"", this.ada, this.linus);
		assertFinds("meta.lastModified le \"2000-01-01T00:00:00Z\"");
		assertFinds("meta.created le \"" + this.linus.path("meta").path("created").asText() + "\"", this.ada, updated,
				this.linus);
		assertError(this.scim.get("/Users?filter=" + ScimHttp.q("meta.lastModified gt \"yesterday\"")), 400,
				"invalidFilter");
	}

	@Test
	void whatCannotBeFilteredOnIsInvalidFilterNamingIt() {
		for (String filter : List.of("userType eq \"Employee\"", "userName gt \"a\"", "groups.value eq \"x\"",
				"urn:example:custom:2.0:User:badge eq \"1\"", "manager.value eq \"x\"", "active gt true",
				"nickName pr", "addresses[type eq \"work\"].locality eq \"Paris\"")) {
			JsonHttpResponse response = this.scim.get("/Users?filter=" + ScimHttp.q(filter));
			assertError(response, 400, "invalidFilter");
			assertThat(response.json().path("detail").asText()).contains("cannot filter users on");
		}
		for (String filter : List.of("userName eq", "userName eq \"unclosed", "userName xx \"a\"",
				"(".repeat(1000) + "userName eq \"a\"" + ")".repeat(1000), "userName eq 5")) {
			assertError(this.scim.get("/Users?filter=" + ScimHttp.q(filter)), 400, "invalidFilter");
		}
	}

	@Test
	void pagesFollowCreationOrderAndCountIsTrimmedToSense() {
		List<String> ids = new ArrayList<>(List.of(id(this.ada), id(this.grace), id(this.linus)));
		for (int i = 0; i < 4; i++) {
			ids.add(id(create("{\"userName\": \"more" + i + ".%1$s\", "
					+ "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"department\": \"%1$s\"}}")));
		}
		String filter = "&filter=" + ScimHttp.q(inDepartment(null));

		JsonNode first = this.scim.get("/Users?startIndex=1&count=3" + filter).json();
		JsonNode second = this.scim.get("/Users?startIndex=4&count=3" + filter).json();
		JsonNode third = this.scim.get("/Users?startIndex=7&count=3" + filter).json();
		assertThat(first.path("totalResults").asInt()).isEqualTo(7);
		assertThat(first.path("itemsPerPage").asInt()).isEqualTo(3);
		assertThat(third.path("itemsPerPage").asInt()).isOne();
		assertThat(third.path("startIndex").asInt()).isEqualTo(7);
		List<String> paged = new ArrayList<>(ids(first));
		paged.addAll(ids(second));
		paged.addAll(ids(third));
		assertThat(paged).containsExactlyElementsOf(ids);

		JsonNode below = this.scim.get("/Users?startIndex=-4&count=2" + filter).json();
		assertThat(below.path("startIndex").asInt()).isOne();
		assertThat(ids(below)).containsExactlyElementsOf(ids.subList(0, 2));
		JsonNode countOnly = this.scim.get("/Users?count=0" + filter).json();
		assertThat(countOnly.path("totalResults").asInt()).isEqualTo(7);
		assertThat(countOnly.path("Resources")).isEmpty();
		assertThat(this.scim.get("/Users?count=-3" + filter).json().path("itemsPerPage").asInt()).isZero();
		assertThat(this.scim.get("/Users?startIndex=99&count=99999999999" + filter).json().path("itemsPerPage").asInt())
			.isZero();
		assertThat(this.scim.get("/Users" + filter.replace('&', '?')).json().path("itemsPerPage").asInt()).isEqualTo(7);
		assertError(this.scim.get("/Users?count=ten" + filter), 400, "invalidValue");
	}

	@Test
	void attributesAndExcludedAttributesShapeTheAnswer() {
		String filter = "filter=" + ScimHttp.q("userName eq \"ada." + this.department + "\"");

		JsonNode userNameOnly = this.scim.get("/Users?attributes=userName&" + filter).json().path("Resources").get(0);
		JsonNode givenName = this.scim.get("/Users?attributes=name.givenName,emails&" + filter)
			.json()
			.path("Resources")
			.get(0);
		JsonNode department = this.scim
			.get("/Users?attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department&" + filter)
			.json()
			.path("Resources")
			.get(0);
		JsonNode withoutEmails = this.scim.get("/Users/" + id(this.ada) + "?excludedAttributes=emails,meta").json();

		assertThat(names(userNameOnly)).containsExactlyInAnyOrder("schemas", "id", "userName");
		assertThat(names(givenName)).containsExactlyInAnyOrder("schemas", "id", "name", "emails");
		assertThat(names(givenName.path("name"))).containsExactly("givenName");
		assertThat(department.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).hasSize(1);
		assertThat(withoutEmails.has("emails")).isFalse();
		assertThat(withoutEmails.has("meta")).isFalse();
		assertThat(withoutEmails.path("userName").asText()).isEqualTo("Ada." + this.department);
	}

	@Test
	void usersShowTheirGroupsOfTheCallersConnectionOnly() {
		connect("elsewhere");
		UUID adaId = UUID.fromString(id(this.ada));
		this.groupMemberships.replaceGroups(adaId, CONNECTION, List.of("Analysts", "All staff"),
				new Provenance("test", CONNECTION));
		this.groupMemberships.replaceGroups(adaId, "elsewhere", List.of("Secret"), new Provenance("test", "elsewhere"));

		JsonNode user = this.scim.get("/Users/" + adaId).json();
		JsonNode listed = list("userName eq \"ada." + this.department + "\"", "").path("Resources").get(0);

		assertThat(user.path("groups")).extracting((group) -> group.path("display").asText())
			.containsExactly("All staff", "Analysts");
		assertThat(user.path("groups").get(0).path("value").asText()).isEqualTo(this.jdbc.queryForObject(
				"select cast(id as varchar(36)) from user_group where connection_id = ? and name_key = 'all staff'",
				String.class, CONNECTION));
		assertThat(listed.path("groups")).isEqualTo(user.path("groups"));
		assertThat(this.scim.get("/Users/" + adaId + "?excludedAttributes=groups").json().has("groups")).isFalse();
	}

	private void assertFinds(String filter, JsonNode... users) {
		JsonNode found = list(inDepartment(filter), "&count=50");
		List<String> expected = new ArrayList<>();
		for (JsonNode user : users) {
			expected.add(id(user));
		}
		assertThat(ids(found)).as(filter).containsExactlyElementsOf(expected);
		assertThat(found.path("totalResults").asInt()).as(filter).isEqualTo(users.length);
	}

	private String inDepartment(String filter) {
		String department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \""
				+ this.department + "\"";
		return (filter == null) ? department : department + " and (" + filter + ")";
	}

	private JsonNode list(String filter, String more) {
		JsonHttpResponse response = this.scim.get("/Users?filter=" + ScimHttp.q(filter) + more);
		assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
		return response.json();
	}

	private JsonNode create(String template) {
		JsonHttpResponse created = this.scim.post("/Users", template.formatted(this.department));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private static List<String> ids(JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.path("Resources").forEach((user) -> ids.add(id(user)));
		return ids;
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static String id(JsonNode user) {
		return user.path("id").asText();
	}

}
