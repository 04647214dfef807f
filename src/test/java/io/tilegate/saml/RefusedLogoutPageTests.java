package io.tilegate.saml;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IdpSigningKey;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logout messages on the browser bindings that Spring's single logout filters refuse: each gets
 * the refusal page with a reference the event log knows, as a refused sign-in does, never the
 * blank 400 or 401 those filters answer on their own.
 */
class RefusedLogoutPageTests extends SamlIntegrationTest {

	private static final String SLO = "/logout/saml2/slo";

	/** An IdP of its own: other classes' connections share the context's database and trust {@code idp}. */
	private static final SamlIdentityProvider adfs = SamlIdentityProvider.create("https://adfs.page.test/adfs/services/trust",
			"https://adfs.page.test/adfs/ls", "https://adfs.page.test/adfs/ls/slo");

	@BeforeEach
	void connectAdfs() {
		this.connections.save("adfs", ConnectionSettings.metadataOnly(adfs.metadataXml(false)), ConnectionOrigin.API,
				"test");
	}

	@Test
	void anUnsignedLogoutRequestGetsThePageAndEndsNothing() {
		String user = uniqueUser();
		this.browser.postResponse("adfs", adfs.response(acs("adfs"), spEntityId("adfs"))
			.nameId(user)
			.attribute("email", user)
			.sessionIndex("session-1")
			.build()
			.base64(), null);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
		String request = adfs.logoutRequest(BASE + SLO, user).signed(false).buildRedirect().redirectUrl(null);

		HttpResponse<String> slo = this.browser.get(SLO + "?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(403);
		assertThat(slo.body()).contains("Your sign-out was refused");
		Event event = assertRefused(slo, "signature is missing or not valid", "invalid_signature");
		assertThat(event.getSummary()).startsWith("Single logout message refused");
		assertThat(event.getConnectionId()).isEqualTo("adfs");
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aLogoutRequestSignedByAnotherKeyWithoutASessionGetsThePage() {
		String request = adfs.logoutRequest(BASE + SLO, uniqueUser())
			.signWith(IdpSigningKey.generate("impostor"))
			.buildRedirect()
			.redirectUrl(null);

		HttpResponse<String> slo = this.browser.get(SLO + "?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(403);
		assertRefused(slo, "signature is missing or not valid", "invalid_signature");
	}

	@Test
	void aLogoutRequestFromAnUnknownIdentityProviderGetsThePage() {
		String request = adfs.logoutRequest(BASE + SLO, uniqueUser())
			.issuer("https://stranger.test")
			.buildRedirect()
			.redirectUrl(null);

		HttpResponse<String> slo = this.browser.get(SLO + "?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "not connected to Tilegate", "relying_party_registration_not_found");
	}

	@Test
	void aLogoutResponseThatAnswersNoSignOutStartedHereGetsThePage() {
		String answer = adfs.logoutResponse(BASE + SLO, "_never-sent").buildPost().base64();

		HttpResponse<String> slo = this.browser.postForm(SLO, Map.of("SAMLResponse", answer));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertThat(slo.body()).contains("Your sign-out was refused");
		assertRefused(slo, "does not match a sign-out started here", "unmatched_logout_response");
	}

}
