package io.tilegate.saml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.tilegate.saml.SignInFinding.Part;
import org.opensaml.saml.saml2.core.Response;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken;

/**
 * Validates the Response envelope: Spring's checks (status, issuer, InResponseTo, a wrong
 * Destination) plus those Spring leaves out: a Destination must be present, an unsolicited
 * response is accepted only from a connection that allows IdP-initiated login, and the
 * response's own signature algorithm and IssueInstant are held to the same rules as the
 * assertion's.
 */
final class HardenedResponseValidator implements Converter<ResponseToken, Saml2ResponseValidatorResult> {

	private static final Map<String, Part> SPRING_CHECKS = Map.of(Saml2ErrorCodes.INVALID_RESPONSE, Part.STATUS,
			Saml2ErrorCodes.INVALID_IN_RESPONSE_TO, Part.IN_RESPONSE_TO, Saml2ErrorCodes.INVALID_DESTINATION,
			Part.DESTINATION, Saml2ErrorCodes.INVALID_ISSUER, Part.ISSUER);

	private final Converter<ResponseToken, Saml2ResponseValidatorResult> springDefault = OpenSaml4AuthenticationProvider
		.createDefaultResponseValidator();

	private final Predicate<String> acceptsUnsolicited;

	private final IssueInstantWindow window;

	/**
	 * @param acceptsUnsolicited whether the connection of this id allows IdP-initiated login
	 */
	HardenedResponseValidator(Predicate<String> acceptsUnsolicited, IssueInstantWindow window) {
		this.acceptsUnsolicited = acceptsUnsolicited;
		this.window = window;
	}

	@Override
	public Saml2ResponseValidatorResult convert(ResponseToken token) {
		return SignInFinding.result(findings(token));
	}

	/** Every reason to refuse the response, in the order the sign-in reports them. */
	List<SignInFinding> findings(ResponseToken token) {
		Response response = token.getResponse();
		List<SignInFinding> findings = new ArrayList<>();
		// SAML bindings §3.5.5.2: a signed response sent over POST must carry Destination, and
		// without it a response meant for another SP could be replayed here.
		if (response.getDestination() == null || response.getDestination().isBlank()) {
			findings.add(new SignInFinding(Part.DESTINATION, new Saml2Error(RefusalReason.MISSING_DESTINATION,
					"Response " + response.getID() + " has no Destination. Configure the IdP to send it (in Okta: "
							+ "the \"Single sign-on URL\").")));
		}
		boolean unsolicited = response.getInResponseTo() == null || response.getInResponseTo().isBlank();
		String connectionId = token.getToken().getRelyingPartyRegistration().getRegistrationId();
		if (unsolicited && !this.acceptsUnsolicited.test(connectionId)) {
			findings.add(new SignInFinding(Part.IN_RESPONSE_TO, new Saml2Error(RefusalReason.UNSOLICITED_RESPONSE,
					"Response " + response.getID() + " is unsolicited (IdP-initiated), and this connection only "
							+ "accepts responses to sign-ins started at Tilegate. Start at Tilegate, or allow "
							+ "IdP-initiated login on the connection.")));
		}
		Saml2Error age = this.window.check(response.getIssueInstant(), "response");
		if (age != null) {
			findings.add(new SignInFinding(Part.VALIDITY, age));
		}
		SignatureAlgorithmPolicy.check(response.getSignature(), "response")
			.forEach((weak) -> findings.add(new SignInFinding(Part.RESPONSE_SIGNATURE, weak)));
		this.springDefault.convert(token)
			.getErrors()
			.forEach((error) -> findings.add(
					new SignInFinding(SPRING_CHECKS.getOrDefault(error.getErrorCode(), Part.OTHER), error)));
		return findings;
	}

}
