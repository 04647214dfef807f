package io.tilegate.scim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.saml.Browser;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The group paths on a real PostgreSQL, through the real endpoints. */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class ScimGroupsPostgresTests extends ScimGroupIntegrationTest {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@Test
	void pushReadFilterPatchPutAndDelete() {
		TestUser ada = user("ada");
		TestUser grace = user("grace");
		TestUser linus = user("linus");
		String name = groupName("Engineering");
		String id = createGroup(name, ada);

		JsonNode found = this.scim.get("/Groups?startIndex=1&count=100&filter="
				+ ScimHttp.q("displayName eq \"" + name.toUpperCase() + "\" and members[value eq \"" + ada.id() + "\"]"))
			.json();
		assertThat(values(found.path("Resources"), "id")).containsExactly(id);

		JsonHttpResponse okta = this.scim.patch("/Groups/" + id,
				fixture("okta-group-push-rename-with-member-add", Map.of("groupId", id, "displayName", name + " 2",
						"user1", grace.id(), "user1Name", grace.userName(), "user2", linus.id(), "user2Name",
						linus.userName())));
		assertThat(okta.status()).as(okta.toString()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(ada.id(), grace.id(), linus.id());

		JsonHttpResponse entra = this.scim.patch("/Groups/" + id,
				fixture("entra-patch-remove-members", Map.of("user", ada.id())));
		assertThat(entra.status()).isEqualTo(204);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(grace.id(), linus.id());

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id,
				"{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ada.id()
						+ "\"},{\"value\":\"" + UUID.randomUUID() + "\"}]}]}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(memberIds(id)).containsExactlyInAnyOrder(grace.id(), linus.id());

		JsonHttpResponse stale = this.scim.send("PUT", "/Groups/" + id, "{\"displayName\":\"" + name + "\"}",
				Map.of("If-Match", "W/\"0\""));
		assertThat(stale.status()).isEqualTo(412);
		JsonHttpResponse put = this.scim.send("PUT", "/Groups/" + id,
				"{\"displayName\":\"" + name + "\",\"members\":[{\"value\":\"" + ada.id() + "\"}]}",
				Map.of("If-Match", "W/\"2\""));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.header("ETag")).isEqualTo("W/\"3\"");
		assertThat(values(put.json().path("members"), "value")).containsExactly(ada.id());

		String taken = createGroup(groupName("Taken"));
		JsonHttpResponse conflict = this.scim.patch("/Groups/" + taken,
				"{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + name.toLowerCase()
						+ "\"}]}");
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.json().path("scimType").asText()).isEqualTo("uniqueness");

		assertThat(this.scim.delete("/Groups/" + id).status()).isEqualTo(204);
		assertThat(this.scim.get("/Groups/" + id).status()).isEqualTo(404);
	}

	@Test
	void concurrentMembershipPatchesOfOneGroupAllLand() throws Exception {
		String id = createGroup(groupName("Concurrent"));
		// Everyone also adds the same user: without the group's row lock two would insert that
		// membership at once and one would fail on the primary key.
		TestUser everyone = user("everyone");
		List<TestUser> users = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			users.add(user("member" + i));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(users.size());
		List<Future<Integer>> statuses = new ArrayList<>();
		for (TestUser member : users) {
			String body = fixture("okta-group-push-rename-with-member-add", Map.of("groupId", id, "displayName",
					"Concurrent " + id, "user1", member.id(), "user1Name", member.userName(), "user2", everyone.id(),
					"user2Name", everyone.userName()));
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

		List<String> expected = new ArrayList<>(users.stream().map(TestUser::id).toList());
		expected.add(everyone.id());
		assertThat(memberIds(id)).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(this.scim.get("/Groups/" + id).json().path("meta").path("version").asText())
			.isEqualTo("W/\"" + users.size() + "\"");
	}

	@Test
	void concurrentPushesOfGroupsSharingMembersAllLand() throws Exception {
		// An IdP pushes several groups at once, and the same people sit in many of them. Each
		// new membership row holds a key-share lock on its user until commit, and the persona
		// recompute before commit locks the same users: every push must still get its 201.
		List<TestUser> people = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			people.add(user("shared" + i));
		}
		int pushes = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(pushes);
		List<Future<JsonHttpResponse>> answers = new ArrayList<>();
		for (int g = 0; g < pushes; g++) {
			List<TestUser> members = new ArrayList<>(people);
			// Half the pushes name the members the other way round.
			if (g % 2 == 1) {
				Collections.reverse(members);
			}
			StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],")
				.append("\"displayName\":\"").append(groupName("Shared " + g)).append("\",\"members\":[");
			for (int m = 0; m < members.size(); m++) {
				body.append((m > 0) ? "," : "").append("{\"value\":\"").append(members.get(m).id()).append("\"}");
			}
			String json = body.append("]}").toString();
			answers.add(pool.submit(() -> {
				start.await();
				return this.scim.post("/Groups", json);
			}));
		}
		start.countDown();
		List<String> groups = new ArrayList<>();
		for (Future<JsonHttpResponse> answer : answers) {
			JsonHttpResponse created = answer.get();
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			groups.add(created.json().path("id").asText());
		}
		pool.shutdown();
		for (String group : groups) {
			assertThat(memberIds(group)).containsExactlyInAnyOrderElementsOf(people.stream().map(TestUser::id).toList());
		}
	}

	@Test
	void aPushOfSeveralMembersRecomputesEachAsARecomputeOfThemAloneWould() throws Exception {
		assertAPushOfSeveralMembersRecomputesEachAsAlone();
	}

	@Test
	void samlSignInsLeaveAPushedGroupAlone() {
		TestUser u = user("u");
		TestUser v = user("v");
		String engineering = groupName("Engineering");
		String id = createGroup(engineering, u);

		signIn(u, groupName("Sales"));
		signIn(v, engineering);

		assertThat(memberIds(id)).containsExactly(u.id());
	}

	private void signIn(TestUser user, String... groups) {
		String response = idp
			.response(BASE + "/login/saml2/sso/" + CONNECTION, BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user.userName())
			.attribute("groups", List.of(groups))
			.build()
			.base64();
		assertThat(new Browser(this.port).postResponse(CONNECTION, response, null).statusCode()).isEqualTo(302);
	}

}
