package io.tilegate.saml;

import java.util.ArrayList;
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
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.provider.service.authentication.AbstractSaml2AuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.AssertionToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;

/**
 * Validates each assertion: everything Spring's default validator checks, built on OpenSAML
 * 4.0.1's five-argument {@link SAML20AssertionValidator} constructor (Spring's default calls a
 * six-argument one that exists only from 4.1 and dies with {@code NoSuchMethodError}), plus the
 * checks 4.0.1 leaves out: signature algorithms, IssueInstant age, and a required
 * NotOnOrAfter on the bearer confirmation.
 */
final class HardenedAssertionValidator implements Converter<AssertionToken, Saml2ResponseValidatorResult> {

	private final SAML20AssertionValidator openSaml;

	private final IssueInstantWindow window;

	HardenedAssertionValidator(IssueInstantWindow window) {
		this.window = window;
		this.openSaml = new SAML20AssertionValidator(conditionValidators(), List.of(new BearerConfirmation()), List.of(),
				null, null) {
			@Override
			protected ValidationResult validateSignature(Assertion assertion, ValidationContext context) {
				// Spring has verified the signature against the connection's certificates already.
				return ValidationResult.VALID;
			}
		};
	}

	private static List<ConditionValidator> conditionValidators() {
		List<ConditionValidator> validators = new ArrayList<>();
		validators.add(new AudienceRestrictionConditionValidator());
		validators.add(new DelegationRestrictionConditionValidator());
		validators.add(new ProxyRestrictionConditionValidator());
		validators.add(new ConditionValidator() {
			@Override
			public QName getServicedCondition() {
				return OneTimeUse.DEFAULT_ELEMENT_NAME;
			}

			@Override
			public ValidationResult validate(Condition condition, Assertion assertion, ValidationContext context) {
				// Honoured by the AssertionReplayCache, which refuses every second use anyway.
				return ValidationResult.VALID;
			}
		});
		return validators;
	}

	@Override
	public Saml2ResponseValidatorResult convert(AssertionToken token) {
		Assertion assertion = token.getAssertion();
		List<Saml2Error> errors = new ArrayList<>(SignatureAlgorithmPolicy.check(assertion.getSignature(), "assertion"));
		Saml2Error age = this.window.check(assertion.getIssueInstant(), "assertion");
		if (age != null) {
			errors.add(age);
		}
		Saml2Error expiry = bearerConfirmationExpiry(assertion);
		if (expiry != null) {
			errors.add(expiry);
		}
		Saml2Error standard = standardChecks(token);
		if (standard != null) {
			errors.add(standard);
		}
		return Saml2ResponseValidatorResult.failure(errors);
	}

	/**
	 * SAML profiles §4.1.4.2 requires NotOnOrAfter on the bearer SubjectConfirmationData;
	 * without it an intercepted assertion would be good for ever.
	 */
	private static Saml2Error bearerConfirmationExpiry(Assertion assertion) {
		if (assertion.getSubject() == null) {
			return null;
		}
		for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
			if (!SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())) {
				continue;
			}
			SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
			if (data == null || data.getNotOnOrAfter() == null) {
				return new Saml2Error(RefusalReason.CONFIRMATION_WITHOUT_EXPIRY, "Assertion " + assertion.getID()
						+ " has a bearer SubjectConfirmation without NotOnOrAfter, so it would never expire.");
			}
		}
		return null;
	}

	private Saml2Error standardChecks(AssertionToken token) {
		Assertion assertion = token.getAssertion();
		ValidationContext context = new ValidationContext(parameters(token));
		try {
			if (this.openSaml.validate(assertion, context) == ValidationResult.VALID) {
				return null;
			}
			return new Saml2Error(Saml2ErrorCodes.INVALID_ASSERTION,
					"Invalid assertion " + assertion.getID() + ": " + context.getValidationFailureMessage());
		}
		catch (AssertionValidationException | RuntimeException ex) {
			return new Saml2Error(Saml2ErrorCodes.INVALID_ASSERTION,
					"Invalid assertion " + assertion.getID() + ": " + ex.getMessage());
		}
	}

	private Map<String, Object> parameters(AssertionToken token) {
		Saml2AuthenticationToken authentication = token.getToken();
		RelyingPartyRegistration registration = authentication.getRelyingPartyRegistration();
		Map<String, Object> parameters = new HashMap<>();
		parameters.put(SAML2AssertionValidationParameters.COND_VALID_AUDIENCES, Set.of(registration.getEntityId()));
		parameters.put(SAML2AssertionValidationParameters.SC_VALID_RECIPIENTS,
				Set.of(registration.getAssertionConsumerServiceLocation()));
		parameters.put(SAML2AssertionValidationParameters.VALID_ISSUERS,
				Set.of(registration.getAssertingPartyMetadata().getEntityId()));
		parameters.put(SAML2AssertionValidationParameters.CLOCK_SKEW, this.window.clockSkew());
		parameters.put(SAML2AssertionValidationParameters.SIGNATURE_REQUIRED, false);
		parameters.put(SAML2AssertionValidationParameters.SC_CHECK_ADDRESS, false);
		if (hasInResponseTo(token.getAssertion())) {
			AbstractSaml2AuthenticationRequest request = authentication.getAuthenticationRequest();
			parameters.put(SAML2AssertionValidationParameters.SC_VALID_IN_RESPONSE_TO,
					(request != null) ? request.getId() : null);
		}
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

	/** Client addresses behind proxies and NAT are unreliable; Spring skips them too (gh-7514). */
	private static final class BearerConfirmation extends BearerSubjectConfirmationValidator {

		@Override
		protected ValidationResult validateAddress(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) {
			return ValidationResult.VALID;
		}

	}

}
