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
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.Provenance;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The /Users paths on a real PostgreSQL, through HTTP: the SQL they run is the same on both databases. */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class ScimUsersPostgresTests extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@Autowired
	Directory directory;

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	CustomFields customFields;

	@Test
	void createLookUpReplaceDeactivateAndDelete() {
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		String userName = "PG.User-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
		JsonHttpResponse created = this.scim.post("/Users", String.format(OktaUserTests.OKTA_CREATE_USER, userName,
				"00upg", "pw"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(created.json());
		this.groupMemberships.replaceGroups(UUID.fromString(id), CONNECTION, List.of("Postgres fans"),
				new Provenance("test", CONNECTION));

		JsonNode found = this.scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + userName.toUpperCase() + "\""))
			.json();
		assertThat(found.path("totalResults").asInt()).isOne();
		assertThat(found.path("Resources").get(0).path("groups").get(0).path("display").asText())
			.isEqualTo("Postgres fans");

		JsonHttpResponse replaced = this.scim.put("/Users/" + id, """
				{"userName": "%s", "name": {"givenName": "Pat"}, "title": "DBA",
				 "%s": {"department": "Storage", "manager": {"value": "not-yet-%s"}},
				 "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User": {"costCenter": "CC-PG", "hireDate": "2020-02-29"}}"""
			.formatted(userName, ENTERPRISE, id));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(replaced.json().path("name").has("familyName")).isFalse();
		assertThat(replaced.json().path("urn:ietf:params:scim:schemas:extension:tilegate:2.0:User").path("hireDate")
			.asText()).isEqualTo("2020-02-29");
		assertThat(replaced.header("ETag")).isEqualTo(replaced.json().path("meta").path("version").asText())
			.isNotEqualTo(created.header("ETag"));
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(replaced.json());

		JsonHttpResponse deactivated = this.scim.patch("/Users/" + id, OktaUserTests.OKTA_DEACTIVATE);
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(this.directory.isActive(UUID.fromString(id))).isFalse();
		assertThat(this.scim.send("PATCH", "/Users/" + id, OktaUserTests.OKTA_REACTIVATE,
				Map.of("If-Match", "W/\"0\"")).status()).isEqualTo(412);

		assertThat(this.scim.delete("/Users/" + id).status()).isEqualTo(204);
		assertThat(this.scim.get("/Users/" + id).status()).isEqualTo(404);
		assertThat(eventsOf(EventType.USER_DELETED)).anyMatch((e) -> userName.equals(e.getUserName()));
	}

	@Test
	void filtersRunOnPostgres() {
		String department = "pg-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode first = create("""
				{"userName": "first_%%.%1$s", "externalId": "X-%1$s", "name": {"familyName": "Codd"},
				 "displayName": "Ted Codd",
				 "emails": [{"value": "First.%1$s@example.com", "type": "work"}], "%2$s": {"department": "%1$s"}}"""
			.formatted(department, ENTERPRISE));
		JsonNode second = create("{\"userName\": \"second.%1$s\", \"active\": false, \"%2$s\": {\"department\": \"%1$s\"}}"
			.formatted(department, ENTERPRISE));
		String scope = ENTERPRISE + ":department eq \"" + department + "\" and ";

		assertFinds(scope + "userName co \"_%.\"", first);
		assertFinds(scope + "userName sw \"SECOND\"", second);
		assertFinds(scope + "externalId eq \"X-" + department + "\"", first);
		assertFinds(scope + "id eq \"" + second.path("id").asText() + "\"", second);
		assertFinds(scope + "emails[type eq \"work\"].value eq \"first." + department + "@EXAMPLE.com\"", first);
		assertFinds(scope + "not (name.familyName eq \"codd\")", second);
		assertFinds(scope + "active eq false", second);
		assertFinds(scope + "meta.lastModified ge \"" + first.path("meta").path("lastModified").asText() + "\"", first,
				second);
		assertFinds(scope + "meta.lastModified gt \"" + second.path("meta").path("lastModified").asText() + "\"");
		assertFinds(scope + "displayName eq \"TED CODD\"", first);
		assertFinds(scope + "displayName sw \"ted\"", first);
		assertFinds(scope + "displayName co \"d C\"", first);
		assertError(this.scim.get("/Users?filter=" + ScimHttp.q("nickName eq \"x\"")), 400, "invalidFilter");
	}

	@Test
	void pagesAreStableAndNamesUnique() throws Exception {
		String department = "page-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add(create("{\"userName\": \"p%d.%s\", \"%s\": {\"department\": \"%s\"}}".formatted(i, department,
					ENTERPRISE, department)).path("id").asText());
		}
		String filter = "&filter=" + ScimHttp.q(ENTERPRISE + ":department eq \"" + department + "\"");
		List<String> paged = new ArrayList<>();
		for (int start = 1; start <= 12; start += 5) {
			JsonNode page = this.scim.get("/Users?startIndex=" + start + "&count=5" + filter).json();
			assertThat(page.path("totalResults").asInt()).isEqualTo(12);
			page.path("Resources").forEach((user) -> paged.add(user.path("id").asText()));
		}
		assertThat(paged).containsExactlyElementsOf(ids);

		JsonHttpResponse duplicate = this.scim.post("/Users", "{\"userName\": \"P0." + department.toUpperCase() + "\"}");
		assertError(duplicate, 409, "uniqueness");
		JsonHttpResponse renamed = this.scim.put("/Users/" + ids.get(1), "{\"userName\": \"p0." + department + "\"}");
		assertError(renamed, 409, "uniqueness");

		String raced = "raced." + department;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		List<Future<Integer>> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(pool.submit(() -> {
				start.await();
				return this.scim.post("/Users", "{\"userName\": \"" + raced + "\"}").status();
			}));
		}
		start.countDown();
		List<Integer> answers = new ArrayList<>();
		for (Future<Integer> status : statuses) {
			answers.add(status.get());
		}
		pool.shutdown();
		assertThat(answers).containsOnly(201, 409).containsOnlyOnce(201);
	}

	private void assertFinds(String filter, JsonNode... users) {
		JsonHttpResponse response = this.scim.get("/Users?filter=" + ScimHttp.q(filter));
		assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
		List<String> found = new ArrayList<>();
		response.json().path("Resources").forEach((user) -> found.add(user.path("id").asText()));
		List<String> expected = new ArrayList<>();
		for (JsonNode user : users) {
			expected.add(user.path("id").asText());
		}
		assertThat(found).as(filter).containsExactlyElementsOf(expected);
	}

	private JsonNode create(String body) {
		JsonHttpResponse created = this.scim.post("/Users", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

}
