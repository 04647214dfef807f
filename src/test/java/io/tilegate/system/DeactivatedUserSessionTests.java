package io.tilegate.system;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.saml.SamlIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in user whom the IdP deactivates (SCIM {@code active:false}) or deletes loses
 * their session at once, is told so at their next request, and only a new sign-in lets them
 * back in. A user deleted behind Tilegate's back (by hand, in the database) loses it at their
 * next request, through the per-request check.
 */
class DeactivatedUserSessionTests extends SamlIntegrationTest {

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aDeactivatedUsersSessionEndsAndStaysEndedAfterReactivation() {
		String user = uniqueUser();
		signIn(user);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
		UUID id = this.directory.findByUserName(user).orElseThrow().id();

		this.directory.deactivate(id, "scim:test");
		assertThat(this.jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?",
				Integer.class, id.toString())).as("the session row, deleted before the user's next request").isZero();
		HttpResponse<String> next = this.browser.get("/");

		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location")).hasValue("/login?ended");
		HttpResponse<String> signInPage = this.browser.get("/login?ended");
		assertThat(signInPage.statusCode()).as("the sign-in page does not sign anyone in by itself").isEqualTo(200);
		assertThat(signInPage.body()).contains("/saml2/authenticate/" + CONNECTION);
		assertThat(signInPage.body()).contains("Your session ended");
		Event ended = eventsOf(EventType.SESSION_ENDED).get(0);
		assertThat(ended.getSummary()).isEqualTo("Session of " + user + " ended: the user was deactivated after "
				+ "signing in; it was deleted at once, on every node");
		assertThat(ended.getUserId()).isEqualTo(id);
		assertThat(ended.getConnectionId()).isEqualTo(CONNECTION);

		this.directory.reactivate(id, "scim:test");
		HttpResponse<String> withTheOldCookie = this.browser.get("/");
		assertThat(withTheOldCookie.statusCode()).isEqualTo(302);
		assertThat(withTheOldCookie.headers().firstValue("Location")).hasValue("/login");

		signIn(user);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aDeletedUsersSessionEnds() {
		String user = uniqueUser();
		signIn(user);
		UUID id = this.directory.findByUserName(user).orElseThrow().id();

		this.jdbc.update("delete from app_user where id = ?", id);
		HttpResponse<String> next = this.browser.get("/");

		assertThat(next.headers().firstValue("Location")).hasValue("/login?ended");
		assertThat(eventsOf(EventType.SESSION_ENDED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.startsWith("Session of ") && summary.contains("the user was deleted"));
		assertThat(this.browser.get("/").headers().firstValue("Location")).hasValue("/login");
	}

	@Test
	void anActiveUsersSessionGoesOn() {
		String user = uniqueUser();
		signIn(user);

		for (int i = 0; i < 3; i++) {
			assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
		}
		assertThat(eventsOf(EventType.SESSION_ENDED)).noneMatch((event) -> user.equals(event.getUserName()));
	}

	private void signIn(String user) {
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, response(user).build().base64(), null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/");
	}

}
