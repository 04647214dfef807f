package io.tilegate.scim;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control characters (C0, DEL, C1) in the names and external ids a client pushes are refused
 * with {@code invalidValue} naming the attribute, and nothing is written; any other character,
 * accented or not Latin at all, is a name like any other. They sit inside the values here:
 * a group name or an external id is trimmed before it is kept, and trimming drops the C0 ones
 * at either end. The JSON bodies carry them escaped
 * ({@code \\u0000}), as RFC 8259 requires below U+0020, or raw (C1).
 */
class ScimControlCharacterTests extends ScimGroupIntegrationTest {

	/** NUL, BEL, TAB, LF, ESC, US, DEL, escaped; NEL and CSI (C1) escaped and raw. */
	private static final List<String> CONTROLS = List.of("\\u0000", "\\u0007", "\\t", "\\n", "\\u001b[31m",
			"\\u001f", "\\u007f", "\\u0085", "\u0085", "\u009b");

	@Test
	void aUserNameWithAControlCharacterIsRefusedOnCreate() {
		String prefix = unique("ctl");
		for (String control : CONTROLS) {
			JsonHttpResponse refused = this.scim.post("/Users", "{\"userName\": \"" + prefix + control + "@example.com\"}");
			assertRefused(refused, "userName", control);
		}
		assertThat(usersNamed(prefix)).isZero();
	}

	@Test
	void aUserNameWithAControlCharacterIsRefusedOnReplaceAndPatch() {
		String userName = unique("ada") + "@example.com";
		JsonNode ada = created(this.scim.post("/Users", "{\"userName\": \"" + userName + "\"}"));
		String id = ada.path("id").asText();

		assertRefused(this.scim.put("/Users/" + id, "{\"userName\": \"" + userName + "\\u0000\"}"), "userName",
				"NUL");
		assertRefused(this.scim.patch("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "userName", "value": "%s\\u007f"}]}""".formatted(userName)),
				"userName", "DEL");
		assertRefused(this.scim.patch("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "Replace", "value": {"userName": "\\u0085%s"}}]}""".formatted(userName)),
				"userName", "NEL");

		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(ada);
	}

	@Test
	void aUserExternalIdWithAControlCharacterIsRefused() {
		String userName = unique("grace") + "@example.com";
		assertRefused(this.scim.post("/Users", "{\"userName\": \"" + userName + "\", \"externalId\": \"00u\\u0000x\"}"),
				"externalId", "NUL");
		assertThat(usersNamed(userName)).isZero();

		JsonNode grace = created(this.scim.post("/Users", "{\"userName\": \"" + userName + "\", \"externalId\": \"00u1\"}"));
		String id = grace.path("id").asText();
		assertRefused(this.scim.patch("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "externalId", "value": "00u\\u0001x"}]}"""), "externalId",
				"SOH");
		assertRefused(this.scim.put("/Users/" + id, "{\"userName\": \"" + userName + "\", \"externalId\": \"00u\u009fx\"}"),
				"externalId", "APC");
		assertThat(this.scim.get("/Users/" + id).json()).isEqualTo(grace);
	}

	@Test
	void namesInAnyScriptAreStillNames() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		for (String userName : List.of("zoë.ñúñez-" + suffix + "@example.com", "名前-" + suffix,
				"Ω≈ç-" + suffix + " with spaces", "emoji-🙂-" + suffix)) {
			JsonHttpResponse response = this.scim.post("/Users", "{\"userName\": \"" + userName + "\"}");
			assertThat(response.status()).as(userName + " -> " + response).isEqualTo(201);
			assertThat(response.json().path("userName").asText()).isEqualTo(userName);
		}
		JsonHttpResponse group = this.scim.post("/Groups", "{\"displayName\": \"Équipe 設計 " + suffix + "\"}");
		assertThat(group.status()).as(group.toString()).isEqualTo(201);
	}

	@Test
	void aUserWhoseNameHasAControlCharacterAlreadyCanStillBeChangedOtherwise() {
		// Written before the rule, e.g. by an older Tilegate: a client must still be able to
		// deactivate them or fix other attributes without renaming them first.
		UUID id = UUID.randomUUID();
		String userName = unique("legacy") + "\u0007@example.com";
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into app_user (id, user_name, user_name_key, active, scim_managed, created_at, updated_at, version)
				values (?, ?, ?, true, true, ?, ?, 0)""", id, userName, userName.toLowerCase(), now, now);

		JsonHttpResponse patched = this.scim.patch("/Users/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "title", "value": "Engineer"}]}""");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().path("title").asText()).isEqualTo("Engineer");
	}

	@Test
	void aGroupDisplayNameOrExternalIdWithAControlCharacterIsRefused() {
		String name = groupName("Ops");
		for (String control : CONTROLS) {
			assertRefused(this.scim.post("/Groups", "{\"displayName\": \"" + name + control + " team\"}"),
					"displayName", control);
		}
		assertRefused(this.scim.post("/Groups", "{\"displayName\": \"" + name + "\", \"externalId\": \"g\\u0000g\"}"),
				"externalId", "NUL");
		assertThat(this.jdbc.queryForObject("select count(*) from user_group where display_name like ?", Integer.class,
				name + "%")).isZero();

		TestUser ada = user("ada");
		String id = createGroup(name, ada);
		JsonNode before = this.scim.get("/Groups/" + id).json();
		assertRefused(this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "path": "displayName", "value": "%s\\u0000 team"}]}""".formatted(name)),
				"displayName", "NUL");
		assertRefused(this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "replace", "value": {"id": "%s", "displayName": "%s\u0085 team"}}]}""".formatted(id,
						name)), "displayName", "NEL");
		assertRefused(this.scim.put("/Groups/" + id, "{\"displayName\": \"" + name + "\", \"externalId\": \"g\\u001bg\"}"),
				"externalId", "ESC");
		assertThat(this.scim.get("/Groups/" + id).json()).isEqualTo(before);
	}

	@Test
	void aGroupWhoseNameHasAControlCharacterAlreadyCanStillTakeMembers() {
		// A group SAML sign-ins asserted with such a name: a push adopting it by id must work.
		UUID id = UUID.randomUUID();
		String name = groupName("Asserted") + "\u0007";
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into user_group (id, connection_id, display_name, name_key, created_at, updated_at, scim_managed,
				  version)
				values (?, ?, ?, ?, ?, ?, false, 0)""", id, CONNECTION, name, name.toLowerCase(), now, now);
		TestUser ada = user("ada");

		JsonHttpResponse patched = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}""".formatted(ada.id()));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(204);
		assertThat(memberIds(id.toString())).containsExactly(ada.id());
	}

	/**
	 * @param control how the character was sent, or its name, which the detail need not
	 * repeat: only the attribute and that it is a control character matter to the client
	 */
	private static void assertRefused(JsonHttpResponse response, String attribute, String control) {
		assertError(response, 400, "invalidValue");
		assertThat(response.json().path("detail").asText()).as(control)
			.contains(attribute)
			.containsIgnoringCase("control character");
	}

	private static JsonNode created(JsonHttpResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private int usersNamed(String prefix) {
		Integer count = this.jdbc.queryForObject("select count(*) from app_user where user_name_key like ?",
				Integer.class, prefix.toLowerCase() + "%");
		return (count != null) ? count : 0;
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
