package io.tilegate.scim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Groups endpoint's contract, whoever the client is. */
class ScimGroupsTests extends ScimGroupIntegrationTest {

	@Test
	void aCreatedGroupShowsItsMembersAndMeta() {
		TestUser ada = user("ada");
		String name = groupName("Engineering");

		JsonHttpResponse created = this.scim.post("/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","externalId":"ext-%s",
				 "members":[{"value":"%s","type":"User"}]}""".formatted(name, name, ada.id()));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Content-Type")).startsWith("application/scim+json");
		JsonNode group = created.json();
		String id = group.path("id").asText();
		assertThat(group.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
		assertThat(group.path("displayName").asText()).isEqualTo(name);
		assertThat(group.path("externalId").asText()).isEqualTo("ext-" + name);
		JsonNode member = group.path("members").get(0);
		assertThat(member.path("value").asText()).isEqualTo(ada.id());
		assertThat(member.path("display").asText()).isEqualTo(ada.userName());
		assertThat(member.path("$ref").asText()).isEqualTo(BASE + "/scim/v2/Users/" + ada.id());
		assertThat(member.path("type").asText()).as("as /Schemas says").isEqualTo("User");
		JsonNode meta = group.path("meta");
		assertThat(meta.path("resourceType").asText()).isEqualTo("Group");
		assertThat(meta.path("location").asText()).isEqualTo(BASE + "/scim/v2/Groups/" + id);
		assertThat(meta.path("version").asText()).isEqualTo("W/\"0\"");
		assertThat(meta.path("created").asText()).isEqualTo(meta.path("lastModified").asText()).isNotEmpty();
		assertThat(created.header("ETag")).isEqualTo("W/\"0\"");

		JsonHttpResponse read = this.scim.get("/Groups/" + id);
		assertThat(read.json()).isEqualTo(group);
		assertThat(read.header("ETag")).isEqualTo("W/\"0\"");
		assertThat(eventsOf(EventType.GROUP_CREATED)).filteredOn((event) -> event.getSummary().contains(name))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getConnectionId()).isEqualTo(CONNECTION);
				assertThat(event.getActor()).startsWith("scim:" + CONNECTION + ":");
			});
	}

	@Test
	void aSecondGroupPushedWithTheSameNameIsAConflict() {
		String name = groupName("Sales");
		createGroup(name);

		JsonHttpResponse again = this.scim.post("/Groups", "{\"displayName\":\"" + name.toUpperCase() + "\"}");

		assertError(again, 409, "uniqueness");
		assertThat(again.json().path("detail").asText()).contains("already");
	}

	@Test
	void anUnknownMemberRefusesTheCreateAndNamesTheId() {
		TestUser ada = user("ada");
		String stranger = UUID.randomUUID().toString();
		String name = groupName("Refused");

		JsonHttpResponse refused = this.scim.post("/Groups", """
				{"displayName":"%s","members":[{"value":"%s"},{"value":"%s"}]}""".formatted(name, ada.id(), stranger));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains(stranger).doesNotContain(ada.id());
		assertThat(this.scim.get("/Groups?filter=" + ScimHttp.q("displayName eq \"" + name + "\""))
			.json()
			.path("totalResults")
			.asInt()).isZero();
	}

	@Test
	void aPatchAddingOneKnownAndOneUnknownMemberAddsNobody() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Atomic"), ada);
		String stranger = UUID.randomUUID().toString();

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id, """
				{"Operations":[{"op":"replace","path":"displayName","value":"%s"},
				 {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}"""
			.formatted(groupName("Never"), grace.id(), stranger));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains(stranger);
		JsonNode group = this.scim.get("/Groups/" + id).json();
		assertThat(values(group.path("members"), "value")).containsExactly(ada.id());
		assertThat(group.path("displayName").asText()).startsWith("Atomic");
		assertThat(group.path("meta").path("version").asText()).isEqualTo("W/\"0\"");
	}

	@Test
	void aUserOfAnotherTenantCannotBeAMember() {
		TestUser elsewhere = user("elsewhere");
		this.jdbc.update("update app_user set tenant_id = 'another' where id = ?", UUID.fromString(elsewhere.id()));

		JsonHttpResponse refused = this.scim.post("/Groups", """
				{"displayName":"%s","members":[{"value":"%s"}]}""".formatted(groupName("Tenant"), elsewhere.id()));

		assertError(refused, 400, "invalidValue");
	}

	@Test
	void groupsWithinGroupsAreRefused() {
		String inner = createGroup(groupName("Inner"));

		JsonHttpResponse refused = this.scim.post("/Groups", """
				{"displayName":"%s","members":[{"value":"%s","type":"Group"}]}""".formatted(groupName("Outer"), inner));

		assertError(refused, 400, "invalidValue");
		assertThat(refused.json().path("detail").asText()).contains("users only");
	}

	@Test
	void renamingToANameTakenIsAConflict() {
		String taken = groupName("Taken");
		createGroup(taken);
		String id = createGroup(groupName("Other"));

		assertError(this.scim.patch("/Groups/" + id,
				"{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + taken.toLowerCase() + "\"}]}"),
				409, "uniqueness");
		assertError(this.scim.put("/Groups/" + id, "{\"displayName\":\"" + taken + "\"}"), 409, "uniqueness");
	}

	@Test
	void putReplacesNameAndMembersAndKeepsMembersItDoesNotMention() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		String id = createGroup(groupName("Put"), ada);
		String renamed = groupName("Put renamed");

		JsonHttpResponse replaced = this.scim.put("/Groups/" + id, """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"%s",
				 "members":[{"value":"%s"}]}""".formatted(id, renamed, grace.id()));

		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(replaced.header("ETag")).isEqualTo("W/\"1\"");
		assertThat(replaced.json().path("displayName").asText()).isEqualTo(renamed);
		assertThat(values(replaced.json().path("members"), "value")).containsExactly(grace.id());

		JsonHttpResponse renamedOnly = this.scim.put("/Groups/" + id, "{\"displayName\":\"" + renamed + " 2\"}");
		assertThat(renamedOnly.status()).isEqualTo(200);
		assertThat(memberIds(id)).containsExactly(grace.id());

		assertThat(this.scim.put("/Groups/" + id, "{\"displayName\":\"" + renamed + "\",\"members\":[]}").status())
			.isEqualTo(200);
		assertThat(memberIds(id)).isEmpty();
	}

	@Test
	void patchReplacesTheMemberList() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		TestUser linus = user("linus");
		String id = createGroup(groupName("Replace"), ada, grace);

		JsonHttpResponse replaced = this.scim.patch("/Groups/" + id, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}"""
			.formatted(grace.id(), linus.id()));

		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(grace.id(), linus.id());
		assertThat(eventsOf(EventType.GROUP_MEMBERSHIP_CHANGED)).extracting(Event::getDetail)
			.anyMatch((detail) -> detail.contains("\"added\":[\"" + linus.userName() + "\"]")
					&& detail.contains("\"removed\":[\"" + ada.userName() + "\"]"));
	}

