package io.tilegate.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The enterprise {@code manager}: by SCIM id, and a reference kept until its user appears. */
class ScimUserManagerTests extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void managerIsNamedByTheirScimIdAndShownWithTheirName() {
		String boss = create("{\"userName\": \"" + unique("boss") + "\", \"name\": {\"givenName\": \"Grace\", "
				+ "\"familyName\": \"Hopper\"}}").path("id").asText();

		JsonNode report = create(withManager(unique("report"), "{\"value\": \"" + boss + "\"}"));

		JsonNode manager = report.path(ENTERPRISE).path("manager");
		assertThat(manager.path("value").asText()).isEqualTo(boss);
		assertThat(manager.path("displayName").asText()).isEqualTo("Grace Hopper");
		assertThat(this.directory.profile(UUID.fromString(report.path("id").asText())).orElseThrow().manager().id())
			.isEqualTo(UUID.fromString(boss));
	}

	@Test
	void aManagerNotKnownYetIsKeptAndResolvedWhenThatUserIsCreatedWithTheExternalId() {
		String bossExternalId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
		JsonNode report = create(withManager(unique("early"), "{\"value\": \"" + bossExternalId + "\"}"));
		String reportId = report.path("id").asText();
		assertThat(report.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(bossExternalId);
		assertThat(report.path(ENTERPRISE).path("manager").has("displayName")).isFalse();

		// A change to something else keeps the reference.
		JsonHttpResponse patched = this.scim.patch("/Users/" + reportId, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "title", "value": "Waiting"}]}""");
		assertThat(patched.json().path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(bossExternalId);

		String bossName = unique("late.boss");
		String boss = create("{\"userName\": \"" + bossName + "\", \"externalId\": \"" + bossExternalId + "\"}")
			.path("id")
			.asText();

		JsonNode resolved = this.scim.get("/Users/" + reportId).json().path(ENTERPRISE).path("manager");
		assertThat(resolved.path("value").asText()).isEqualTo(boss);
		assertThat(resolved.path("displayName").asText()).isEqualTo(bossName);
		assertThat(eventsOf(EventType.MANAGER_RESOLVED)).anyMatch((e) -> reportId.equals(String.valueOf(e.getUserId()))
				&& e.getSummary().contains(bossExternalId));
	}

	@Test
	void aManagerReferenceResolvesByUserNameIgnoringCaseAndWhenTheExternalIdArrivesLater() {
		String bossName = unique("Named.Boss");
		String byName = create(withManager(unique("r1"), "{\"value\": \"" + bossName.toUpperCase() + "\"}")).path("id")
			.asText();
		String byExternal = create(withManager(unique("r2"), "\"later-" + bossName + "\"")).path("id").asText();

		String boss = create("{\"userName\": \"" + bossName + "\"}").path("id").asText();
		assertThat(managerOf(byName)).isEqualTo(boss);
		assertThat(managerOf(byExternal)).isEqualTo("later-" + bossName);

		this.scim.put("/Users/" + boss, "{\"userName\": \"" + bossName + "\", \"externalId\": \"later-" + bossName + "\"}");
		assertThat(managerOf(byExternal)).isEqualTo(boss);
	}

	@Test
	void aManagerOfAnotherTenantIsNeverResolved() {
		connect("tenant-m");
		this.jdbc.update("update idp_connection set tenant_id = 'tenant-m' where id = 'tenant-m'");
		ScimHttp other = this.scim.withToken(newToken("tenant-m"));
		JsonHttpResponse stranger = other.post("/Users", "{\"userName\": \"" + unique("stranger") + "\"}");
		String strangerId = stranger.json().path("id").asText();

		JsonNode report = create(withManager(unique("loyal"), "{\"value\": \"" + strangerId + "\"}"));

		assertThat(report.path(ENTERPRISE).path("manager").has("displayName")).isFalse();
		assertThat(this.directory.profile(UUID.fromString(report.path("id").asText())).orElseThrow().manager()).isNull();
		assertThat(other.get("/Users/" + report.path("id").asText()).status()).isEqualTo(404);
	}

	@Test
	void aManagerLeftOutOfAPutIsCleared() {
		String boss = create("{\"userName\": \"" + unique("boss") + "\"}").path("id").asText();
		String userName = unique("managed");
		String id = create(withManager(userName, "{\"value\": \"" + boss + "\"}")).path("id").asText();

		JsonNode replaced = this.scim.put("/Users/" + id, "{\"userName\": \"" + userName + "\"}").json();

		assertThat(replaced.has(ENTERPRISE)).isFalse();
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().manager()).isNull();
		assertThat(this.directory.profile(UUID.fromString(id)).orElseThrow().pendingManager()).isNull();
	}

	private String managerOf(String id) {
		return this.scim.get("/Users/" + id).json().path(ENTERPRISE).path("manager").path("value").asText();
	}

	private static String withManager(String userName, String manager) {
		return "{\"userName\": \"" + userName + "\", \"" + ENTERPRISE + "\": {\"manager\": " + manager + "}}";
	}

	private JsonNode create(String body) {
		JsonHttpResponse created = this.scim.post("/Users", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
