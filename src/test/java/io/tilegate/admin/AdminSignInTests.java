package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.scim.ScimTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

class AdminSignInTests extends AdminConsoleIntegrationTest {

	@Autowired
	private ScimTokens scimTokens;

	@Test
	void aSignedOutVisitorOfAnAdminPageIsSentToTheAdminSignInPage() {
		HttpResponse<String> page = new ConsoleBrowser(this.port).get("/admin/connections");

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(location(page)).isEqualTo("/admin/sign-in");
	}

	@Test
	void theBreakGlassAdminSignsInWithTheFormAndIsRecorded() {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);

		HttpResponse<String> signedIn = browser.signInWith("admin", ADMIN_PASSWORD);

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(location(signedIn)).isEqualTo("/admin");
		assertThat(eventsOf(EventType.ADMIN_SIGNED_IN)).anyMatch((e) -> e.getSummary().contains("'admin' signed in"));
		assertThat(browser.get("/admin").body()).contains("Overview");
	}

	@Test
	void aWrongPasswordIsRefusedOnTheSignInPageAndRecordedWithoutThePassword() {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);

		HttpResponse<String> refused = browser.signInWith("admin", "not-the-Password-42");

		assertThat(location(refused)).isEqualTo("/admin/sign-in?error");
		assertThat(browser.follow(refused).body()).contains("The user name or password is wrong.");
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).anySatisfy((event) -> {
			assertThat(event.getSummary()).contains("Admin console sign-in refused for 'admin'");
			assertThat(event.getSummary() + event.getDetail()).doesNotContain("not-the-Password-42");
		});
		assertThat(browser.get("/admin").statusCode()).isEqualTo(302);
	}

	@Test
	void theSignInFormNeedsItsCsrfToken() {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);
		browser.get("/admin/sign-in");

		HttpResponse<String> forged = browser.submitAsIs("/admin/sign-in",
				Map.of("username", "admin", "password", ADMIN_PASSWORD));

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(browser.get("/admin/connections").statusCode()).isEqualTo(302);
	}

	@Test
	void aMemberOfAnAdminGroupOfTheConnectionIsAnAdmin() {
		ConsoleBrowser member = samlUser("engineering", "Tilegate-Admins");

		assertThat(member.get("/admin/connections").statusCode()).isNotIn(302, 403);
		assertThat(eventsOf(EventType.LOGIN_SUCCEEDED)).anyMatch((e) -> e.getSummary().contains("as an admin"));
	}

	@Test
	void aMemberOfAnAdminGroupPushedBySCIMIsAnAdminThoughTheAssertionCarriesNoGroups() {
		String userName = uniqueUser();
		ScimHttp scim = new ScimHttp(this.port, this.scimTokens
			.issue(CONNECTION, "okta", Instant.now().plus(Duration.ofDays(1)), "test").secret());
		String userId = scim.post("/Users", "{\"userName\":\"" + userName + "\",\"active\":true}").json().path("id").asText();
		assertThat(scim.post("/Groups", "{\"displayName\":\"" + ADMIN_GROUP + "\",\"members\":[{\"value\":\"" + userId
				+ "\"}]}").status()).isEqualTo(201);
		ConsoleBrowser browser = new ConsoleBrowser(this.port);

		assertThat(browser.postSamlResponse(CONNECTION, response(userName).build().base64()).statusCode()).isEqualTo(302);

		assertThat(browser.get("/admin").statusCode()).isEqualTo(200);
	}

	@Test
	void aUserOutsideTheAdminGroupsGets403() {
		ConsoleBrowser user = samlUser("engineering");

		HttpResponse<String> page = user.get("/admin/connections");

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("You don't have access to this page");
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdminSessionTimesOutSoonerThanAUsers() {
		ConsoleBrowser samlAdmin = samlUser(ADMIN_GROUP);
		ConsoleBrowser user = samlUser("engineering");

		// tilegate.admin.session-timeout (30 minutes) for admins; server.servlet.session.timeout (8 hours) for users.
		assertThat(idleTimeoutOf(this.admin)).isEqualTo(30 * 60);
		assertThat(idleTimeoutOf(samlAdmin)).isEqualTo(30 * 60);
		assertThat(idleTimeoutOf(user)).isEqualTo(8 * 60 * 60);
	}

	@Test
	void afterThirtyIdleMinutesAnAdminIsSignedOutAndAUserIsNot() {
		ConsoleBrowser samlAdmin = samlUser(ADMIN_GROUP);
		ConsoleBrowser user = samlUser("engineering");
		assertThat(samlAdmin.get("/admin").statusCode()).isEqualTo(200);

		// The session store's clock is the database row: each was last used 31 minutes ago.
		long idle = Instant.now().minus(Duration.ofMinutes(31)).toEpochMilli();
		for (ConsoleBrowser browser : List.of(this.admin, samlAdmin, user)) {
			assertThat(this.jdbc.update("update SPRING_SESSION set LAST_ACCESS_TIME = ? where SESSION_ID = ?", idle,
					browser.sessionId())).isOne();
		}

		assertThat(location(this.admin.get("/admin"))).isEqualTo("/admin/sign-in");
		assertThat(location(samlAdmin.get("/admin"))).isEqualTo("/admin/sign-in");
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	/** The idle timeout of the browser's session, as the session table keeps it for every node. */
	private int idleTimeoutOf(ConsoleBrowser browser) {
		List<Integer> timeouts = this.jdbc.queryForList(
				"select MAX_INACTIVE_INTERVAL from SPRING_SESSION where SESSION_ID = ?", Integer.class,
				browser.sessionId());
		assertThat(timeouts).as("session " + browser.sessionId()).hasSize(1);
		return timeouts.get(0);
	}

	@Test
	void signingOutOfTheConsoleEndsTheSession() {
		HttpResponse<String> out = this.admin.submit("/logout", Map.of());

		assertThat(location(out)).isEqualTo("/admin/sign-in?logout");
		assertThat(eventsOf(EventType.LOGOUT)).anyMatch((e) -> e.getSummary().equals("Admin 'admin' signed out of the console"));
		assertThat(this.admin.get("/admin/connections").statusCode()).isEqualTo(302);
	}

}
