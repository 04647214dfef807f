package io.tilegate.sessions;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.saml.Browser;
import io.tilegate.saml.SamlIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session whose sign-in was written by a Tilegate whose classes have changed since (an
 * upgrade, a rolling one's older node) cannot be read back: its user is asked to sign in again,
 * not answered 500 until it expires, and it still ends when the user loses access.
 */
class UnreadableSessionTests extends SamlIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SignedInSessions sessions;

	@Test
	void aSignInThatCannotBeReadBackSignsItsUserOutInsteadOfFailing() {
		String user = uniqueUser();
		signIn(this.browser, user);
		UUID id = idOf(user);
		unreadable(id);

		HttpResponse<String> next = this.browser.get("/");

		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location")).hasValue("/login");
		signIn(this.browser, user);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void anUnreadableSessionStillEndsWithItsUsersAccess() {
		String user = uniqueUser();
		Browser browser = new Browser(this.port);
		signIn(browser, user);
		UUID id = idOf(user);
		unreadable(id);

		assertThat(this.sessions.endSessionsOf(id)).isOne();
		assertThat(this.sessions.endSessionsOf(CONNECTION, user, Optional.empty()))
			.as("a single logout cannot tell whose NameID it was").isZero();
	}

	private void unreadable(UUID userId) {
		byte[] notAnObject = { (byte) 0xac, (byte) 0xed, 0, 5, 's', 'r', 0, 4, 'G', 'o', 'n', 'e' };
		assertThat(this.jdbc.update("""
				update SPRING_SESSION_ATTRIBUTES set ATTRIBUTE_BYTES = ? where ATTRIBUTE_NAME = 'SPRING_SECURITY_CONTEXT'
				and SESSION_PRIMARY_ID in (select PRIMARY_ID from SPRING_SESSION where PRINCIPAL_NAME = ?)""",
				notAnObject, userId.toString())).isOne();
	}

	private static void signIn(Browser browser, String user) {
		HttpResponse<String> acs = browser.postResponse(CONNECTION, response(user).build().base64(), null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
	}

	private UUID idOf(String userName) {
		return this.jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				userName.toLowerCase());
	}

}
