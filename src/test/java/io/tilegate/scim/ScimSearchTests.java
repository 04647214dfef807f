package io.tilegate.scim;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /Users/.search} and {@code POST /Groups/.search} (RFC 7644 §3.4.3) over real
 * HTTP, on H2 and on PostgreSQL: each answers exactly what the GET with the same parameters
 * answers, and a body that is no SearchRequest is refused saying what is wrong.
 */
abstract class ScimSearchTests extends ScimGroupIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aUserSearchAnswersAsTheGetDoes() {
		String department = department();
		for (String name : List.of("Carol", "alice", "Bob", "dave")) {
			JsonHttpResponse created = this.scim.post("/Users", """
					{"userName": "%1$s.%2$s", "name": {"givenName": "%1$s", "familyName": "%1$s"},
					 "%3$s": {"department": "%2$s"}}""".formatted(name, department, ENTERPRISE));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
		}
		String filter = ENTERPRISE + ":department eq \"" + department + "\"";

		JsonHttpResponse searched = this.scim.post("/Users/.search", """
				{"schemas": ["%s"], "filter": "%s", "startIndex": 2, "count": 2, "sortBy": "name.familyName",
				 "sortOrder": "descending", "attributes": ["userName", "name.familyName"]}"""
			.formatted(SEARCH_REQUEST, filter.replace("\"", "\\\"")));
		JsonHttpResponse got = this.scim.get("/Users?filter=" + ScimHttp.q(filter) + "&startIndex=2&count=2"
				+ "&sortBy=name.familyName&sortOrder=descending&attributes=userName,name.familyName");

		assertThat(searched.status()).as(searched.toString()).isEqualTo(200);
		assertThat(searched.header("Content-Type")).startsWith("application/scim+json");
		assertThat(searched.json()).isEqualTo(got.json());
		assertThat(values(searched.json().path("Resources"), "userName")).containsExactly("Carol." + department,
				"Bob." + department);
		assertThat(searched.json().path("totalResults").asInt()).isEqualTo(4);
		assertThat(searched.json().path("Resources").get(0).has("meta")).isFalse();

