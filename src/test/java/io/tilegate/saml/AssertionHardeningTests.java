package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.events.Event;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each check Spring Security 6.5 on OpenSAML 4.0.1 does not make (shared notes, stack.md),
 * proven by posting a real signed response to the real ACS endpoint. Each test names the
 * attack it stops.
 */
class AssertionHardeningTests extends SamlIntegrationTest {

	@Test
	void aValidResponseSignsTheUserIn() {
		HttpResponse<String> response = this.browser.postResponse(CONNECTION, response(uniqueUser()).build().base64(),
				null);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("/");
	}

	@Test
	void replayedResponseIsRefused() {
		IssuedResponse issued = response(uniqueUser()).build();
		assertThat(this.browser.postResponse(CONNECTION, issued.base64(), null).statusCode()).isEqualTo(302);

		HttpResponse<String> replay = new Browser(this.port).postResponse(CONNECTION, issued.base64(), null);

		Event event = assertRefused(replay, "this sign-in response was already used", "was already used");
		assertThat(event.getSummary()).contains(issued.assertionId());
	}

	@Test
	void unsolicitedResponseIsRefusedWhenTheConnectionOnlyAllowsSpInitiatedLogin() {
		this.connections.save("strict", new ConnectionSettings(idp.metadataXml(false), "okta", null, false, true, null),
				ConnectionOrigin.API, "test");
		IssuedResponse unsolicited = idp.response(acs("strict"), spEntityId("strict")).nameId(uniqueUser()).build();

		HttpResponse<String> response = this.browser.postResponse("strict", unsolicited.base64(), null);

		assertRefused(response, "sign-in must start at Tilegate", "unsolicited");
	}

	@Test
	void unsolicitedResponseIsAcceptedByDefaultBecauseThatIsHowAppTilesWork() {
		this.connections.save("tiles", new ConnectionSettings(idp.metadataXml(false), null, null, null, null, null),
				ConnectionOrigin.API, "test");
		IssuedResponse unsolicited = idp.response(acs("tiles"), spEntityId("tiles")).nameId(uniqueUser()).build();

		assertThat(this.browser.postResponse("tiles", unsolicited.base64(), null).statusCode()).isEqualTo(302);
	}

