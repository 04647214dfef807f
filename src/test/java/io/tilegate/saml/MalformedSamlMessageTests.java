package io.tilegate.saml;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.SamlBindings;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages at the SAML endpoints that Spring Security's filters cannot read, or that name a
 * connection Tilegate does not have: each gets the refusal page, a 400 with a reference the
 * event log knows, never a 500.
 */
class MalformedSamlMessageTests extends SamlIntegrationTest {

	private static final String SLO = "/logout/saml2/slo";

	@Test
	void aResponseToAConnectionThatDoesNotExistSaysThereIsNone() {
		HttpResponse<String> acs = this.browser.postResponse("nope", base64("<x/>"), null);

		assertThat(acs.statusCode()).isEqualTo(400);
		Event event = assertRefused(acs, "no connection “nope” exists", "unknown_connection");
		assertThat(event.getConnectionId()).isEqualTo("nope");
	}

	@Test
	void aPathThatCannotNameAConnectionIsNotRecordedAsOne() {
		String junk = "x".repeat(300);

		HttpResponse<String> acs = this.browser.postResponse(junk, base64("<x/>"), null);

		assertThat(acs.statusCode()).isEqualTo(400);
		Event event = assertRefused(acs, "no connection of that id exists", "unknown_connection");
		assertThat(event.getConnectionId()).isNull();
		assertThat(event.getSummary()).doesNotContain(junk);
	}

	@Test
	void aValidResponseToAConnectionThatDoesNotExistSaysThereIsNone() {
		HttpResponse<String> signed = this.browser.postResponse("nope",
				idp.response(acs("nope"), spEntityId("nope")).nameId(uniqueUser()).build().base64(), null);
		HttpResponse<String> withoutIssuer = this.browser.postResponse("nope",
				idp.response(acs("nope"), spEntityId("nope")).nameId(uniqueUser()).issuer(null).build().base64(), null);

		assertThat(signed.statusCode()).isEqualTo(400);
		assertRefused(signed, "no connection “nope” exists", "unknown_connection");
		assertThat(withoutIssuer.statusCode()).isEqualTo(400);
		assertRefused(withoutIssuer, "no connection “nope” exists", "unknown_connection");
	}

	@Test
	void notBase64PostedToTheAcsIsMalformed() {
		HttpResponse<String> acs = this.browser.postForm("/login/saml2/sso/" + CONNECTION, Map.of("SAMLResponse", "!!!"));

		assertThat(acs.statusCode()).isEqualTo(400);
		assertRefused(acs, "malformed", "malformed_message");
	}

	@Test
	void aRequestPostedToTheAcsIsNotAResponse() {
		HttpResponse<String> acs = this.browser.postForm("/login/saml2/sso/" + CONNECTION,
				Map.of("SAMLRequest", base64("<garbage/>")));

		assertThat(acs.statusCode()).isEqualTo(400);
		assertRefused(acs, "not the message", "takes a SAMLResponse");
	}

	@Test
	void garbageOnTheRedirectBindingAtSingleLogout() {
		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLRequest", "<garbage/>"));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "not the message", "a garbage element, not a LogoutRequest");
	}

	@Test
	void aLogoutRequestWithoutAnIssuerIsRefused() {
		String request = idp.logoutRequest(BASE + SLO, uniqueUser()).issuer(null).buildRedirect().redirectUrl(null);

		HttpResponse<String> slo = this.browser.get(SLO + "?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "does not say which identity provider sent it", "missing_issuer");
	}

	@Test
	void aLogoutRequestWithAnEmptyIssuerIsRefused() {
		String xml = idp.logoutRequest(BASE + SLO, uniqueUser()).signed(false).buildRedirect().xml()
			.replace(idp.entityId(), "");

		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLRequest", xml));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "does not say which identity provider sent it", "missing_issuer");
	}

	@Test
	void notBase64PostedToSingleLogoutIsMalformed() {
		HttpResponse<String> slo = this.browser.postForm(SLO, Map.of("SAMLRequest", "!!!"));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "malformed", "malformed_message");
	}