	@Test
	void everyChangeRaisesTheVersionAndIfMatchGuardsAgainstLostUpdates() {
		TestUser ada = user("ada");
		String id = createGroup(groupName("Etag"));
		String addAda = "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ada.id()
				+ "\"}]}]}";

		JsonHttpResponse first = this.scim.send("PATCH", "/Groups/" + id, addAda, Map.of("If-Match", "W/\"0\""));
		assertThat(first.status()).as(first.toString()).isEqualTo(204);
		assertThat(first.header("ETag")).isEqualTo("W/\"1\"");

		JsonHttpResponse stale = this.scim.send("PATCH", "/Groups/" + id,
				"{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}", Map.of("If-Match", "W/\"0\""));
		assertError(stale, 412, null);
		assertThat(memberIds(id)).containsExactly(ada.id());

		assertError(this.scim.send("PUT", "/Groups/" + id, "{\"displayName\":\"x\"}", Map.of("If-Match", "\"0\"")), 412,
				null);
		assertError(this.scim.send("DELETE", "/Groups/" + id, null, Map.of("If-Match", "W/\"7\"")), 412, null);
		assertThat(this.scim.get("/Groups/" + id).status()).isEqualTo(200);

		JsonHttpResponse strong = this.scim.send("PATCH", "/Groups/" + id,
				"{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}", Map.of("If-Match", "\"1\""));
		assertThat(strong.status()).isEqualTo(204);
		assertThat(strong.header("ETag")).isEqualTo("W/\"2\"");
		JsonNode group = this.scim.get("/Groups/" + id).json();
		assertThat(group.path("members")).isEmpty();
		// As instants: a time on a whole second is written without a fraction ("…:13Z"), which
		// as text sorts after "…:13.076Z".
		assertThat(Instant.parse(group.path("meta").path("lastModified").asText()))
			.isAfterOrEqualTo(Instant.parse(group.path("meta").path("created").asText()));
		assertThat(this.scim.send("DELETE", "/Groups/" + id, null, Map.of("If-Match", "*")).status()).isEqualTo(204);
	}

