package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.Personas;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /scim/v2/Bulk} (RFC 7644 §3.7) as a provisioning client sends it: each
 * operation answered with its own status, bulkId references resolved, failOnErrors and the
 * advertised limits held to, and every operation's result readable afterwards.
 */
class ScimBulkTests extends ScimIntegrationTest {

	static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

	@Autowired
	Personas personas;

	@Test
	void aThousandUserCreatesInOneRequestAreAllCreatedReadableAndRecorded() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(null, operations(1000, (i) -> create("u" + i, prefix + i)));
		JsonNode logged = read(eventsOf(EventType.SCIM_REQUEST).get(0).getDetail());

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
		JsonNode results = response.json().path("Operations");
		assertThat(results).hasSize(1000);
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			JsonNode result = results.get(i);
			assertThat(result.path("status").isTextual()).isTrue();
			assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("201");
			assertThat(result.path("method").asText()).isEqualTo("POST");
			assertThat(result.path("bulkId").asText()).isEqualTo("u" + i);
			assertThat(result.path("version").asText()).startsWith("W/");
			String location = result.path("location").asText();
			assertThat(location).startsWith(BASE + "/scim/v2/Users/");
			ids.add(location.substring(location.lastIndexOf('/') + 1));
		}
		assertThat(ids).hasSize(1000);
		assertThat(listedIds(prefix)).isEqualTo(ids);
		JsonNode one = this.scim.get("/Users/" + results.get(7).path("location").asText().replaceAll(".*/", "")).json();
		assertThat(one.path("userName").asText()).isEqualTo(prefix + 7 + "@example.com");
		assertThat(one.path("name").path("familyName").asText()).isEqualTo(prefix + 7);
		assertThat(one.path("emails").get(0).path("value").asText()).isEqualTo(prefix + 7 + "@example.com");
		assertThat(eventsOf(EventType.USER_CREATED).stream()
			.filter((event) -> event.getUserName().startsWith(prefix))
			.map(Event::getUserId)
			.map(UUID::toString)).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(logged.path("path").asText()).isEqualTo("/scim/v2/Bulk");
		assertThat(logged.path("outcome").asText()).isEqualTo("1000 done, 0 failed");
		assertThat(logged.path("operations")).hasSize(1000);
		assertThat(logged.path("operations").get(0).path("status").asInt()).isEqualTo(201);
	}

	@Test
	void aGroupCreatedAfterItsUsersNamesThemByBulkId() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(null, List.of(create("ada", prefix + "ada"), create("bob", prefix + "bob"), """
				{"method": "POST", "path": "/Groups", "bulkId": "team", "data": {
				  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s team",
				  "members": [{"value": "bulkId:ada"}, {"value": "bulkId:bob"}]}}""".formatted(prefix)));

		JsonNode results = response.json().path("Operations");
		assertThat(results).as(response.body()).extracting((result) -> result.path("status").asText())
			.containsExactly("201", "201", "201");
		String group = results.get(2).path("location").asText();
		assertThat(group).startsWith(BASE + "/scim/v2/Groups/");
		JsonNode members = this.scim.get(group.substring((BASE + "/scim/v2").length())).json().path("members");
		assertThat(members).extracting((member) -> member.path("value").asText())
			.containsExactlyInAnyOrder(idOf(results.get(0)), idOf(results.get(1)));
	}

	@Test
	void aUserCreatedInBulkBecomesTheManagerAnEarlierUserAwaited() {
		String prefix = prefix();
		String bossExternalId = "00u" + prefix;
		JsonHttpResponse report = this.scim.post("/Users", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "userName": "%s-report@example.com",
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "%s"}}}"""
			.formatted(prefix, bossExternalId));
		assertThat(report.status()).as(report.body()).isEqualTo(201);
		String reportId = report.json().path("id").asText();

		JsonNode results = bulk(null, List.of(create("b", prefix + "b"),
				create("boss", prefix + "boss").replaceFirst("\"active\": true", "\"active\": true, \"externalId\": \""
						+ bossExternalId + "\"")))
			.json()
			.path("Operations");

		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("201", "201");
		JsonNode manager = this.scim.get("/Users/" + reportId).json()
			.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
			.path("manager");
		assertThat(manager.path("value").asText()).isEqualTo(idOf(results.get(1)));
		assertThat(eventsOf(EventType.MANAGER_RESOLVED)).anyMatch((event) -> reportId.equals(String.valueOf(event.getUserId())));
	}

	@Test
	void usersCreatedInBulkJoinTheirPersonasAsASingleCreateDoes() throws Exception {
		String prefix = prefix();
		this.personas.savePersona(null, new Personas.PersonaEdit("Sales " + prefix, null, new ObjectMapper().readTree("""
				{"type": "field", "field": "department", "test": "equals", "value": "Sales %s"}""".formatted(prefix)),
				List.of()), "test");
		String sales = """
				, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales %s"}}}"""
			.formatted(prefix);

		JsonNode results = bulk(null, List.of(create("a", prefix + "a").replaceFirst("}}$", sales),
				create("b", prefix + "b"), create("c", prefix + "c").replaceFirst("}}$", sales)))
			.json()
			.path("Operations");

		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("201", "201",
				"201");
		assertThat(this.personas.personasOf(UUID.fromString(idOf(results.get(0))))).extracting(Personas.Named::name)
			.containsExactly("Sales " + prefix);
		assertThat(this.personas.personasOf(UUID.fromString(idOf(results.get(1))))).isEmpty();
		assertThat(this.personas.personasOf(UUID.fromString(idOf(results.get(2))))).extracting(Personas.Named::name)
			.containsExactly("Sales " + prefix);
	}

	@Test
	void failOnErrorsOneStopsAfterTheFirstFailure() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(1, List.of(create("first", prefix + "a"), create("again", prefix + "a"),
				create("never", prefix + "b"), """
						{"method": "DELETE", "path": "/Users/%s"}""".formatted(UUID.randomUUID())));

		String outcome = read(eventsOf(EventType.SCIM_REQUEST).get(0).getDetail()).path("outcome").asText();
		JsonNode results = response.json().path("Operations");
		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("201", "409");
		assertThat(results.get(1).path("response").path("scimType").asText()).isEqualTo("uniqueness");
		assertThat(results.get(1).has("location")).isFalse();
		assertThat(listedIds(prefix)).containsExactly(idOf(results.get(0)));
		assertThat(outcome).isEqualTo("1 done, 1 failed, 2 not run (failOnErrors 1)");
	}

	@Test
	void moreOperationsThanMaxOperationsAreRefusedWith413TooLarge() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(null, operations(1001, (i) -> create("u" + i, prefix + i)));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		assertThat(response.json().path("scimType").asText()).isEqualTo("tooLarge");
		assertThat(response.json().path("detail").asText()).contains("1001").contains("at most 1000");
		assertThat(listedIds(prefix)).isEmpty();
	}

	@Test
	void aBodyOverMaxPayloadSizeIsRefusedWith413() {
		String prefix = prefix();
		String padding = "x".repeat(4 * 1024 * 1024);

		JsonHttpResponse response = bulk(null, List.of(create("u", prefix + "u").replace("\"active\": true",
				"\"active\": true, \"nickName\": \"" + padding + "\"")));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().path("scimType").asText()).isEqualTo("tooLarge");
		assertThat(response.json().path("detail").asText()).contains("maxPayloadSize");
		assertThat(listedIds(prefix)).isEmpty();
	}

	@Test
	void aPatchAndADeleteRunWithTheirVersions() {
		String prefix = prefix();
		JsonHttpResponse kept = this.scim.post("/Users", data(prefix + "kept"));
		JsonHttpResponse gone = this.scim.post("/Users", data(prefix + "gone"));
		String keptId = kept.json().path("id").asText();
		String goneId = gone.json().path("id").asText();

		JsonHttpResponse response = bulk(null, List.of("""
				{"method": "PATCH", "path": "/Users/%s", "version": %s, "data": {
				  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				  "Operations": [{"op": "replace", "value": {"active": false}}]}}"""
			.formatted(keptId, json(kept.header("ETag"))), """
					{"method": "DELETE", "path": "/Users/%s", "version": %s}"""
				.formatted(goneId, json(gone.header("ETag"))), """
					{"method": "DELETE", "path": "/Users/%s", "version": %s}"""
				.formatted(keptId, json(kept.header("ETag")))));

		JsonNode results = response.json().path("Operations");
		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("200", "204",
				"412");
		assertThat(results.get(0).path("location").asText()).isEqualTo(BASE + "/scim/v2/Users/" + keptId);
		assertThat(results.get(0).path("version").asText()).isNotEqualTo(kept.header("ETag"));
		assertThat(results.get(1).path("location").asText()).isEqualTo(BASE + "/scim/v2/Users/" + goneId);
		assertThat(this.scim.get("/Users/" + keptId).json().path("active").asBoolean()).isFalse();
		assertThat(this.scim.get("/Users/" + goneId).status()).isEqualTo(404);
	}

	@Test
	void aBadOperationAmongGoodOnesFailsAlone() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(null, List.of(create("a", prefix + "a"), """
				{"method": "POST", "path": "/Users", "bulkId": "nameless", "data": {"name": {"givenName": "No"}}}""",
				create("b", prefix + "b"), """
						{"method": "PATCH", "path": "/Groups/%s", "data": {
						  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
						  "Operations": [{"op": "replace", "value": {"displayName": "x"}}]}}"""
					.formatted(UUID.randomUUID()),
				create("c", prefix + "c")));

		JsonNode results = response.json().path("Operations");
		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("201", "400",
				"201", "404", "201");
		assertThat(results.get(1).path("response").path("detail").asText()).contains("userName");
		assertThat(results.get(3).path("response").path("status").asText()).isEqualTo("404");
		assertThat(listedIds(prefix)).containsExactlyInAnyOrder(idOf(results.get(0)), idOf(results.get(2)),
				idOf(results.get(4)));
	}

	@Test
	void malformedOperationsAndUnresolvableReferencesFailWithTheRfcsStatus() {
		String prefix = prefix();

		JsonHttpResponse response = bulk(null, List.of("""
				{"method": "GET", "path": "/Users"}""", """
				{"method": "POST", "path": "/Schemas", "bulkId": "s", "data": {}}""", """
				{"path": "/Users/x"}""", """
				{"method": "POST", "path": "/Users", "data": {"userName": "nobulkid@example.com"}}""",
				create("taken", prefix + "t"), create("taken2", prefix + "t"), """
						{"method": "POST", "path": "/Groups", "bulkId": "g1", "data": {"displayName": "%1$s 1",
						  "members": [{"value": "bulkId:taken2"}]}}""".formatted(prefix), """
						{"method": "POST", "path": "/Groups", "bulkId": "g2", "data": {"displayName": "%1$s 2",
						  "members": [{"value": "bulkId:nobody"}]}}""".formatted(prefix), """
						{"method": "DELETE", "path": "/Users/bulkId:later"}""", create("later", prefix + "l")));

		assertThat(response.status()).isEqualTo(200);
		JsonNode results = response.json().path("Operations");
		assertThat(results).extracting((result) -> result.path("status").asText()).containsExactly("400", "400",
				"400", "400", "201", "409", "409", "400", "409", "201");
		assertThat(results.get(0).path("response").path("detail").asText()).contains("POST, PUT, PATCH or DELETE");
		assertThat(results.get(1).path("response").path("detail").asText()).contains("/Users or /Groups");
		assertThat(results.get(3).path("response").path("detail").asText()).contains("bulkId");
		assertThat(results.get(6).path("response").path("detail").asText()).contains("'taken2' failed");
		assertThat(results.get(7).path("response").path("detail").asText()).contains("'nobody'");
		assertThat(results.get(8).path("response").path("detail").asText()).contains("comes later");
	}

	@Test
	void aRequestThatIsNoBulkRequestIsRefusedWhole() {
		JsonHttpResponse wrongSchema = this.scim.post("/Bulk", """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}""");
		JsonHttpResponse noOperations = this.scim.post("/Bulk", """
				{"schemas": ["%s"]}""".formatted(BULK_REQUEST));
		JsonHttpResponse badFailOnErrors = this.scim.post("/bulk/", """
				{"schemas": ["%s"], "failOnErrors": 0, "Operations": []}""".formatted(BULK_REQUEST));

		assertThat(wrongSchema.status()).isEqualTo(400);
		assertThat(wrongSchema.json().path("scimType").asText()).isEqualTo("invalidSyntax");
		assertThat(wrongSchema.json().path("detail").asText()).contains(BULK_REQUEST);
		assertThat(noOperations.status()).isEqualTo(400);
		assertThat(noOperations.json().path("detail").asText()).contains("Operations");
		assertThat(badFailOnErrors.status()).isEqualTo(400);
		assertThat(badFailOnErrors.json().path("scimType").asText()).isEqualTo("invalidValue");
	}

	static String create(String bulkId, String userName) {
		return """
				{"method": "POST", "path": "/Users", "bulkId": "%s", "data": %s}""".formatted(bulkId, data(userName));
	}

	/** What Okta sends to create a user. */
	static String data(String userName) {
		return """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%1$s@example.com",
				 "name": {"givenName": "Bulk", "familyName": "%1$s"},
				 "emails": [{"primary": true, "value": "%1$s@example.com", "type": "work"}], "active": true}"""
			.formatted(userName);
	}

	static List<String> operations(int count, IntFunction<String> operation) {
		List<String> operations = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			operations.add(operation.apply(i));
		}
		return operations;
	}

	static String body(Integer failOnErrors, List<String> operations) {
		return "{\"schemas\": [\"" + BULK_REQUEST + "\"], "
				+ ((failOnErrors != null) ? "\"failOnErrors\": " + failOnErrors + ", " : "") + "\"Operations\": ["
				+ String.join(",\n", operations) + "]}";
	}

	private JsonHttpResponse bulk(Integer failOnErrors, List<String> operations) {
		return this.scim.send("POST", "/Bulk", body(failOnErrors, operations), Map.of());
	}

	/** The ids of the users whose user names start with the prefix, every page read. */
	private Set<String> listedIds(String prefix) {
		Set<String> ids = new HashSet<>();
		int total = Integer.MAX_VALUE;
		while (ids.size() < total) {
			JsonHttpResponse page = this.scim.get("/Users?count=200&attributes=userName&startIndex=" + (ids.size() + 1)
					+ "&filter=" + ScimHttp.q("userName sw \"" + prefix + "\""));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			total = page.json().path("totalResults").asInt();
			if (page.json().path("Resources").isEmpty()) {
				break;
			}
			page.json().path("Resources").forEach((user) -> ids.add(user.path("id").asText()));
		}
		return ids;
	}

	private static String idOf(JsonNode result) {
		String location = result.path("location").asText();
		return location.substring(location.lastIndexOf('/') + 1);
	}

	private static String prefix() {
		return "bulk-" + UUID.randomUUID().toString().substring(0, 8) + "-";
	}

	private static String json(String text) {
		try {
			return new ObjectMapper().writeValueAsString(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode read(String json) {
		try {
			return new ObjectMapper().readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
