package io.tilegate.sessions;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tilegate.access.AdminApiKeys;
import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.api.AdminHttp;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.SamlBindings;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.events.EventType;
import io.tilegate.saml.Browser;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a session lasts when the IdP or the connection says: the assertion's
 * SessionNotOnOrAfter, the connection's maximum session age, a fresh IdP sign-in
 * (ForceAuthn) before the console, and an admin's API keys ending with their access. Tilegate's
 * clock is a {@link MovableClock} that starts at the real time, since OpenSAML checks the
 * assertions' conditions by the real one; Spring Session's idle timeout runs on the real clock
 * too, so moving Tilegate's is seen only by the bounds under test. Run on H2 and on PostgreSQL.
 */
@Import(SessionBoundsTests.Clocks.class)
abstract class SessionBoundsTests extends AdminApiIntegrationTest {

	@Autowired
	MovableClock clock;

	@Autowired
	AdminApiKeys apiKeys;

	@Test
	void aSessionIsSignedOutOnceTheAssertionsSessionNotOnOrAfterHasPassed() {
		String user = uniqueUser();
		Browser browser = signIn(response(user).sessionNotOnOrAfter(this.clock.instant().plusSeconds(2)));
		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(browser.get("/").statusCode()).as("one second before the bound").isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> after = browser.get("/");

		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location")).hasValue("/login?expired");
		assertThat(browser.get("/login?expired").body()).contains("Your session reached its time limit");
		assertThat(browser.get("/").headers().firstValue("Location")).as("the session is gone, not just refused once")
			.hasValue("/login");
		assertThat(this.events.search(EventType.SESSION_ENDED, idOf(user), null, 10)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("SessionNotOnOrAfter"));
	}

	@Test
	void aConnectionsMaximumSessionAgeEndsABusySessionAndTheApiShowsIt() {
		JsonHttpResponse changed = this.admin.send("PUT", "/api/v1/connections/" + CONNECTION, "{\"maxSessionAgeMinutes\":1}");
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/connections/" + CONNECTION).json().path("maxSessionAgeMinutes").asLong())
			.isEqualTo(1);
		Browser browser = signIn(response(uniqueUser()).sessionNotOnOrAfter(this.clock.instant().plus(Duration.ofHours(1))));

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(browser.get("/").statusCode()).as("busy to the last second").isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/login?expired");
	}