	@Test
	void deleteRemovesTheGroupAndItsMemberships() {
		TestUser ada = user("ada");
		String name = groupName("Deleted");
		String id = createGroup(name, ada);

		JsonHttpResponse deleted = this.scim.delete("/Groups/" + id);

		assertThat(deleted.status()).isEqualTo(204);
		assertError(this.scim.get("/Groups/" + id), 404, null);
		assertError(this.scim.delete("/Groups/" + id), 404, null);
		assertThat(this.jdbc.queryForObject("select count(*) from group_membership where group_id = ?", Integer.class,
				UUID.fromString(id))).isZero();
		assertThat(eventsOf(EventType.GROUP_DELETED)).anyMatch((event) -> event.getSummary().contains(name)
				&& event.getDetail().contains(ada.userName()));
	}

	@Test
	void aTokenSeesOnlyTheGroupsOfItsConnection() {
		TestUser ada = user("ada");
		String name = groupName("Okta only");
		String id = createGroup(name, ada);
		connect("onelogin");
		ScimHttp other = this.scim.withToken(newToken("onelogin"));

		assertError(other.get("/Groups/" + id), 404, null);
		assertError(other.patch("/Groups/" + id, "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}"), 404,
				null);
		assertError(other.put("/Groups/" + id, "{\"displayName\":\"mine\"}"), 404, null);
		assertError(other.delete("/Groups/" + id), 404, null);
		assertThat(other.get("/Groups?filter=" + ScimHttp.q("displayName eq \"" + name + "\""))
			.json()
			.path("totalResults")
			.asInt()).isZero();
		assertThat(other.post("/Groups", "{\"displayName\":\"" + name + "\"}").status()).isEqualTo(201);
		assertThat(memberIds(id)).containsExactly(ada.id());
	}

	@Test
	void malformedRequestsAreRefusedWithTheRightScimType() {
		String id = createGroup(groupName("Malformed"));

		assertError(this.scim.get("/Groups/not-a-group"), 404, null);
		assertError(this.scim.post("/Groups", "{\"displayName\":"), 400, "invalidSyntax");
		assertError(this.scim.post("/Groups", "{\"members\":[]}"), 400, "invalidValue");
		assertError(this.scim.post("/Groups", "{\"displayName\":42}"), 400, "invalidValue");
		assertError(this.scim.post("/Groups", "{\"displayName\":\"x\",\"members\":[\"id\"]}"), 400, "invalidValue");
		assertError(this.scim.patch("/Groups/" + id, "{\"schemas\":[]}"), 400, "invalidSyntax");
		assertError(this.scim.patch("/Groups/" + id, "{\"Operations\":[{\"op\":\"move\",\"path\":\"members\"}]}"), 400,
				"invalidSyntax");
		assertError(this.scim.patch("/Groups/" + id,
				"{\"Operations\":[{\"op\":\"replace\",\"value\":{\"id\":\"" + UUID.randomUUID() + "\"}}]}"), 400,
				"mutability");
		assertError(this.scim.patch("/Groups/" + id, "{\"Operations\":[{\"op\":\"remove\",\"path\":\"displayName\"}]}"),
				400, "invalidValue");
		assertThat(this.scim.get("/Groups/" + id).json().path("meta").path("version").asText()).isEqualTo("W/\"0\"");
	}

	@Test
	void concurrentPatchesAddingTheSameMemberTakeTurns() throws Exception {
		String id = createGroup(groupName("Concurrent"));
		TestUser everyone = user("everyone");
		String body = "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + everyone.id()
				+ "\"}]}]}";
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<Integer>> statuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			statuses.add(pool.submit(() -> {
				start.await();
				return this.scim.patch("/Groups/" + id, body).status();
			}));
		}
		start.countDown();
		for (Future<Integer> status : statuses) {
			assertThat(status.get()).isEqualTo(204);
		}
		pool.shutdown();

		assertThat(memberIds(id)).containsExactly(everyone.id());
		assertThat(this.scim.get("/Groups/" + id).json().path("meta").path("version").asText()).isEqualTo("W/\"1\"");
	}

	@Test
	void aPushOfSeveralMembersRecomputesEachAsARecomputeOfThemAloneWould() throws Exception {
		assertAPushOfSeveralMembersRecomputesEachAsAlone();
	}

	@Test
	void theEndpointNeedsAToken() {
		JsonHttpResponse anonymous = this.scim.withToken(null).get("/Groups");

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
	}

	private static void assertError(JsonHttpResponse response, int status, String scimType) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		JsonNode error = response.json();
		assertThat(error.path("schemas")).extracting(JsonNode::asText)
			.containsExactly("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(error.path("status").asText()).isEqualTo(String.valueOf(status));
		if (scimType != null) {
			assertThat(error.path("scimType").asText()).isEqualTo(scimType);
		}
	}

}
