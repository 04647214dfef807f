package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.tilegate.demo.SamlBindings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an unauthenticated browser can post or redirect to the SAML endpoints that Spring
 * Security cannot read: each gets the refusal page, a 400 with a reference the event log
 * knows, never a 500.
 */
class MalformedSamlMessageTests extends SamlIntegrationTest {

	private static final String SLO = "/logout/saml2/slo";

	@Test
	void notBase64PostedToTheAcsIsMalformed() {
		HttpResponse<String> acs = this.browser.postForm("/login/saml2/sso/" + CONNECTION, Map.of("SAMLResponse", "!!!"));

		assertThat(acs.statusCode()).isEqualTo(400);
		assertRefused(acs, "malformed", "malformed_message");
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

	private static String base64(String xml) {
		return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
	}

	private static String redirectQuery(String parameter, String xml) {
		return SamlBindings.redirectQuery(parameter, xml, null, null, null);
	}

}