	@Test
	void aMaximumSessionAgeOutsideItsRangeIsRefusedAndZeroGoesBackToTheDefault() {
		JsonHttpResponse tooLong = this.admin.send("PUT", "/api/v1/connections/" + CONNECTION, "{\"maxSessionAgeMinutes\":50000}");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.toString()).contains("from 1 minute to 30 days");
		assertThat(this.admin.send("PUT", "/api/v1/connections/" + CONNECTION, "{\"maxSessionAgeMinutes\":0}").status())
			.isEqualTo(200);
		assertThat(this.admin.get("/api/v1/connections/" + CONNECTION).json().path("maxSessionAgeMinutes").isNull())
			.isTrue();
	}

	@Test
	void anAdminWhoseIdpAuthenticationIsTooOldIsSentBackToTheIdpWithForceAuthn() {
		makeGroupAdmins();
		Instant now = this.clock.instant();
		Browser browser = signIn(response(uniqueUser()).attribute("groups", "tilegate-admins")
			.authnInstant(now.minus(Duration.ofHours(13))));
		assertThat(browser.get("/").statusCode()).as("the rest of the intranet asks for nothing").isEqualTo(200);

		HttpResponse<String> console = browser.get("/admin/users");

		assertThat(console.statusCode()).isEqualTo(302);
		assertThat(console.headers().firstValue("Location"))
			.hasValue("/saml2/authenticate/" + CONNECTION + "?returnTo=%2Fadmin%2Fusers");
		HttpResponse<String> toIdp = browser.get(console.headers().firstValue("Location").orElseThrow());
		assertThat(toIdp.headers().firstValue("Location").orElseThrow()).startsWith("https://idp.okta.test/sso");
		String authnRequest = SamlBindings.redirectDecode(Browser.redirectParameter(toIdp, "SAMLRequest"));
		assertThat(authnRequest).contains("ForceAuthn=\"true\"");
	}

	@Test
	void anAdminFreshFromTheIdpOpensTheConsoleAndIsAskedAgainTwelveHoursLater() {
		makeGroupAdmins();
		// The user session timeout (8 hours) would end the session before the 12 hours are up.
		this.connections.save(CONNECTION, new ConnectionSettings(null, null, null, null, null, null, null, null,
				Duration.ofDays(1), null), ConnectionOrigin.API, "test");
		Browser browser = signIn(response(uniqueUser()).attribute("groups", "tilegate-admins")
			.sessionNotOnOrAfter(this.clock.instant().plus(Duration.ofDays(1))));
		assertThat(browser.get("/admin").statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofHours(12).plusSeconds(1));

		assertThat(browser.get("/admin").headers().firstValue("Location")).hasValue("/saml2/authenticate/" + CONNECTION
				+ "?returnTo=%2Fadmin");
	}

	@Test
	void deactivatingAnAdminEndsTheirSessionAndRefusesTheirApiKeyAtOnceButNotTheBreakGlassAdminsKey() {
		makeGroupAdmins();
		String user = uniqueUser();
		Browser browser = signIn(response(user).attribute("groups", "tilegate-admins"));
		UUID id = idOf(user);
		AdminHttp theirs = this.anonymous.bearer(this.apiKeys.issue("their script", null, user, id).secret());
		AdminHttp breakGlass = this.anonymous.bearer(newApiKey("break-glass script"));
		assertThat(theirs.get("/api/v1/users").status()).isEqualTo(200);

		assertThat(this.admin.post("/api/v1/users/" + id + "/deactivate", null).status()).isEqualTo(200);

		assertThat(theirs.get("/api/v1/users").status()).isEqualTo(401);
		assertThat(breakGlass.get("/api/v1/users").status()).isEqualTo(200);
		assertThat(browser.get("/admin").headers().firstValue("Location")).hasValue("/login?ended");
		assertThat(eventsOf(EventType.ADMIN_API_KEY_REVOKED)).anySatisfy((event) -> assertThat(event.getSummary())
			.isEqualTo("Admin API key 'their script' revoked: " + user + ", who made it, was deactivated; a key "
					+ "keeps no admin rights its maker lost"));
		assertThat(this.admin.post("/api/v1/users/" + id + "/reactivate", null).status()).isEqualTo(200);
		assertThat(theirs.get("/api/v1/users").status()).as("a revoked key stays revoked").isEqualTo(401);
	}

	@Test
	void deletingAnAdminRevokesTheKeysTheyMade() {
		String user = uniqueUser();
		signIn(response(user));
		UUID id = idOf(user);
		AdminHttp theirs = this.anonymous.bearer(this.apiKeys.issue("their script", null, user, id).secret());

		assertThat(this.admin.delete("/api/v1/users/" + id).status()).isEqualTo(204);

		assertThat(theirs.get("/api/v1/users").status()).isEqualTo(401);
	}

	private void makeGroupAdmins() {
		this.connections.save(CONNECTION, new ConnectionSettings(null, null, null, null, null, null,
				java.util.List.of("tilegate-admins")), ConnectionOrigin.API, "test");
	}

	private Browser signIn(SamlResponseBuilder response) {
		Browser browser = new Browser(this.port);
		HttpResponse<String> acs = browser.postResponse(CONNECTION, response.build().base64(), null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		return browser;
	}

	private SamlResponseBuilder response(String user) {
		return idp.response(BASE + "/login/saml2/sso/" + CONNECTION, BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.now(this.clock.instant())
			.nameId(user)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("email", user);
	}

	private UUID idOf(String userName) {
		return this.jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				userName.toLowerCase());
	}

	private static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock(Instant.now());
		}

	}

}
