package io.tilegate.saml;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.saml.SignInFinding.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;

import static io.tilegate.saml.SignInFixture.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The seam between the sign-in and the mapping page: Spring's provider, with the checks
 * enforced on it, refuses a response with an error that the report of the very same checks
 * gives word for word, filed under the part of the response the page shows it on.
 */
class SignInChecksTests {

	/** Which defects no response the demo IdP signs can have. */
	private static final Set<Part> UNFORGEABLE = EnumSet.of(
			// only a subject confirmation method Tilegate has no validator for fails as a whole
			Part.SUBJECT_CONFIRMATION,
			// codes a newer Spring may add
			Part.OTHER);

	private final SignInChecks checks = new SignInChecks((connectionId) -> true, SignInFixture.WINDOW);

	static Stream<Arguments> defects() {
		Instant now = Instant.now();
		return Stream.of(arguments("the IdP did not sign the user in", Part.STATUS, response().status(StatusCode.RESPONDER)),
				arguments("a response signed with SHA-1", Part.RESPONSE_SIGNATURE,
						response().signAssertion(false).signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)),
				arguments("an assertion signed with SHA-1", Part.ASSERTION_SIGNATURE,
						response().signResponse(false).signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)),
				// Spring verifies a signature against the key of the issuer it names, so another issuer is
				// met by the issuer checks only on what is not signed.
				arguments("a response of another IdP", Part.ISSUER, response().signResponse(false)
					.issuer("https://idp.elsewhere.test")
					.assertionIssuer(SignInFixture.IDP.entityId())),
				arguments("an assertion of another IdP", Part.ISSUER,
						response().signAssertion(false).assertionIssuer("https://idp.elsewhere.test")),
				arguments("an assertion for another SP", Part.AUDIENCE,
						response().audience("https://other-sp.example.com/metadata")),
				arguments("a response copied two hours ago", Part.VALIDITY, response().now(now.minus(Duration.ofHours(2)))),
				arguments("an expired assertion", Part.VALIDITY, response().notOnOrAfter(now.minus(Duration.ofMinutes(3)))),
				arguments("an assertion that never expires", Part.VALIDITY,
						response().subjectConfirmationNotOnOrAfter(null)),
				arguments("a response for another SP", Part.DESTINATION,
						response().destination("https://other-sp.example.com/acs")),
				arguments("a response without Destination", Part.DESTINATION, response().destination(null)),
				arguments("an assertion for another SP's ACS", Part.DESTINATION,
						response().recipient("https://other-sp.example.com/acs")),
				arguments("a response to a request nobody made", Part.IN_RESPONSE_TO, response().inResponseTo("ARQ-forged")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("defects")
	void whatTheSignInRefusesTheReportGivesUnderItsPart(String defect, Part part, SamlResponseBuilder builder) {
		IssuedResponse issued = builder.build();
		Saml2AuthenticationToken token = SignInFixture.token(issued);

		Saml2AuthenticationException refused = catchThrowableOfType(() -> signIn().authenticate(token),
				Saml2AuthenticationException.class);

		assertThat(refused).as("the sign-in refuses %s", defect).isNotNull();
		List<SignInFinding> report = this.checks.report(SignInFixture.parse(issued), token);
		assertThat(report).filteredOn((finding) -> finding.part() == part)
			.extracting(SignInFinding::error)
			.extracting(SignInChecksTests::said)
			.contains(said(refused.getSaml2Error()));
	}

	@Test
	void anUnsolicitedResponseWhereSignInMustStartAtTilegateIsRefusedForTheReasonTheReportGives() {
		SignInChecks spInitiatedOnly = new SignInChecks((connectionId) -> false, SignInFixture.WINDOW);
		OpenSaml4AuthenticationProvider provider = new OpenSaml4AuthenticationProvider();
		spInitiatedOnly.enforceOn(provider);
		IssuedResponse issued = response().build();
		Saml2AuthenticationToken token = SignInFixture.token(issued);

		Saml2AuthenticationException refused = catchThrowableOfType(() -> provider.authenticate(token),
				Saml2AuthenticationException.class);

		assertThat(refused.getSaml2Error().getErrorCode()).isEqualTo(RefusalReason.UNSOLICITED_RESPONSE);
		List<SignInFinding> report = spInitiatedOnly.report(SignInFixture.parse(issued), token);
		assertThat(report).extracting(SignInFinding::part).containsExactly(Part.IN_RESPONSE_TO);
		assertThat(said(report.get(0).error())).isEqualTo(said(refused.getSaml2Error()));
	}

	@Test
	void aResponseTheReportFindsNothingAgainstSignsIn() {
		IssuedResponse issued = response().inResponseTo("ARQ-1").build();
		Saml2AuthenticationToken token = SignInFixture.token(issued, "ARQ-1");

		assertThat(this.checks.report(SignInFixture.parse(issued), token)).isEmpty();
		assertThat(signIn().authenticate(token).isAuthenticated()).isTrue();
	}

	@Test
	void theDefectsAboveReachEveryPartAForgedResponseCan() {
		Set<Part> reached = defects().map((defect) -> (Part) defect.get()[1]).collect(Collectors.toSet());
		assertThat(EnumSet.complementOf(EnumSet.copyOf(UNFORGEABLE))).isEqualTo(reached);
	}

	private OpenSaml4AuthenticationProvider signIn() {
		OpenSaml4AuthenticationProvider provider = new OpenSaml4AuthenticationProvider();
		this.checks.enforceOn(provider);
		return provider;
	}

	private static String said(Saml2Error error) {
		return "[" + error.getErrorCode() + "] " + error.getDescription();
	}

}
