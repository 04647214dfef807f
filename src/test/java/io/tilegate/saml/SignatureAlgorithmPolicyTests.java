package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.demo.SamlResponseBuilder;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Element;

import org.springframework.security.saml2.core.OpenSamlInitializationService;
import org.springframework.security.saml2.core.Saml2Error;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SHA-1 downgrade: a response signed, or digested, with SHA-1 (collisions are practical)
 * is refused, naming the setting to change at the IdP; RSA-SHA256 with SHA-256 passes.
 */
class SignatureAlgorithmPolicyTests {

	static {
		OpenSamlInitializationService.initialize();
	}

	private static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.policy.test/metadata",
			"https://idp.policy.test/sso", "https://idp.policy.test/slo");

	@Test
	void anRsaSha1SignatureIsRefused() throws Exception {
		List<Saml2Error> errors = SignatureAlgorithmPolicy.check(
				signature(response().signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)), "response");
		assertThat(errors).extracting(Saml2Error::getErrorCode).containsExactly(RefusalReason.WEAK_ALGORITHM);
		assertThat(errors.get(0).getDescription()).contains("rsa-sha1", "RSA-SHA256");
	}

	@Test
	void aSha1DigestUnderASha256SignatureIsRefused() throws Exception {
		List<Saml2Error> errors = SignatureAlgorithmPolicy
			.check(signature(response().digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1)), "response");
		assertThat(errors).extracting(Saml2Error::getErrorCode).containsExactly(RefusalReason.WEAK_ALGORITHM);
		assertThat(errors.get(0).getDescription()).contains("digest", "SHA-256");
	}

	@Test
	void rsaSha256WithSha256Passes() throws Exception {
		assertThat(SignatureAlgorithmPolicy.check(signature(response()), "response")).isEmpty();
		assertThat(SignatureAlgorithmPolicy.check(null, "response")).isEmpty();
	}

	private static SamlResponseBuilder response() {
		return idp.response("https://intranet.example.com/login/saml2/sso/policy",
				"https://intranet.example.com/saml2/service-provider-metadata/policy")
			.nameId("ada@example.com")
			.signAssertion(false)
			.signResponse(true);
	}

	private static org.opensaml.xmlsec.signature.Signature signature(SamlResponseBuilder builder) throws Exception {
		byte[] xml = builder.build().xml().getBytes(StandardCharsets.UTF_8);
		Element root = XMLObjectProviderRegistrySupport.getParserPool()
			.parse(new ByteArrayInputStream(xml))
			.getDocumentElement();
		Response response = (Response) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
			.getUnmarshaller(root)
			.unmarshall(root);
		return response.getSignature();
	}

}
