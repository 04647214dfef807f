package stocksp;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;

import org.opensaml.saml.common.assertion.AssertionValidationException;
import org.opensaml.saml.common.assertion.ValidationContext;
import org.opensaml.saml.common.assertion.ValidationResult;
import org.opensaml.saml.saml2.assertion.ConditionValidator;
import org.opensaml.saml.saml2.assertion.SAML20AssertionValidator;
import org.opensaml.saml.saml2.assertion.SAML2AssertionValidationParameters;
import org.opensaml.saml.saml2.assertion.impl.AudienceRestrictionConditionValidator;
import org.opensaml.saml.saml2.assertion.impl.BearerSubjectConfirmationValidator;
import org.opensaml.saml.saml2.assertion.impl.DelegationRestrictionConditionValidator;
import org.opensaml.saml.saml2.assertion.impl.ProxyRestrictionConditionValidator;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Condition;
import org.opensaml.saml.saml2.core.OneTimeUse;
import org.opensaml.saml.saml2.core.SubjectConfirmation;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.provider.service.authentication.AbstractSaml2AuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.AssertionToken;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;

/**
 * Spring Security's default assertion validation, nothing added and nothing left out, on
 * OpenSAML 4.0.1's five-argument {@link SAML20AssertionValidator} constructor: Spring's own
 * default calls a six-argument one that exists only from 4.1, and the first sign-in dies with
 * {@code NoSuchMethodError}. The validators and the parameters are those of
 * {@code OpenSaml4AuthenticationProvider.createDefaultAssertionValidator()}: audience = the
 * SP's entity ID, recipient = its ACS, issuer = the IdP's entity ID, five minutes of clock
 * skew, client addresses unchecked, OneTimeUse left to the application.
 */
final class SpringDefaultAssertionValidator implements Converter<AssertionToken, Saml2ResponseValidatorResult> {

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private final SAML20AssertionValidator openSaml = new SAML20AssertionValidator(
			List.of(new AudienceRestrictionConditionValidator(), new DelegationRestrictionConditionValidator(),
					new OneTimeUseLeftToTheApplication(), new ProxyRestrictionConditionValidator()),
			List.of(new BearerConfirmationAnyAddress()), List.of(), null, null) {

		@Override
		protected ValidationResult validateSignature(Assertion assertion, ValidationContext context) {
			// Spring has verified the signature against the IdP's certificates already.
			return ValidationResult.VALID;
		}

	};

	@Override
	public Saml2ResponseValidatorResult convert(AssertionToken token) {
		Assertion assertion = token.getAssertion();
		ValidationContext context = new ValidationContext(parameters(token));
		String failure;
		try {
			if (this.openSaml.validate(assertion, context) == ValidationResult.VALID) {
				return Saml2ResponseValidatorResult.success();
			}
			failure = context.getValidationFailureMessage();
		}
		catch (AssertionValidationException ex) {
			failure = ex.getMessage();
		}
		return Saml2ResponseValidatorResult.failure(new Saml2Error(Saml2ErrorCodes.INVALID_ASSERTION,
				"Invalid assertion [" + assertion.getID() + "]: " + failure));
	}

	private static Map<String, Object> parameters(AssertionToken token) {
		RelyingPartyRegistration registration = token.getToken().getRelyingPartyRegistration();
		Map<String, Object> parameters = new HashMap<>();
		if (hasInResponseTo(token.getAssertion())) {
			AbstractSaml2AuthenticationRequest request = token.getToken().getAuthenticationRequest();
			parameters.put(SAML2AssertionValidationParameters.SC_VALID_IN_RESPONSE_TO,
					(request != null) ? request.getId() : null);
		}
		parameters.put(SAML2AssertionValidationParameters.COND_VALID_AUDIENCES, Set.of(registration.getEntityId()));
		parameters.put(SAML2AssertionValidationParameters.SC_VALID_RECIPIENTS,
				Set.of(registration.getAssertionConsumerServiceLocation()));
		parameters.put(SAML2AssertionValidationParameters.VALID_ISSUERS,
				Set.of(registration.getAssertingPartyMetadata().getEntityId()));
		parameters.put(SAML2AssertionValidationParameters.CLOCK_SKEW, CLOCK_SKEW);
		return parameters;
	}

	private static boolean hasInResponseTo(Assertion assertion) {
		if (assertion.getSubject() == null) {
			return false;
		}
		return assertion.getSubject()
			.getSubjectConfirmations()
			.stream()
			.map(SubjectConfirmation::getSubjectConfirmationData)
			.anyMatch((data) -> data != null && data.getInResponseTo() != null && !data.getInResponseTo().isBlank());
	}

	/** Spring leaves OneTimeUse to the application; a stock SP does nothing with it. */
	private static final class OneTimeUseLeftToTheApplication implements ConditionValidator {

		@Override
		public QName getServicedCondition() {
			return OneTimeUse.DEFAULT_ELEMENT_NAME;
		}

		@Override
		public ValidationResult validate(Condition condition, Assertion assertion, ValidationContext context) {
			return ValidationResult.VALID;
		}

	}

	/** Client addresses behind proxies and NAT are unreliable; Spring skips them (gh-7514). */
	private static final class BearerConfirmationAnyAddress extends BearerSubjectConfirmationValidator {

		@Override
		protected ValidationResult validateAddress(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) {
			return ValidationResult.VALID;
		}

	}

}
