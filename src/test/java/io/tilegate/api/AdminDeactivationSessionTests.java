package io.tilegate.api;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.saml.Browser;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin deactivates a signed-in user through the API; the user's session ends at once, their
 * next request is told so, and after reactivation only a new sign-in lets them back in.
 */
class AdminDeactivationSessionTests extends AdminApiIntegrationTest {

	@Test
	void deactivatingThroughTheApiEndsTheUsersBrowserSession() {
		String user = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		Browser browser = new Browser(this.port);
		signIn(browser, user);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		String id = AdminUsersApiTests.ok(this.admin.get("/api/v1/users?q=" + user)).path("users").get(0).path("id")
			.asText();

		JsonHttpResponse deactivated = this.admin.post("/api/v1/users/" + id + "/deactivate", null);
		HttpResponse<String> next = browser.get("/");

		assertThat(deactivated.status()).isEqualTo(200);
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location")).hasValue("/login?ended");
		assertThat(this.events.search(EventType.SESSION_ENDED, UUID.fromString(id), null, 10)).singleElement()
			.extracting(Event::getSummary)
			.isEqualTo("Session of " + user + " ended: the user was deactivated after signing in; it was deleted at "
					+ "once, on every node");

		assertThat(this.admin.post("/api/v1/users/" + id + "/reactivate", null).status()).isEqualTo(200);
		assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/login");
		signIn(browser, user);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		assertThat(AdminUsersApiTests.ok(this.admin.get("/api/v1/users/" + id)).path("identityLinks").get(0)
			.path("lastLoginAt").isTextual()).isTrue();
	}

	private static void signIn(Browser browser, String user) {
		String response = idp.response(BASE + "/login/saml2/sso/" + CONNECTION,
				BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("email", user)
			.build()
			.base64();
		HttpResponse<String> acs = browser.postResponse(CONNECTION, response, null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/");
	}

}