	@Test
	void notDeflatedOnTheRedirectBindingIsMalformed() {
		String notDeflated = base64(idp.logoutRequest(BASE + SLO, uniqueUser()).buildRedirect().xml());

		HttpResponse<String> slo = this.browser.get(SLO + "?SAMLRequest=" + SamlBindings.urlEncode(notDeflated));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "malformed", "not DEFLATE data");
	}

	@Test
	void aLogoutResponseSentAsARequestIsNotTheMessageTheEndpointTakes() {
		String xml = idp.logoutResponse(BASE + SLO, "ARQ-1").buildRedirect().xml();

		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLRequest", xml));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "not the message", "a LogoutResponse, not a LogoutRequest");
	}

	@Test
	void aLogoutRequestOpenSamlCannotReadIsMalformed() {
		String xml = idp.logoutRequest(BASE + SLO, uniqueUser()).buildRedirect().xml()
			.replaceFirst("IssueInstant=\"[^\"]+\"", "IssueInstant=\"yesterday\"");
		assertThat(xml).contains("IssueInstant=\"yesterday\"");

		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLRequest", xml));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "malformed", "malformed_message");
	}

	@Test
	void deeplyNestedLogoutRequestsOnEitherBindingAreRefused() {
		String xml = idp.logoutRequest(BASE + SLO, uniqueUser()).buildRedirect().xml()
			.replace("</saml2p:LogoutRequest>", "<x>".repeat(20_000) + "</x>".repeat(20_000) + "</saml2p:LogoutRequest>");
		assertThat(xml).contains("<x><x><x>");

		HttpResponse<String> posted = this.browser.postForm(SLO, Map.of("SAMLRequest", base64(xml)));
		HttpResponse<String> redirected = this.browser.get(SLO + "?" + redirectQuery("SAMLRequest", xml));

		assertThat(posted.statusCode()).isEqualTo(400);
		assertRefused(posted, "malformed", "nests elements more than 64 deep");
		assertThat(redirected.statusCode()).isEqualTo(400);
		assertRefused(redirected, "malformed", "nests elements more than 64 deep");
	}

	@Test
	void garbageAnsweringTheLogoutRequestWeSentIsRefused() {
		this.browser.postResponse(CONNECTION, response(uniqueUser()).sessionIndex("session-1").build().base64(), null);
		HttpResponse<String> home = this.browser.get("/");
		HttpResponse<String> logout = this.browser.postForm("/logout",
				Map.of("_csrf", SamlLoginFlowTests.csrfToken(home.body())));
		URI toIdp = URI.create(logout.headers().firstValue("Location").orElseThrow());
		String relayState = SamlLoginFlowTests.queryParameter(toIdp, "RelayState");

		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLResponse", "<garbage/>")
				+ "&RelayState=" + SamlBindings.urlEncode(relayState));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "not the message", "a garbage element, not a LogoutResponse");
	}

	@Test
	void garbageLogoutResponseOutOfTheBlueIsRefused() {
		HttpResponse<String> slo = this.browser.get(SLO + "?" + redirectQuery("SAMLResponse", "<garbage/>"));

		assertThat(slo.statusCode()).isEqualTo(400);
		assertRefused(slo, "not the message", "a garbage element, not a LogoutResponse");
	}

	@Test
	void aSignedInUsersLogoutRequestSaysTheirConnectionIsGone() {
		SamlIdentityProvider gone = SamlIdentityProvider.create("https://gone.test/metadata", "https://gone.test/sso",
				"https://gone.test/slo");
		this.connections.save("gone", ConnectionSettings.metadataOnly(gone.metadataXml(false)), ConnectionOrigin.API,
				"test");
		String user = uniqueUser();
		this.browser.postResponse("gone", gone.response(acs("gone"), spEntityId("gone")).nameId(user).build().base64(),
				null);
		assertThat(this.browser.get("/").statusCode()).isEqualTo(200);
		this.connections.delete("gone", "test");

		String request = gone.logoutRequest(BASE + SLO, user).buildRedirect().redirectUrl(null);
		HttpResponse<String> slo = this.browser.get(SLO + "?" + URI.create(request).getRawQuery());

		assertThat(slo.statusCode()).isEqualTo(400);
		Event event = assertRefused(slo, "no connection “gone” exists", "unknown_connection");
		assertThat(event.getConnectionId()).isEqualTo("gone");
	}

	@Test
	void singleLogoutTakesNoConnectionIdInItsPath() {
		HttpResponse<String> slo = this.browser.get(SLO + "/" + CONNECTION + "?" + redirectQuery("SAMLRequest", "<garbage/>"));

		assertThat(slo.statusCode()).isEqualTo(302);
		assertThat(slo.headers().firstValue("Location")).hasValue("/login");
	}

	private static String base64(String xml) {
		return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
	}

	private static String redirectQuery(String parameter, String xml) {
		return SamlBindings.redirectQuery(parameter, xml, null, null, null);
	}

}
