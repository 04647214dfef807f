package io.tilegate.saml;

import java.util.List;

import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;

/**
 * A reason one of the sign-in's checks found to refuse a response, and the part of the
 * response it is about: the sign-in refuses with the error, a report files it under the part.
 */
record SignInFinding(Part part, Saml2Error error) {

	static Saml2ResponseValidatorResult result(List<SignInFinding> findings) {
		return Saml2ResponseValidatorResult.failure(findings.stream().map(SignInFinding::error).toList());
	}

	/** What a check judges, in the order a report lists them. */
	enum Part {

		/** Whether the IdP signed the user in at all. */
		STATUS,

		/** The response's signature algorithms (Spring verifies the signature itself). */
		RESPONSE_SIGNATURE,

		/** The assertion's signature algorithms (Spring verifies the signature itself). */
		ASSERTION_SIGNATURE,

		/** Who issued the response and the assertion. */
		ISSUER,

		/** The assertion's conditions: whom it is meant for, and whether it may be passed on. */
		AUDIENCE,

		/** When the response and the assertion were issued, and until when they hold. */
		VALIDITY,

		/** Where the response was sent: its Destination, and its bearer confirmation's Recipient. */
		DESTINATION,

		/** Which sign-in request started at Tilegate it answers, if any. */
		IN_RESPONSE_TO,

		/** The assertion's subject confirmation, when none of the parts above is to blame. */
		SUBJECT_CONFIRMATION,

		/** Anything else, such as an error code a newer Spring adds. */
		OTHER

	}

}
