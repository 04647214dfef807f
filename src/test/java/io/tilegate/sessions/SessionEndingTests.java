package io.tilegate.sessions;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.saml.Browser;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every door that takes a user's access away (the admin API's deactivate and delete, SCIM's
 * {@code active:false} and DELETE) deletes every session row of theirs before it answers;
 * the old cookie's next request is signed out and told why, and nobody else's session is
 * touched, and a deactivation rolled back ends nothing. A single logout ends only the session
 * its NameID and SessionIndex name. Run on H2 and on PostgreSQL.
 */
abstract class SessionEndingTests extends AdminApiIntegrationTest {

	@Autowired
	SignedInSessions sessions;

	@Autowired
	Directory directory;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void deactivatingThroughTheAdminApiEndsEverySessionOfTheUserAndNoOneElses() {
		String user = uniqueUser();
		Browser laptop = signIn(user, "laptop-session");
		Browser phone = signIn(user, "phone-session");
		Browser colleague = signIn(uniqueUser(), "colleague-session");
		UUID id = idOf(user);
		assertThat(sessionRowsOf(id)).isEqualTo(2);

		JsonHttpResponse deactivated = this.admin.post("/api/v1/users/" + id + "/deactivate", null);

		assertThat(deactivated.status()).isEqualTo(200);
		assertThat(sessionRowsOf(id)).as("deleted before the answer, not at the user's next request").isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from SPRING_SESSION_ATTRIBUTES a where not exists "
				+ "(select 1 from SPRING_SESSION s where s.PRIMARY_ID = a.SESSION_PRIMARY_ID)", Integer.class))
			.as("their attributes went with them").isZero();
		assertEndedNotice(laptop);
		assertEndedNotice(phone);
		assertThat(colleague.get("/").statusCode()).isEqualTo(200);
		assertThat(this.events.search(EventType.SESSION_ENDED, id, null, 10)).hasSize(2).allSatisfy((event) -> {
			assertThat(event.getSummary()).isEqualTo("Session of " + user + " ended: the user was deactivated after "
					+ "signing in; it was deleted at once, on every node");
			assertThat(event.getConnectionId()).isEqualTo(CONNECTION);
			assertThat(event.getActor()).isEqualTo("tilegate");
		});
	}

	@Test
	void aDeactivationEndsTheSessionsOnlyOnceItCommitsAndARolledBackOneNever() {
		String user = uniqueUser();
		Browser browser = signIn(user, "s-1");
		UUID id = idOf(user);
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);

		transaction.executeWithoutResult((status) -> {
			this.directory.deactivate(id, "test");
			status.setRollbackOnly();
		});
		assertThat(sessionRowsOf(id)).isOne();
		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		transaction.executeWithoutResult((status) -> {
			this.directory.deactivate(id, "test");
			assertThat(sessionRowsOf(id)).as("not before the commit").isOne();
		});
		assertThat(sessionRowsOf(id)).isZero();
		assertEndedNotice(browser);
	}

	/** More at once than the pool has connections: ending sessions must not need a second one. */
	@Test
	void fifteenDeactivationsAtOnceEachEndTheirUsersSession() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			String user = uniqueUser();
			signIn(user, "s-" + i);
			ids.add(idOf(user));
		}
		ExecutorService admins = Executors.newFixedThreadPool(ids.size());
		try {
			List<Future<JsonHttpResponse>> answers = new ArrayList<>();
			for (UUID id : ids) {
				answers.add(admins.submit(() -> this.admin.post("/api/v1/users/" + id + "/deactivate", null)));
			}
			for (Future<JsonHttpResponse> answer : answers) {
				assertThat(answer.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
			}
		}
		finally {
			admins.shutdownNow();
		}
		assertThat(ids).allSatisfy((id) -> assertThat(sessionRowsOf(id)).isZero());
	}

	@Test
	void deletingThroughTheAdminApiEndsTheSessionsAtOnce() {
		String user = uniqueUser();
		Browser browser = signIn(user, "s-1");
		UUID id = idOf(user);

		assertThat(this.admin.delete("/api/v1/users/" + id).status()).isEqualTo(204);

		assertThat(sessionRowsOf(id)).isZero();
		assertEndedNotice(browser);
		assertThat(this.events.search(EventType.SESSION_ENDED, id, null, 10)).singleElement()
			.extracting(Event::getSummary)
			.isEqualTo("Session of " + user + " ended: the user was deleted after signing in; it was deleted at once, "
					+ "on every node");
	}

	@Test
	void scimActiveFalseEndsTheSessionsAtOnce() {
		String user = uniqueUser();
		Browser browser = signIn(user, "s-1");
		UUID id = idOf(user);
		ScimHttp scim = scim(newScimToken());

		JsonHttpResponse patched = scim.patch("/Users/" + id, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"active","value":false}]}""");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(sessionRowsOf(id)).isZero();
		assertEndedNotice(browser);
	}

	@Test
	void scimDeleteEndsTheSessionsAtOnce() {
		String user = uniqueUser();
		Browser browser = signIn(user, "s-1");
		UUID id = idOf(user);
		ScimHttp scim = scim(newScimToken());

		JsonHttpResponse deleted = scim.delete("/Users/" + id);

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(sessionRowsOf(id)).isZero();
		assertEndedNotice(browser);
	}

	@Test
	void aSingleLogoutEndsTheSessionOfItsSessionIndexAndThenTheRestOfItsNameId() {
		String user = uniqueUser();
		Browser laptop = signIn(user, "laptop-session");
		Browser phone = signIn(user, "phone-session");
		UUID id = idOf(user);

		assertThat(this.sessions.endSessionsOf(CONNECTION, user, Optional.of("laptop-session"))).isOne();

		assertThat(sessionRowsOf(id)).isOne();
		assertThat(laptop.get("/").headers().firstValue("Location")).as("a logout is no lost access: no notice")
			.hasValue("/login");
		assertThat(phone.get("/").statusCode()).isEqualTo(200);
		assertThat(this.sessions.endSessionsOf("another-connection", user, Optional.empty())).isZero();
		assertThat(this.sessions.endSessionsOf(CONNECTION, "nobody@example.com", Optional.empty())).isZero();
		assertThat(this.sessions.endSessionsOf(CONNECTION, user, Optional.empty())).isOne();
		assertThat(sessionRowsOf(id)).isZero();
		assertThat(phone.get("/").headers().firstValue("Location")).hasValue("/login");
		assertThat(this.events.search(EventType.SESSION_ENDED, id, null, 10)).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getSummary()).isEqualTo("Session of " + user + " ended: the "
					+ "identity provider signed the user out (single logout); it was deleted at once, on every node"));
	}

	@Test
	void endingSessionsWithoutSayingWhoseIsRefusedWithAClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.sessions.endSessionsOf(null))
			.withMessageContaining("user id is missing");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.sessions.endSessionsOf(CONNECTION, " ", Optional.empty()))
			.withMessageContaining("names the connection and the NameID");
	}

	@Test
	void theEndedNoticeIsShownOnceAndOnlyWhereSignInIsAsked() {
		String user = uniqueUser();
		Browser browser = signIn(user, "s-1");
		UUID id = idOf(user);
		int notices = endedSessionRecords();
		assertThat(this.admin.post("/api/v1/users/" + id + "/deactivate", null).status()).isEqualTo(200);
		assertThat(endedSessionRecords()).isEqualTo(notices + 1);

		assertThat(browser.get("/login").statusCode()).as("a public page does not use the notice up").isEqualTo(200);
		assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/login?ended");
		assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/login");
		assertThat(endedSessionRecords()).isEqualTo(notices);
	}

	private int endedSessionRecords() {
		return this.jdbc.queryForObject("select count(*) from ended_session", Integer.class);
	}

	private Browser signIn(String user, String sessionIndex) {
		Browser browser = new Browser(this.port);
		String response = idp.response(BASE + "/login/saml2/sso/" + CONNECTION,
				BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user)
			.sessionIndex(sessionIndex)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("email", user)
			.build()
			.base64();
		HttpResponse<String> acs = browser.postResponse(CONNECTION, response, null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		return browser;
	}

	private static void assertEndedNotice(Browser browser) {
		HttpResponse<String> next = browser.get("/");
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location")).hasValue("/login?ended");
		assertThat(browser.get("/login?ended").body()).contains("Your session ended");
	}

	/** A token of a connection of its own: a connection has at most two active tokens. */
	private String newScimToken() {
		String connection = "scim-" + UUID.randomUUID().toString().substring(0, 8);
		connect(connection);
		JsonHttpResponse created = this.admin.post("/api/v1/connections/" + connection + "/scim-tokens",
				"{\"label\":\"sessions test\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asText();
	}

	private int sessionRowsOf(UUID userId) {
		return this.jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", Integer.class,
				userId.toString());
	}

	private UUID idOf(String userName) {
		return this.jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				userName.toLowerCase());
	}

	private static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

}
