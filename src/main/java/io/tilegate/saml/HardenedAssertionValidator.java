package io.tilegate.saml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;

import io.tilegate.saml.SignInFinding.Part;
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

	private final StandardChecks openSaml = new StandardChecks();

	private final IssueInstantWindow window;

	HardenedAssertionValidator(IssueInstantWindow window) {
		this.window = window;
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
		return SignInFinding.result(findings(token.getAssertion(), token.getToken()));
	}

	/** Every reason to refuse the assertion, in the order the sign-in reports them. */
	List<SignInFinding> findings(Assertion assertion, Saml2AuthenticationToken token) {
		List<SignInFinding> findings = new ArrayList<>();
		SignatureAlgorithmPolicy.check(assertion.getSignature(), "assertion")
			.forEach((weak) -> findings.add(new SignInFinding(Part.ASSERTION_SIGNATURE, weak)));
		Saml2Error age = this.window.check(assertion.getIssueInstant(), "assertion");
		if (age != null) {
			findings.add(new SignInFinding(Part.VALIDITY, age));
		}
		Saml2Error expiry = bearerConfirmationExpiry(assertion);
		if (expiry != null) {
			findings.add(new SignInFinding(Part.VALIDITY, expiry));
		}
		findings.addAll(standardChecks(assertion, token));
		return findings;
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

	/**
	 * What {@link SAML20AssertionValidator#validate} checks, one stage at a time: it stops at
	 * the first stage that fails, which would hide a wrong audience behind an expiry from
	 * anyone reading the findings. The sign-in still refuses with the first, which is the one
	 * validate() would have given.
	 */
	private List<SignInFinding> standardChecks(Assertion assertion, Saml2AuthenticationToken token) {
		Map<String, Object> parameters = parameters(assertion, token);
		List<SignInFinding> findings = new ArrayList<>();
		for (Stage stage : this.openSaml.stages) {
			ValidationContext context = new ValidationContext(parameters);
			String failure;
			try {
				if (stage.check().validate(assertion, context) == ValidationResult.VALID) {
					continue;
				}
				failure = context.getValidationFailureMessage();
			}
			catch (AssertionValidationException | RuntimeException ex) {
				failure = ex.getMessage();
			}
			Part part = (Part) context.getDynamicParameters()
				.getOrDefault(BearerConfirmation.FAILED_PART, stage.part());
			findings.add(new SignInFinding(part, new Saml2Error(Saml2ErrorCodes.INVALID_ASSERTION,
					"Invalid assertion " + assertion.getID() + ": " + failure)));
		}
		return findings;
	}

	private Map<String, Object> parameters(Assertion assertion, Saml2AuthenticationToken authentication) {
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
		if (hasInResponseTo(assertion)) {
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

	private interface Check {

		ValidationResult validate(Assertion assertion, ValidationContext context) throws AssertionValidationException;

	}

	private record Stage(Part part, Check check) {
	}

	/**
	 * OpenSAML's validator, its stages in validate()'s order; the signature's is left out, as
	 * Spring has verified the signature against the connection's certificates already.
	 */
	private static final class StandardChecks extends SAML20AssertionValidator {

		private final List<Stage> stages = List.of(new Stage(Part.OTHER, this::validateVersion),
				new Stage(Part.ISSUER, this::validateIssuer),
				new Stage(Part.VALIDITY, (assertion, context) -> super.validateConditionsTimeBounds(assertion, context)),
				new Stage(Part.AUDIENCE, this::validateConditions),
				new Stage(Part.SUBJECT_CONFIRMATION, this::validateSubjectConfirmation),
				new Stage(Part.OTHER, this::validateStatements));

		StandardChecks() {
			super(conditionValidators(), List.of(new BearerConfirmation()), List.of(), null, null);
		}

		@Override
		protected ValidationResult validateConditionsTimeBounds(Assertion assertion, ValidationContext context) {
			// A stage of its own above, so that the conditions' stage judges only the conditions.
			return ValidationResult.VALID;
		}

	}

	/** Client addresses behind proxies and NAT are unreliable; Spring skips them too (gh-7514). */
	private static final class BearerConfirmation extends BearerSubjectConfirmationValidator {

		/** OpenSAML reports only that no confirmation was met, so the part to blame is kept aside. */
		static final String FAILED_PART = BearerConfirmation.class.getName() + ".failedPart";

		@Override
		protected ValidationResult validateAddress(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) {
			return ValidationResult.VALID;
		}

		@Override
		protected ValidationResult validateNotBefore(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) throws AssertionValidationException {
			return blame(super.validateNotBefore(confirmation, assertion, context, required), context, Part.VALIDITY);
		}

		@Override
		protected ValidationResult validateNotOnOrAfter(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) throws AssertionValidationException {
			return blame(super.validateNotOnOrAfter(confirmation, assertion, context, required), context, Part.VALIDITY);
		}

		@Override
		protected ValidationResult validateRecipient(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) throws AssertionValidationException {
			return blame(super.validateRecipient(confirmation, assertion, context, required), context, Part.DESTINATION);
		}

		@Override
		protected ValidationResult validateInResponseTo(SubjectConfirmation confirmation, Assertion assertion,
				ValidationContext context, boolean required) throws AssertionValidationException {
			return blame(super.validateInResponseTo(confirmation, assertion, context, required), context,
					Part.IN_RESPONSE_TO);
		}

		private static ValidationResult blame(ValidationResult result, ValidationContext context, Part part) {
			if (result != ValidationResult.VALID) {
				context.getDynamicParameters().put(FAILED_PART, part);
			}
			return result;
		}

	}

}
