package io.tilegate.saml;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.ReceivedSamlMessage;
import io.tilegate.demo.SamlBindings;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in and sign-out end to end over HTTP, SP-initiated and IdP-initiated. */
class SamlLoginFlowTests extends SamlIntegrationTest {

	@Autowired
	SpCredentials spCredentials;

	@Test
	void idpInitiatedLoginSignsTheUserIn() {
		String user = uniqueUser();
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, response(user).build().base64(), null);

		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/");
		HttpResponse<String> home = this.browser.get("/");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains(user);
		assertThat(eventsOf(EventType.LOGIN_SUCCEEDED)).anyMatch((e) -> user.equals(e.getUserName()));
	}

	@Test
	void spInitiatedLoginReturnsTheUserToThePageTheyAskedFor() {
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/spaces/42");
		ReceivedSamlMessage authnRequest = authnRequestFrom(start);
		assertThat(authnRequest.issuer()).isEqualTo(spEntityId(CONNECTION));
		assertThat(authnRequest.assertionConsumerServiceUrl()).isEqualTo(acs(CONNECTION));

		IssuedResponse issued = response(uniqueUser()).inResponseTo(authnRequest.id()).build();
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, issued.base64(), relayState(start));

		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/spaces/42");
	}

	@Test
	void aProtectedPageSendsTheUserToSignInAndBackAfterwards() {
		HttpResponse<String> page = this.browser.get("/profile?tab=groups");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValue("/login");
		assertThat(this.browser.get("/login").body()).contains("/saml2/authenticate/" + CONNECTION);

		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION);
		IssuedResponse issued = response(uniqueUser()).inResponseTo(authnRequestFrom(start).id()).build();
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, issued.base64(), relayState(start));

		assertThat(acs.headers().firstValue("Location")).hasValue("/profile?tab=groups");
	}

	/**
	 * A browser that treats the session cookie as SameSite=Lax (Chrome does, for a cookie that
	 * names no SameSite) sends none on the IdP's cross-site POST to the ACS: the sign-in finds
	 * its pending request by RelayState, and with it the page asked for, all the same.
	 */
	@Test
	void anSpInitiatedSignInCompletesWhenTheIdpsPostArrivesWithoutTheSessionCookie() {
		String user = uniqueUser();
		assertThat(this.browser.get("/profile?tab=groups").headers().firstValue("Location")).hasValue("/login");
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION);
		IssuedResponse issued = response(user).inResponseTo(authnRequestFrom(start).id()).build();

		Browser withoutCookies = new Browser(this.port);
		HttpResponse<String> acs = withoutCookies.postResponse(CONNECTION, issued.base64(), relayState(start));

		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/profile?tab=groups");
		assertThat(withoutCookies.get("/").body()).contains(user);
	}

	@Test
	void theSessionCookieIsHttpOnlyAndLeavesSameSiteToTheBrowser() {
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, response(uniqueUser()).build().base64(), null);

		assertThat(acs.headers().allValues("Set-Cookie")).filteredOn((cookie) -> cookie.startsWith("SESSION="))
			.singleElement()
			.satisfies((cookie) -> assertThat(cookie).contains("HttpOnly").doesNotContainIgnoringCase("SameSite"));
	}

	@Test
	void twoTabsStartedAtOnceBothCompleteTheirLogins() {
		HttpResponse<String> firstTab = this.browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/first");
		HttpResponse<String> secondTab = this.browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/second");
		String user = uniqueUser();

		HttpResponse<String> second = this.browser.postResponse(CONNECTION,
				response(user).inResponseTo(authnRequestFrom(secondTab).id()).build().base64(), relayState(secondTab));
		HttpResponse<String> first = this.browser.postResponse(CONNECTION,
				response(user).inResponseTo(authnRequestFrom(firstTab).id()).build().base64(), relayState(firstTab));

		assertThat(second.headers().firstValue("Location")).hasValue("/second");
		assertThat(first.headers().firstValue("Location")).hasValue("/first");
	}

	@Test
	void aResponseToAnotherBrowsersRequestIsRefused() {
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION);
		IssuedResponse issued = response(uniqueUser()).inResponseTo("ARQ-not-the-request").build();

		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, issued.base64(), relayState(start));

		assertRefused(acs, "does not match a sign-in started here", "InResponseTo");
	}

	@Test
	void relayStateNeverBecomesAnOpenRedirect() {
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("https://evil.example.com/phish", "/");
		cases.put("//evil.example.com/phish", "/");
		cases.put("/\\evil.example.com", "/");
		cases.put("javascript:alert(1)", "/");
		cases.put("/spaces/7?tab=people", "/spaces/7?tab=people");
		cases.forEach((relayState, expected) -> {
			HttpResponse<String> acs = new Browser(this.port).postResponse(CONNECTION,
					response(uniqueUser()).build().base64(), relayState);
			assertThat(acs.headers().firstValue("Location")).as(relayState).hasValue(expected);
		});
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=https://evil.example.com");
		HttpResponse<String> acs = this.browser.postResponse(CONNECTION,
				response(uniqueUser()).inResponseTo(authnRequestFrom(start).id()).build().base64(), relayState(start));
		assertThat(acs.headers().firstValue("Location")).hasValue("/");
	}

	@Test
	void aForgedHostHeaderChangesNothing() {
		HttpResponse<String> metadata = this.browser.get("/saml2/service-provider-metadata/" + CONNECTION,
				Map.of("X-Forwarded-Host", "evil.example.com"));
		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.body()).contains("entityID=\"" + spEntityId(CONNECTION) + "\"")
			.contains("Location=\"" + acs(CONNECTION) + "\"")
			.doesNotContain("evil")
			.doesNotContain("localhost")
			.contains(java.util.Base64.getEncoder().encodeToString(certificateBytes()));

		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION,
				Map.of("X-Forwarded-Host", "evil.example.com", "X-Forwarded-Proto", "http"));
		assertThat(authnRequestFrom(start).assertionConsumerServiceUrl()).isEqualTo(acs(CONNECTION));

		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, response(uniqueUser()).build().base64(),
				"/home");
		assertThat(acs.headers().firstValue("Location")).hasValue("/home");
	}

	@Test
	void connectionWhoseMetadataWantsSignedRequestsGetsSignedAuthnRequests() {
		this.connections.save("keycloak", new ConnectionSettings(idp.metadataXml(true), "okta", null, true, true, null),
				ConnectionOrigin.API, "test");

		HttpResponse<String> start = this.browser.get("/saml2/authenticate/keycloak");
		URI location = URI.create(start.headers().firstValue("Location").orElseThrow());

		assertThat(location.getRawQuery()).contains("SigAlg=").contains("Signature=");
		assertThat(SamlBindings.verifyRedirectSignature(location.getRawQuery(), this.spCredentials.certificate()))
			.isTrue();
		IssuedResponse issued = idp.response(acs("keycloak"), spEntityId("keycloak"))
			.nameId(uniqueUser())
			.inResponseTo(authnRequestFrom(start).id())
			.build();
		assertThat(this.browser.postResponse("keycloak", issued.base64(), relayState(start)).statusCode()).isEqualTo(302);
	}

	@Test
	void unsignedRequestsWhenTheIdpDoesNotAskForThem() {
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION);
		assertThat(start.headers().firstValue("Location").orElseThrow()).doesNotContain("Signature=");
	}

	@Test
	void encryptedAssertionIsDecrypted() {
		String user = uniqueUser();
		IssuedResponse issued = response(user).encryptFor(this.spCredentials.certificate()).build();
		assertThat(issued.xml()).contains("EncryptedAssertion").doesNotContain("Lovelace");

		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, issued.base64(), null);

		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(this.browser.get("/").body()).contains(user);
	}

	@Test
	void metadataWithTwoSigningCertificatesTrustsBoth() {
		SamlIdentityProvider rolling = SamlIdentityProvider
			.create("https://rolling.test/metadata", "https://rolling.test/sso", "https://rolling.test/slo")
			.withRolloverKey();
		this.connections.save("rolling", ConnectionSettings.metadataOnly(rolling.metadataXml(false)),
				ConnectionOrigin.API, "test");

		for (var key : rolling.signingKeys()) {
			IssuedResponse issued = rolling.response(acs("rolling"), spEntityId("rolling"))
				.nameId(uniqueUser())
				.signWith(key)
				.build();
			assertThat(new Browser(this.port).postResponse("rolling", issued.base64(), null).statusCode())
				.isEqualTo(302);
		}
	}

	@Test
	void aConnectionAddedOrChangedAtRunTimeWorksAtOnce() {
		SamlIdentityProvider before = SamlIdentityProvider.create("https://runtime.test/metadata",
				"https://runtime.test/sso", "https://runtime.test/slo");
		assertThat(this.browser.get("/saml2/authenticate/runtime").headers().firstValue("Location"))
			.hasValue("/login");

		this.connections.save("runtime", ConnectionSettings.metadataOnly(before.metadataXml(false)),
				ConnectionOrigin.API, "test");
		assertThat(new Browser(this.port)
			.postResponse("runtime",
					before.response(acs("runtime"), spEntityId("runtime")).nameId(uniqueUser()).build().base64(), null)
			.statusCode()).isEqualTo(302);

		SamlIdentityProvider after = SamlIdentityProvider.create("https://runtime.test/metadata",
				"https://runtime.test/sso-new", "https://runtime.test/slo");
		this.connections.save("runtime", ConnectionSettings.metadataOnly(after.metadataXml(false)),
				ConnectionOrigin.API, "test");

		assertRefused(new Browser(this.port).postResponse("runtime",
				before.response(acs("runtime"), spEntityId("runtime")).nameId(uniqueUser()).build().base64(), null),
				"signature is not valid", "signature");
		assertThat(new Browser(this.port)
			.postResponse("runtime",
					after.response(acs("runtime"), spEntityId("runtime")).nameId(uniqueUser()).build().base64(), null)
			.statusCode()).isEqualTo(302);
		assertThat(this.browser.get("/saml2/authenticate/runtime").headers().firstValue("Location").orElseThrow())
			.startsWith("https://runtime.test/sso-new");
	}

	@Test
	void spInitiatedSingleLogoutSignsOutHereAndAtTheIdp() {
		String user = uniqueUser();
		IssuedResponse issued = response(user).sessionIndex("session-77").build();
		this.browser.postResponse(CONNECTION, issued.base64(), null);
		HttpResponse<String> home = this.browser.get("/");
		assertThat(home.statusCode()).isEqualTo(200);

		HttpResponse<String> logout = this.browser.postForm("/logout", Map.of("_csrf", csrfToken(home.body())));

		assertThat(logout.statusCode()).isEqualTo(302);
		URI toIdp = URI.create(logout.headers().firstValue("Location").orElseThrow());
		assertThat(toIdp.toString()).startsWith(idp.singleLogoutUrl());
		ReceivedSamlMessage logoutRequest = ReceivedSamlMessage.fromRedirect(queryParameter(toIdp, "SAMLRequest"));
		assertThat(logoutRequest.isLogoutRequest()).isTrue();
		assertThat(logoutRequest.nameId()).isEqualTo(user);
		assertThat(logoutRequest.sessionIndexes()).containsExactly("session-77");
		assertThat(this.browser.get("/").statusCode()).isEqualTo(302);

		String answer = idp.logoutResponse(BASE + "/logout/saml2/slo", logoutRequest.id())
			.buildRedirect()
			.redirectUrl(queryParameter(toIdp, "RelayState"));
		HttpResponse<String> back = this.browser.get("/logout/saml2/slo?" + URI.create(answer).getRawQuery());
		assertThat(back.statusCode()).isEqualTo(302);
		assertThat(back.headers().firstValue("Location").orElseThrow()).contains("/login?logout");
		assertThat(eventsOf(EventType.LOGOUT)).anyMatch((e) -> user.equals(e.getUserName()));
	}

	@Test
	void idpInitiatedSingleLogoutEndsTheSession() {
		String user = uniqueUser();
		this.browser.postResponse(CONNECTION, response(user).sessionIndex("session-88").build().base64(), null);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);

		String request = idp.logoutRequest(BASE + "/logout/saml2/slo", user)
			.sessionIndex("session-88")
			.buildRedirect()
			.redirectUrl(null);
		HttpResponse<String> slo = this.browser.get("/logout/saml2/slo?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(302);
		URI toIdp = URI.create(slo.headers().firstValue("Location").orElseThrow());
		assertThat(toIdp.toString()).startsWith(idp.singleLogoutUrl());
		ReceivedSamlMessage logoutResponse = ReceivedSamlMessage.fromRedirect(queryParameter(toIdp, "SAMLResponse"));
		assertThat(logoutResponse.isLogoutResponse()).isTrue();
		assertThat(logoutResponse.statusCode()).isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Success");
		assertThat(this.browser.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void signOutWithoutIdpSingleLogoutEndsTheLocalSession() {
		SamlIdentityProvider noSlo = SamlIdentityProvider.create("https://noslo.test/metadata", "https://noslo.test/sso",
				null);
		this.connections.save("noslo", ConnectionSettings.metadataOnly(noSlo.metadataXml(false)), ConnectionOrigin.API,
				"test");
		this.browser.postResponse("noslo",
				noSlo.response(acs("noslo"), spEntityId("noslo")).nameId(uniqueUser()).build().base64(), null);
		HttpResponse<String> home = this.browser.get("/");
		assertThat(home.statusCode()).isEqualTo(200);

		HttpResponse<String> logout = this.browser.postForm("/logout", Map.of("_csrf", csrfToken(home.body())));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("/login?logout");
		assertThat(this.browser.get("/").statusCode()).isEqualTo(302);
	}

	private byte[] certificateBytes() {
		try {
			return this.spCredentials.certificate().getEncoded();
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ReceivedSamlMessage authnRequestFrom(HttpResponse<String> start) {
		assertThat(start.statusCode()).isEqualTo(302);
		URI location = URI.create(start.headers().firstValue("Location").orElseThrow());
		ReceivedSamlMessage message = ReceivedSamlMessage.fromRedirect(queryParameter(location, "SAMLRequest"));
		assertThat(message.isAuthnRequest()).isTrue();
		return message;
	}

	static String relayState(HttpResponse<String> start) {
		return queryParameter(URI.create(start.headers().firstValue("Location").orElseThrow()), "RelayState");
	}

	static String queryParameter(URI uri, String name) {
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			if (pair.substring(0, eq).equals(name)) {
				return SamlBindings.urlDecode(pair.substring(eq + 1));
			}
		}
		return null;
	}

	static String csrfToken(String html) {
		Matcher matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

}