		JsonHttpResponse excluding = this.scim.post("/users/.search/", """
				{"schemas": ["%s"], "filter": "%s", "sortBy": "userName", "excludedAttributes": ["groups", "meta"]}"""
			.formatted(SEARCH_REQUEST, filter.replace("\"", "\\\"")));
		assertThat(excluding.status()).as(excluding.toString()).isEqualTo(200);
		assertThat(excluding.json()).isEqualTo(this.scim
			.get("/Users?filter=" + ScimHttp.q(filter) + "&sortBy=userName&excludedAttributes=groups,meta")
			.json());
		assertThat(excluding.json().path("itemsPerPage").asInt()).isEqualTo(4);
	}

	@Test
	void aGroupSearchAnswersAsTheGetDoes() {
		String connection = "search-" + UUID.randomUUID().toString().substring(0, 8);
		connect(connection);
		this.scim = this.scim.withToken(newToken(connection));
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		createGroup("Sales", ada);
		String engineering = createGroup("engineering", ada, grace);
		createGroup("Apes", grace);

		JsonHttpResponse searched = this.scim.post("/groups/.search", """
				{"schemas": ["%s"], "sortBy": "displayName", "sortOrder": "descending", "count": 2}"""
			.formatted(SEARCH_REQUEST));
		assertThat(searched.status()).as(searched.toString()).isEqualTo(200);
		assertThat(searched.json())
			.isEqualTo(this.scim.get("/Groups?sortBy=displayName&sortOrder=descending&count=2").json());
		assertThat(values(searched.json().path("Resources"), "displayName")).containsExactly("Sales", "engineering");
		assertThat(searched.json().path("totalResults").asInt()).isEqualTo(3);

		String filter = "members[value eq \"" + grace.id() + "\"]";
		JsonHttpResponse members = this.scim.post("/Groups/.search", """
				{"schemas": ["%s"], "filter": "%s", "excludedAttributes": "members"}"""
			.formatted(SEARCH_REQUEST, filter.replace("\"", "\\\"")));
		assertThat(members.status()).as(members.toString()).isEqualTo(200);
		assertThat(members.json())
			.isEqualTo(this.scim.get("/Groups?excludedAttributes=members&filter=" + ScimHttp.q(filter)).json());
		assertThat(values(members.json().path("Resources"), "id")).contains(engineering).hasSize(2);
		assertThat(members.json().path("Resources").get(0).has("members")).isFalse();
	}

	@Test
	void aSearchWithoutSchemasOrWithNullsIsTheEmptySearch() {
		JsonHttpResponse bare = this.scim.post("/Users/.search", "{\"count\": 0, \"filter\": null}");

		assertThat(bare.status()).as(bare.toString()).isEqualTo(200);
		assertThat(bare.json()).isEqualTo(this.scim.get("/Users?count=0").json());
	}

	@Test
	void aBodyThatIsNoSearchRequestIsRefusedSayingWhy() {
		assertError(this.scim.post("/Users/.search", null), 400, "invalidSyntax");
		assertError(this.scim.post("/Users/.search", "{\"filter\": "), 400, "invalidSyntax");
		assertError(this.scim.post("/Groups/.search", "[]"), 400, "invalidSyntax");

		JsonHttpResponse user = this.scim.post("/Users/.search", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada"}""");
		assertError(user, 400, "invalidSyntax");
		JsonHttpResponse misspelt = this.scim.post("/Users/.search", """
				{"schemas": ["%s"], "filters": "userName eq \\"ada\\""}""".formatted(SEARCH_REQUEST));
		assertError(misspelt, 400, "invalidSyntax");
		assertThat(detail(misspelt)).contains("no field 'filters'", "filter", "sortBy", "excludedAttributes");
		JsonHttpResponse schemas = this.scim.post("/Groups/.search", """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""");
		assertError(schemas, 400, "invalidSyntax");
		assertThat(detail(schemas)).contains(SEARCH_REQUEST);

		assertWrongType("{\"filter\": 5}", "filter must be a string");
		assertWrongType("{\"sortBy\": [\"userName\"]}", "sortBy must be a string");
		assertWrongType("{\"attributes\": {\"userName\": true}}", "attributes must be an array of attribute names");
		assertWrongType("{\"excludedAttributes\": [1]}", "excludedAttributes must be an array of attribute names");
		assertWrongType("{\"count\": true}", "count must be an integer");

		JsonHttpResponse start = this.scim.post("/Users/.search", "{\"startIndex\": \"two\"}");
		assertError(start, 400, "invalidValue");
		assertThat(detail(start)).contains("startIndex must be an integer");
		assertError(this.scim.post("/Users/.search", "{\"count\": 1.5}"), 400, "invalidValue");
		JsonHttpResponse sortBy = this.scim.post("/Groups/.search", "{\"sortBy\": \"members\"}");
		assertError(sortBy, 400, "invalidValue");
		assertThat(detail(sortBy)).contains("displayName, meta.created, meta.lastModified and externalId");
		assertError(this.scim.post("/Users/.search", "{\"sortOrder\": \"down\"}"), 400, "invalidValue");
		assertError(this.scim.post("/Users/.search", "{\"filter\": \"userName eq\"}"), 400, "invalidFilter");
	}

	@Test
	void aRefusedSearchIsInTheEventLog() throws Exception {
		assertError(this.scim.post("/users/.search", "{\"sortOrder\": \"down\"}"), 400, "invalidValue");

		Event call = eventsOf(EventType.SCIM_REQUEST).get(0);
		JsonNode detail = JSON.readTree(call.getDetail());
		assertThat(detail.path("method").asText()).isEqualTo("POST");
		assertThat(detail.path("path").asText()).isEqualTo("/scim/v2/Users/.search");
		assertThat(detail.path("status").asInt()).isEqualTo(400);
		assertThat(detail.path("resourceType").asText()).isEqualTo("User");
	}

	private void assertWrongType(String body, String detail) {
		JsonHttpResponse refused = this.scim.post("/Users/.search", body);
		assertError(refused, 400, "invalidSyntax");
		assertThat(detail(refused)).contains(detail);
	}

	private static String detail(JsonHttpResponse response) {
		return response.json().path("detail").asText();
	}

	private static String department() {
		return "search-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
