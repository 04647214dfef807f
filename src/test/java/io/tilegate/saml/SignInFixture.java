package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.demo.SamlResponseBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Element;

import org.springframework.security.saml2.core.OpenSamlInitializationService;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.security.saml2.provider.service.authentication.AbstractSaml2AuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.AssertionToken;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2PostAuthenticationRequest;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;

/**
 * One connection and its IdP, for unit tests of the sign-in's checks without a running
 * Tilegate: real signed responses from the demo IdP, parsed as the ACS parses them, and the
 * tokens Spring's provider hands the validators once it has verified the signatures.
 */
final class SignInFixture {

	static {
		OpenSamlInitializationService.initialize();
	}

	static final String CONNECTION = "acme";

	static final String ACS = "https://intranet.example.com/login/saml2/sso/" + CONNECTION;

	static final String SP_ENTITY_ID = "https://intranet.example.com/saml2/service-provider-metadata/" + CONNECTION;

	static final SamlIdentityProvider IDP = SamlIdentityProvider.create("https://idp.acme.test/metadata",
			"https://idp.acme.test/sso", "https://idp.acme.test/slo");

	/** Tilegate's defaults; OpenSAML reads the system clock, so these checks must too. */
	static final IssueInstantWindow WINDOW = new IssueInstantWindow(Clock.systemUTC(), Duration.ofMinutes(5),
			Duration.ofMinutes(2));

	static final RelyingPartyRegistration REGISTRATION = RelyingPartyRegistration.withRegistrationId(CONNECTION)
		.entityId(SP_ENTITY_ID)
		.assertionConsumerServiceLocation(ACS)
		.assertingPartyMetadata((party) -> party.entityId(IDP.entityId())
			.singleSignOnServiceLocation(IDP.singleSignOnUrl())
			.verificationX509Credentials(
					(credentials) -> credentials.add(Saml2X509Credential.verification(IDP.signingKey().certificate()))))
		.build();

	private SignInFixture() {
	}

	/** A valid response for the connection, issued now; each knob forges one defect. */
	static SamlResponseBuilder response() {
		return IDP.response(ACS, SP_ENTITY_ID).nameId("ada.lovelace@example.com");
	}

	static Response parse(IssuedResponse issued) {
		try {
			Element root = XMLObjectProviderRegistrySupport.getParserPool()
				.parse(new ByteArrayInputStream(issued.xml().getBytes(StandardCharsets.UTF_8)))
				.getDocumentElement();
			return (Response) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
				.getUnmarshaller(root)
				.unmarshall(root);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What the ACS makes of a post with no sign-in request pending for it. */
	static Saml2AuthenticationToken token(IssuedResponse issued) {
		return new Saml2AuthenticationToken(REGISTRATION, issued.xml());
	}

	/** What the ACS makes of a post that found the sign-in request of this ID pending. */
	static Saml2AuthenticationToken token(IssuedResponse issued, String pendingRequestId) {
		AbstractSaml2AuthenticationRequest request = Saml2PostAuthenticationRequest
			.withRelyingPartyRegistration(REGISTRATION)
			.id(pendingRequestId)
			.samlRequest("PHNhbWxwOkF1dGhuUmVxdWVzdC8+")
			.build();
		return new Saml2AuthenticationToken(REGISTRATION, issued.xml(), request);
	}

	static ResponseToken responseToken(Response response, Saml2AuthenticationToken token) {
		return SignInChecks.responseToken(response, token);
	}

	// Only Spring's provider makes these tokens: the constructor is package-private.
	static AssertionToken assertionToken(Response response, Saml2AuthenticationToken token) {
		try {
			Constructor<AssertionToken> constructor = AssertionToken.class.getDeclaredConstructor(Assertion.class,
					Saml2AuthenticationToken.class);
			constructor.setAccessible(true);
			return constructor.newInstance(response.getAssertions().get(0), token);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> codes(Saml2ResponseValidatorResult result) {
		return result.getErrors().stream().map(Saml2Error::getErrorCode).toList();
	}

	static String descriptions(Saml2ResponseValidatorResult result) {
		return String.join("\n", result.getErrors().stream().map(Saml2Error::getDescription).toList());
	}

}
