package io.tilegate.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's life through /Users: created, read, replaced, deactivated, deleted. */
class ScimUserLifecycleTests extends ScimIntegrationTest {

	@Autowired
	Directory directory;

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	IdentityLinks identityLinks;

	@Autowired
	CustomFields customFields;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void createdUserIsReturnedWithLocationFromTheBaseUrlAndReadBackTheSame() {
		String userName = unique("Grace.Hopper");
		JsonHttpResponse created = this.scim.post("/Users", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "userName": "%s", "externalId": "ext-%s",
				 "name": {"givenName": "Grace", "familyName": "Hopper"},
				 "emails": [{"value": "grace@example.com", "type": "work", "primary": true}],
				 "title": "Rear Admiral", "active": true}""".formatted(userName, userName));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = created.json();
		String id = user.path("id").asText();
		assertThat(created.header("Location")).isEqualTo(BASE + "/scim/v2/Users/" + id);
		assertThat(created.header("Content-Type")).startsWith("application/scim+json");
		assertThat(created.header("ETag")).isEqualTo(user.path("meta").path("version").asText()).isEqualTo("W/\"0\"");
		assertThat(user.path("schemas")).extracting(JsonNode::asText)
			.containsExactly("urn:ietf:params:scim:schemas:core:2.0:User");
		assertThat(user.path("userName").asText()).isEqualTo(userName);
		assertThat(user.path("externalId").asText()).isEqualTo("ext-" + userName);
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Grace");
		assertThat(user.path("name").path("familyName").asText()).isEqualTo("Hopper");
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("grace@example.com");
		assertThat(user.path("emails").get(0).path("type").asText()).isEqualTo("work");
		assertThat(user.path("emails").get(0).path("primary").asBoolean()).isTrue();
		assertThat(user.path("title").asText()).isEqualTo("Rear Admiral");
		assertThat(user.path("active").asBoolean()).isTrue();
		assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("User");
		assertThat(user.path("meta").path("location").asText()).isEqualTo(created.header("Location"));
		assertThat(user.path("meta").path("created").asText()).isEqualTo(user.path("meta").path("lastModified").asText());

		JsonHttpResponse read = this.scim.get("/Users/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(user);
		assertThat(read.header("ETag")).isEqualTo("W/\"0\"");
		assertThat(this.jdbc.queryForObject("select scim_managed from app_user where id = ?", Boolean.class,
				UUID.fromString(id))).isTrue();
		assertThat(eventsOf(EventType.USER_CREATED)).filteredOn((e) -> userName.equals(e.getUserName()))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getActor()).startsWith("scim:" + CONNECTION + ":");
				assertThat(event.getConnectionId()).isEqualTo(CONNECTION);
				assertThat(event.getDetail()).contains("Grace", "grace@example.com", "Rear Admiral");
			});
	}

	@Test
	void everyMappedAttributeIsKeptAndReturned() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		String boss = createUser(unique("boss"), "").path("id").asText();
		String userName = unique("ada");

		String body = """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
				   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
				   "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User"],
				 "userName": "%s",
				 "name": {"givenName": "Ada", "familyName": "Lovelace"},
				 "emails": [{"value": "ada@home.example", "type": "home"},
				            {"value": "ada@example.com", "type": "work"}],
				 "phoneNumbers": [{"value": "+44 20 7946 0000", "type": "mobile", "primary": true}],
				 "photos": [{"value": "https://img.example.invalid/thumb.png", "type": "thumbnail"},
				            {"value": "https://img.example.invalid/ada.png", "type": "photo"}],
				 "title": "Analyst",
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
				   "organization": "Analytical Engines Ltd", "department": "Research", "employeeNumber": "E-1815",
				   "manager": {"value": "%s"}},
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {
				   "hireDate": "1833-06-05", "costCenter": "CC-42"}}""".formatted(userName, boss);

		JsonHttpResponse created = this.scim.post("/Users", body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = this.scim.get("/Users/" + created.json().path("id").asText()).json();
		assertThat(user.path("schemas")).extracting(JsonNode::asText)
			.containsExactly("urn:ietf:params:scim:schemas:core:2.0:User",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
					"urn:ietf:params:scim:schemas:extension:tilegate:2.0:User");
		// Every value as sent, not only the one the profile takes.
		JsonNode sent = ScimRoundTrip.json(body);
		ScimRoundTrip.assertReadsBack(sent, user);
		assertThat(user.path("emails")).isEqualTo(sent.path("emails"));
		assertThat(user.path("phoneNumbers")).isEqualTo(sent.path("phoneNumbers"));
		assertThat(user.path("photos")).isEqualTo(sent.path("photos"));
		JsonNode enterprise = user.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
		assertThat(enterprise.path("organization").asText()).isEqualTo("Analytical Engines Ltd");
		assertThat(enterprise.path("department").asText()).isEqualTo("Research");
		assertThat(enterprise.path("employeeNumber").asText()).isEqualTo("E-1815");
		assertThat(enterprise.path("manager").path("value").asText()).isEqualTo(boss);
		assertThat(enterprise.path("manager").path("displayName").asText()).startsWith("boss-");
		JsonNode tilegate = user.path("urn:ietf:params:scim:schemas:extension:tilegate:2.0:User");
		assertThat(tilegate.path("hireDate").asText()).isEqualTo("1833-06-05");
		assertThat(tilegate.path("costCenter").asText()).isEqualTo("CC-42");
		var profile = this.directory.profile(UUID.fromString(user.path("id").asText())).orElseThrow();
		assertThat(profile.company()).isEqualTo("Analytical Engines Ltd");
		assertThat(profile.email()).isEqualTo("ada@example.com");
		assertThat(profile.phone()).isEqualTo("+44 20 7946 0000");
		assertThat(profile.photoUrl()).isEqualTo("https://img.example.invalid/ada.png");
		assertThat(profile.manager().id()).isEqualTo(UUID.fromString(boss));
	}

	@Test
	void putReplacesEveryMappedAttributeAndClearsWhatItLeavesOutButNotTheStatus() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		String userName = unique("linus");
		String id = createUser(userName, """
				, "name": {"givenName": "Linus", "familyName": "Torvalds"},
				"emails": [{"value": "linus@example.com", "type": "work"}],
				"phoneNumbers": [{"value": "+1 555 0100", "type": "work"}],
				"title": "Fellow", "active": false,
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Kernel"},
				"urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"costCenter": "CC-1", "hireDate": "2003-07-01"}
				""").path("id").asText();

		JsonHttpResponse replaced = this.scim.put("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s",
				 "name": {"givenName": "Linus B."}, "emails": [{"value": "linus@kernel.example", "type": "work"}]}"""
			.formatted(userName));

		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		JsonNode user = replaced.json();
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Linus B.");
		assertThat(user.path("name").has("familyName")).isFalse();
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("linus@kernel.example");
		assertThat(user.has("phoneNumbers")).isFalse();
		assertThat(user.has("title")).isFalse();
		assertThat(user.has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
		assertThat(user.has("urn:ietf:params:scim:schemas:extension:tilegate:2.0:User")).isFalse();
		assertThat(user.path("active").asBoolean()).as("a PUT without active leaves the status").isFalse();
		assertThat(replaced.header("ETag")).isEqualTo(user.path("meta").path("version").asText()).isNotEqualTo("W/\"0\"");
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(user);
		assertThat(eventsOf(EventType.USER_UPDATED)).filteredOn((e) -> userName.equals(e.getUserName()))
			.singleElement()
			.extracting(Event::getDetail)
			.asString()
			.contains("\"field\":\"lastName\",\"old\":\"Torvalds\",\"new\":null")
			.contains("\"field\":\"custom.costCenter\",\"old\":\"CC-1\",\"new\":null")
			.contains("\"field\":\"email\",\"old\":\"linus@example.com\",\"new\":\"linus@kernel.example\"");
	}

	@Test
	void unchangedPutWritesNothing() {
		String userName = unique("same");
		JsonNode user = createUser(userName, ", \"title\": \"Same\"");
		String id = user.path("id").asText();

		JsonHttpResponse again = this.scim.put("/Users/" + id,
				"{\"userName\": \"%s\", \"title\": \"Same\"}".formatted(userName));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json()).isEqualTo(user);
		assertThat(eventsOf(EventType.USER_UPDATED)).noneMatch((e) -> userName.equals(e.getUserName()));
	}

	@Test
	void activeFalseDeactivatesTheUserWhoIsStillReturnedAndActiveTrueReactivates() {
		String userName = unique("dee");
		String id = createUser(userName, "").path("id").asText();

		JsonHttpResponse deactivated = this.scim.put("/Users/" + id,
				"{\"userName\": \"%s\", \"active\": false}".formatted(userName));

		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(this.directory.isActive(UUID.fromString(id))).isFalse();
		JsonNode read = this.scim.get("/Users/" + id).json();
		assertThat(read.path("active").asBoolean()).isFalse();
		assertThat(this.scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + userName + "\"")).json()
			.path("Resources")
			.get(0)
			.path("active")
			.asBoolean()).isFalse();

		this.scim.put("/Users/" + id, "{\"userName\": \"%s\", \"active\": true}".formatted(userName));

		assertThat(this.directory.isActive(UUID.fromString(id))).isTrue();
		assertThat(eventsOf(EventType.USER_DEACTIVATED)).filteredOn((e) -> userName.equals(e.getUserName())).hasSize(1);
		assertThat(eventsOf(EventType.USER_REACTIVATED)).filteredOn((e) -> userName.equals(e.getUserName())).hasSize(1);
	}

	@Test
	void deleteRemovesTheUserAndWhatIsTheirsWhileTheirReportsKeepWorking() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		String userName = unique("leaver");
		String id = createUser(userName,
				", \"urn:ietf:params:scim:schemas:extension:tilegate:2.0:User\": {\"costCenter\": \"CC-9\"}")
			.path("id")
			.asText();
		UUID userId = UUID.fromString(id);
		this.groupMemberships.replaceGroups(userId, CONNECTION, List.of("Leavers"), new Provenance("test", CONNECTION));
		this.identityLinks.link(userId, CONNECTION, userName, LinkMethod.USER_NAME);
		String report = createUser(unique("report"),
				", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"manager\": {\"value\": \"" + id
						+ "\"}}")
			.path("id")
			.asText();

		JsonHttpResponse deleted = this.scim.delete("/Users/" + id);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		JsonHttpResponse gone = this.scim.get("/Users/" + id);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(this.scim.delete("/Users/" + id).status()).isEqualTo(404);
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, userName)).isEmpty();
		for (String table : List.of("group_membership", "user_custom_value", "identity_link")) {
			assertThat(this.jdbc.queryForObject("select count(*) from " + table + " where user_id = ?", Integer.class,
					userId)).as(table).isZero();
		}
		JsonNode reportNow = this.scim.get("/Users/" + report).json();
		assertThat(reportNow.has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
		assertThat(eventsOf(EventType.USER_DELETED)).filteredOn((e) -> userName.equals(e.getUserName()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getUserId()).isEqualTo(userId));
	}

	@Test
	void unknownMalformedAndOtherTenantIdsAreNotFound() {
		String id = createUser(unique("mine"), "").path("id").asText();
		ScimHttp other = otherTenant();

		for (String path : List.of("/Users/" + UUID.randomUUID(), "/Users/not-an-id", "/Users/" + id + "x")) {
			assertNotFound(this.scim.get(path));
			assertNotFound(this.scim.put(path, "{\"userName\": \"x\"}"));
			assertNotFound(this.scim.patch(path, DEACTIVATE));
			assertNotFound(this.scim.delete(path));
		}
		assertNotFound(other.get("/Users/" + id));
		assertNotFound(other.put("/Users/" + id, "{\"userName\": \"taken-over\"}"));
		assertNotFound(other.patch("/Users/" + id, DEACTIVATE));
		assertNotFound(other.delete("/Users/" + id));
		assertThat(other.get("/Users?filter=" + ScimHttp.q("id eq \"" + id + "\"")).json().path("totalResults").asInt())
			.isZero();
		assertThat(this.scim.get("/Users/" + id).json().path("active").asBoolean()).isTrue();
	}

	@Test
	void userNamesAreUniqueWhateverTheirCase() {
		String taken = unique("Taken.Name");
		createUser(taken, "");
		String otherName = unique("other");
		String other = createUser(otherName, "").path("id").asText();

		JsonHttpResponse duplicate = this.scim.post("/Users", "{\"userName\": \"" + taken.toUpperCase() + "\"}");
		JsonHttpResponse renamed = this.scim.put("/Users/" + other, "{\"userName\": \"" + taken.toLowerCase() + "\"}");
		JsonHttpResponse patched = this.scim.patch("/Users/" + other, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "userName", "value": "%s"}]}""".formatted(taken));

		for (JsonHttpResponse response : List.of(duplicate, renamed, patched)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(409);
			assertThat(response.json().path("scimType").asText()).isEqualTo("uniqueness");
			assertThat(response.json().path("detail").asText()).containsIgnoringCase(taken);
		}
		assertThat(this.scim.get("/Users/" + other).json().path("userName").asText()).isEqualTo(otherName);
		JsonHttpResponse recased = this.scim.put("/Users/" + other,
				"{\"userName\": \"" + otherName.toUpperCase() + "\"}");
		assertThat(recased.json().path("userName").asText()).isEqualTo(otherName.toUpperCase());
	}

	@Test
	void parallelCreatesOfOneUserNameMakeOneUserAndConflictsForTheRest() throws Exception {
		String userName = unique("race");
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String name = (i % 2 == 0) ? userName : userName.toUpperCase();
			results.add(pool.submit(() -> {
				start.await();
				return this.scim.post("/Users", "{\"userName\": \"" + name + "\"}").status();
			}));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> result : results) {
			statuses.add(result.get());
		}
		pool.shutdown();

		assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
		assertThat(this.jdbc.queryForObject("select count(*) from app_user where user_name_key = ?", Integer.class,
				userName.toLowerCase())).isOne();
	}

	@Test
	void ifMatchMustNameTheCurrentVersion() {
		String userName = unique("etag");
		JsonNode user = createUser(userName, "");
		String id = user.path("id").asText();
		Map<String, String> stale = Map.of("If-Match", "W/\"41\"");

		JsonHttpResponse put = this.scim.send("PUT", "/Users/" + id, "{\"userName\": \"" + userName + "\", \"title\": \"x\"}",
				stale);
		JsonHttpResponse patch = this.scim.send("PATCH", "/Users/" + id, DEACTIVATE, stale);
		JsonHttpResponse delete = this.scim.send("DELETE", "/Users/" + id, null, stale);

		for (JsonHttpResponse response : List.of(put, patch, delete)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(412);
			assertThat(response.json().path("status").asText()).isEqualTo("412");
		}
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(user);

		JsonHttpResponse current = this.scim.send("PUT", "/Users/" + id,
				"{\"userName\": \"" + userName + "\", \"title\": \"x\"}", Map.of("If-Match", "W/\"0\""));
		assertThat(current.status()).isEqualTo(200);
		assertThat(current.header("ETag")).isEqualTo("W/\"1\"");
		JsonHttpResponse any = this.scim.send("PATCH", "/Users/" + id, DEACTIVATE, Map.of("If-Match", "*"));
		assertThat(any.status()).isEqualTo(200);
		JsonHttpResponse listed = this.scim.send("DELETE", "/Users/" + id, null,
				Map.of("If-Match", "W/\"0\", " + any.header("ETag")));
		assertThat(listed.status()).isEqualTo(204);
	}

	static final String DEACTIVATE = """
			{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
			 "Operations": [{"op": "replace", "value": {"active": false}}]}""";

	private void assertNotFound(JsonHttpResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.json().path("status").asText()).isEqualTo("404");
	}

	/** A client of a second tenant: its own connection and token. */
	private ScimHttp otherTenant() {
		connect("tenant-b");
		this.jdbc.update("update idp_connection set tenant_id = 'tenant-b' where id = 'tenant-b'");
		return this.scim.withToken(newToken("tenant-b"));
	}

	/** Creates a user with a user name and the given JSON members (starting with a comma). */
	JsonNode createUser(String userName, String moreJson) {
		JsonHttpResponse created = this.scim.post("/Users", "{\"userName\": \"" + userName + "\"" + moreJson + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
