package io.tilegate.saml;

import java.time.Duration;
import java.time.Instant;

import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlResponseBuilder;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;

import static io.tilegate.saml.SignInFixture.codes;
import static io.tilegate.saml.SignInFixture.descriptions;
import static io.tilegate.saml.SignInFixture.response;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks on the Response envelope, each against the attack or mistake it stops: Spring's
 * own (status, issuer, InResponseTo, Destination), which the validator must keep, and those
 * Tilegate adds. End to end through the ACS: {@link AssertionHardeningTests}.
 */
class HardenedResponseValidatorTests {

	private final HardenedResponseValidator validator = new HardenedResponseValidator((connectionId) -> true,
			SignInFixture.WINDOW);

	@Test
	void aValidResponsePasses() {
		assertThat(codes(validate(response()))).isEmpty();
	}

	@Test
	void aResponseForAnotherSpIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().destination("https://other-sp.example.com/acs"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_DESTINATION);
		assertThat(descriptions(result)).contains("https://other-sp.example.com/acs");
	}

	@Test
	void aResponseThatHidesWhichSpItWasSentToIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().destination(null));
		assertThat(codes(result)).containsExactly(RefusalReason.MISSING_DESTINATION);
		assertThat(descriptions(result)).contains("has no Destination", "Single sign-on URL");
	}

	@Test
	void anUnsolicitedResponseIsRefusedWhereSignInMustStartAtTilegate() {
		HardenedResponseValidator spInitiatedOnly = new HardenedResponseValidator(
				(connectionId) -> !SignInFixture.CONNECTION.equals(connectionId), SignInFixture.WINDOW);
		IssuedResponse unsolicited = response().build();

		Saml2ResponseValidatorResult result = spInitiatedOnly.convert(SignInFixture
			.responseToken(SignInFixture.parse(unsolicited), SignInFixture.token(unsolicited)));

		assertThat(codes(result)).containsExactly(RefusalReason.UNSOLICITED_RESPONSE);
		IssuedResponse solicited = response().inResponseTo("ARQ-1").build();
		assertThat(codes(spInitiatedOnly.convert(SignInFixture.responseToken(SignInFixture.parse(solicited),
				SignInFixture.token(solicited, "ARQ-1"))))).isEmpty();
	}

	@Test
	void aResponseToAnotherBrowsersSignInRequestIsRefused() {
		IssuedResponse theirs = response().inResponseTo("ARQ-theirs").build();
		Saml2ResponseValidatorResult result = this.validator
			.convert(SignInFixture.responseToken(SignInFixture.parse(theirs), SignInFixture.token(theirs, "ARQ-ours")));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_IN_RESPONSE_TO);
	}

	@Test
	void aResponseToASignInRequestNobodyMadeIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().inResponseTo("ARQ-forged"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_IN_RESPONSE_TO);
		assertThat(descriptions(result)).contains("no saved authentication request");
	}

	@Test
	void aResponseFromAnotherIdpIsRefused() {
		Saml2ResponseValidatorResult result = validate(response().issuer("https://idp.elsewhere.test"));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_ISSUER);
		assertThat(descriptions(result)).contains("https://idp.elsewhere.test");
	}

	@Test
	void aFailedSignInAtTheIdpIsNotTakenForASuccess() {
		Saml2ResponseValidatorResult result = validate(response().status(StatusCode.REQUESTER));
		assertThat(codes(result)).containsExactly(Saml2ErrorCodes.INVALID_RESPONSE);
		assertThat(descriptions(result)).contains(StatusCode.REQUESTER);
	}

	@Test
	void aResponseCapturedAndReplayedTenMinutesLaterIsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().responseIssueInstant(Instant.now().minus(Duration.ofMinutes(10))));
		assertThat(codes(result)).containsExactly(RefusalReason.STALE);
		assertThat(descriptions(result)).contains("The response was issued at");
	}

	@Test
	void aResponsePreDatedIntoTheFutureIsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().responseIssueInstant(Instant.now().plus(Duration.ofHours(1))));
		assertThat(codes(result)).containsExactly(RefusalReason.FROM_THE_FUTURE);
	}

	@Test
	void aResponseSignedWithSha1IsRefused() {
		Saml2ResponseValidatorResult result = validate(
				response().signAssertion(false).signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1));
		assertThat(codes(result)).containsExactly(RefusalReason.WEAK_ALGORITHM);
		assertThat(descriptions(result)).contains("The response is signed with");
	}

	private Saml2ResponseValidatorResult validate(SamlResponseBuilder builder) {
		IssuedResponse issued = builder.build();
		Saml2AuthenticationToken token = SignInFixture.token(issued);
		return this.validator.convert(SignInFixture.responseToken(SignInFixture.parse(issued), token));
	}

}