	@Test
	void responseWithoutDestinationIsRefused() {
		IssuedResponse issued = response(uniqueUser()).destination(null).build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null),
				"does not say where it was meant to go", "has no Destination");
	}

	@Test
	void responseForAnotherServiceProviderIsRefused() {
		IssuedResponse issued = response(uniqueUser()).destination("https://other-sp.example.com/acs").build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "meant for another address",
				"Invalid destination");
	}

	@Test
	void rsaSha1SignatureIsRefused() {
		IssuedResponse issued = response(uniqueUser())
			.signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "an algorithm Tilegate does not accept",
				"rsa-sha1");
	}

	@Test
	void sha1DigestIsRefused() {
		IssuedResponse issued = response(uniqueUser()).digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1).build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "an algorithm Tilegate does not accept",
				"digest http://www.w3.org/2000/09/xmldsig#sha1");
	}

	@Test
	void sha1OnTheAssertionAloneIsRefused() {
		IssuedResponse issued = response(uniqueUser()).signResponse(false)
			.signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "an algorithm Tilegate does not accept",
				"The assertion is signed with");
	}

	@Test
	void bearerConfirmationWithoutNotOnOrAfterIsRefused() {
		IssuedResponse issued = response(uniqueUser()).subjectConfirmationNotOnOrAfter(null).build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "never expires",
				"without NotOnOrAfter");
	}

	@Test
	void assertionIssued400DaysAgoWithoutAnyExpiryIsRefused() {
		Instant then = Instant.now().minus(Duration.ofDays(400));
		IssuedResponse issued = response(uniqueUser()).now(then)
			.notBefore(null)
			.notOnOrAfter(null)
			.subjectConfirmationNotOnOrAfter(null)
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "too old", "minutes ago");
	}

	@Test
	void assertionIssuedTenMinutesAgoIsRefusedEvenThoughItsNotOnOrAfterIsStillValid() {
		Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
		IssuedResponse issued = response(uniqueUser()).assertionIssueInstant(tenMinutesAgo)
			.notOnOrAfter(Instant.now().plus(Duration.ofMinutes(5)))
			.subjectConfirmationNotOnOrAfter(Instant.now().plus(Duration.ofMinutes(5)))
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "too old", "assertion was issued at");
	}

	@Test
	void responseIssuedTenMinutesAgoIsRefused() {
		IssuedResponse issued = response(uniqueUser()).responseIssueInstant(Instant.now().minus(Duration.ofMinutes(10)))
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "too old", "response was issued at");
	}

	@Test
	void assertionIssuedAnHourInTheFutureIsRefused() {
		Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
		IssuedResponse issued = response(uniqueUser()).assertionIssueInstant(inAnHour)
			.notOnOrAfter(inAnHour.plus(Duration.ofMinutes(5)))
			.subjectConfirmationNotOnOrAfter(inAnHour.plus(Duration.ofMinutes(5)))
			.build();

		assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null), "dated in the future",
				"in the future");
	}

	@Test
	void hugeResponseGetsAQuick400() {
		String padding = "x".repeat(300 * 1024);
		IssuedResponse issued = response(uniqueUser()).attribute("padding", padding).build();

		HttpResponse<String> response = this.browser.postResponse(CONNECTION, issued.base64(), null);

		assertThat(response.statusCode()).isEqualTo(400);
		assertRefused(response, "too large", "limit is 262144 bytes");
	}

	@Test
	void deeplyNestedResponseGets400NotAStackOverflow() {
		String nested = "<x>".repeat(20_000) + "</x>".repeat(20_000);
		String xml = response(uniqueUser()).build().xml().replace("</saml2p:Response>", nested + "</saml2p:Response>");
		assertThat(xml).contains(nested);

		HttpResponse<String> response = this.browser.postResponse(CONNECTION,
				java.util.Base64.getEncoder().encodeToString(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);

		assertThat(response.statusCode()).isEqualTo(400);
		assertRefused(response, "malformed", "nests elements more than 64 deep");
	}

	@Test
	void garbageInsteadOfAResponseGetsTheRefusalPageNotA500() {
		HttpResponse<String> notBase64 = this.browser.postResponse(CONNECTION, "%%% not base64 %%%", null);
		assertRefused(notBase64, "malformed", "not valid base64");

		HttpResponse<String> notXml = this.browser.postResponse(CONNECTION,
				java.util.Base64.getEncoder().encodeToString("hello".getBytes()), null);
		assertRefused(notXml, "malformed", "not well-formed XML");
	}

	@Test
	void responseToAnUnknownConnectionGetsTheRefusalPage() {
		IssuedResponse issued = idp.response(acs("nobody"), spEntityId("nobody")).nameId(uniqueUser()).build();

		HttpResponse<String> response = this.browser.postResponse("nobody", issued.base64(), null);

		assertThat(response.statusCode()).isIn(400, 403);
		assertThat(response.body()).contains("Your sign-in was refused");
	}

	@Test
	void responseSignedByAnotherKeyIsRefused() {
		var impostor = io.tilegate.demo.SamlIdentityProvider.create(idp.entityId(), "https://evil.test/sso",
				"https://evil.test/slo");
		IssuedResponse forged = impostor.response(acs(CONNECTION), spEntityId(CONNECTION)).nameId(uniqueUser()).build();

		assertRefused(this.browser.postResponse(CONNECTION, forged.base64(), null), "signature is not valid",
				"signature");
	}

	@Test
	void refusalEventCarriesTheDecodedResponseWithoutSignatureValues() {
		IssuedResponse issued = response(uniqueUser()).destination(null).build();

		Event event = assertRefused(this.browser.postResponse(CONNECTION, issued.base64(), null),
				"does not say where it was meant to go", "has no Destination");

		assertThat(event.getDetail()).contains(issued.assertionId()).contains("firstName").contains("(removed)");
		String signatureValue = issued.xml().replaceAll("(?s).*<ds:SignatureValue>([^<]+)</ds:SignatureValue>.*", "$1");
		assertThat(event.getDetail()).doesNotContain(signatureValue.trim());
		assertThat(event.getConnectionId()).isEqualTo(CONNECTION);
	}

}
