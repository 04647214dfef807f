package io.tilegate.saml;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.saml.SignInFinding.Part;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;

import static io.tilegate.saml.SignInFixture.codes;
import static io.tilegate.saml.SignInFixture.descriptions;
import static io.tilegate.saml.SignInFixture.response;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks on each assertion, each against the attack or mistake it stops: those Spring's
 * default validator makes (rebuilt for OpenSAML 4.0.1) and those Tilegate adds. End to end
 * through the ACS: {@link AssertionHardeningTests}.
 */
class HardenedAssertionValidatorTests {

	private final HardenedAssertionValidator validator = new HardenedAssertionValidator(SignInFixture.WINDOW);

	@Test
	void aValidAssertionPasses() {
		assertThat(codes(validate(response()))).isEmpty();
	}

	@Test
	void anAssertionForAnotherSpIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().audience("https://other-sp.example.com/metadata"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).containsIgnoringCase("audience");
	}

	@Test
	void anAssertionFromAnotherIdpIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().assertionIssuer("https://idp.elsewhere.test"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("Issuer");
	}

	@Test
	void anExpiredAssertionReplayedLaterIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().notOnOrAfter(Instant.now().minus(Duration.ofMinutes(3))));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("NotOnOrAfter condition", "is no longer valid");
	}

	@Test
	void anAssertionMintedAheadForLaterUseIsRefusedBeforeItsNotBefore() {
		Saml2ResponseValidatorResult result = validate(response().notBefore(Instant.now().plus(Duration.ofMinutes(30))));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("NotBefore condition", "is not yet valid");
	}

	@Test
	void anAssertionReplayedAfterItsBearerConfirmationExpiredIsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().subjectConfirmationNotOnOrAfter(Instant.now().minus(Duration.ofMinutes(3))));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("subject confirmation");
	}

	@Test
	void anAssertionThatWouldNeverExpireIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().subjectConfirmationNotOnOrAfter(null));
		assertThat(codes(result)).containsExactly(RefusalReason.CONFIRMATION_WITHOUT_EXPIRY);
		assertThat(descriptions(result)).contains("without NotOnOrAfter");
	}

	@Test
	void anAssertionForAnotherAssertionConsumerServiceIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().recipient("https://other-sp.example.com/acs"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("subject confirmation");
	}

	@Test
	void anAssertionAnsweringAnotherSignInRequestIsRefused() {
		IssuedResponse theirs = response().inResponseTo("ARQ-theirs").build();
		Saml2ResponseValidatorResult result = validate(theirs, SignInFixture.token(theirs, "ARQ-ours"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ASSERTION);
		assertThat(descriptions(result)).contains("subject confirmation");

		IssuedResponse ours = response().inResponseTo("ARQ-ours").build();
		assertThat(codes(validate(ours, SignInFixture.token(ours, "ARQ-ours")))).isEmpty();
	}

	@Test
	void anAssertionCapturedAndReplayedTenMinutesLaterIsRefusedThoughItsNotOnOrAfterIsStillValid() {
		Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
		Saml2ResponseValidatorResult result = validate(response().assertionIssueInstant(tenMinutesAgo)
			.notOnOrAfter(Instant.now().plus(Duration.ofMinutes(5))));
		assertThat(codes(result)).containsExactly(RefusalReason.STALE);
		assertThat(descriptions(result)).contains("The assertion was issued at");
	}

	@Test
	void anAssertionPreDatedIntoTheFutureIsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().assertionIssueInstant(Instant.now().plus(Duration.ofHours(1))));
		assertThat(codes(result)).containsExactly(RefusalReason.FROM_THE_FUTURE);
	}

	@Test
	void anAssertionSignedWithSha1IsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().signResponse(false).signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1));
		assertThat(codes(result)).containsExactly(RefusalReason.WEAK_ALGORITHM);
		assertThat(descriptions(result)).contains("The assertion is signed with");
	}

	@Test
	void everyStageIsJudgedThoughTheSignInRefusesWithTheFirstAsOpenSamlDoes() {
		IssuedResponse issued = response().audience("https://other-sp.example.com/metadata")
			.notOnOrAfter(Instant.now().minus(Duration.ofMinutes(3)))
			.build();

		List<SignInFinding> findings = this.validator
			.findings(SignInFixture.parse(issued).getAssertions().get(0), SignInFixture.token(issued));

		assertThat(findings).extracting(SignInFinding::part).containsExactly(Part.VALIDITY, Part.AUDIENCE);
		assertThat(validate(issued, SignInFixture.token(issued)).getErrors().iterator().next().getDescription())
			.contains("NotOnOrAfter condition");
	}

	@Test
	void aFailedBearerConfirmationIsFiledUnderThePartToBlame() {
		assertThat(parts(response().subjectConfirmationNotOnOrAfter(Instant.now().minus(Duration.ofMinutes(3)))))
			.containsExactly(Part.VALIDITY);
		assertThat(parts(response().recipient("https://other-sp.example.com/acs"))).containsExactly(Part.DESTINATION);
		assertThat(parts(response().inResponseTo("ARQ-forged"))).containsExactly(Part.IN_RESPONSE_TO);
	}

	private List<Part> parts(SamlResponseBuilder builder) {
		IssuedResponse issued = builder.build();
		return this.validator.findings(SignInFixture.parse(issued).getAssertions().get(0), SignInFixture.token(issued))
			.stream()
			.map(SignInFinding::part)
			.toList();
	}

	private Saml2ResponseValidatorResult validate(SamlResponseBuilder builder) {
		IssuedResponse issued = builder.build();
		return validate(issued, SignInFixture.token(issued));
	}

	private Saml2ResponseValidatorResult validate(IssuedResponse issued, Saml2AuthenticationToken token) {
		return this.validator.convert(SignInFixture.assertionToken(SignInFixture.parse(issued), token));
	}

}
