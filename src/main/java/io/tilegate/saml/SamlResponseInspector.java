package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.config.TilegateProperties;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.saml.SamlResponseInspection.Check;
import io.tilegate.saml.SamlResponseInspection.Verdict;
import io.tilegate.saml.SignInFinding.Part;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.CredentialSupport;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.saml2.core.OpenSamlInitializationService;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.security.saml2.provider.service.authentication.AbstractSaml2AuthenticationRequest;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2PostAuthenticationRequest;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.stereotype.Service;

/**
 * Reads a SAMLResponse an admin pasted (from a browser's SAML tracer: base64, URL-encoded or
 * not, or the raw XML), or the assertion a past sign-in recorded, to preview its mapping.
 * The same limits as the ACS apply before parsing (size, nesting, no DOCTYPE). The sign-in's
 * own checks ({@link SignInChecks}) run on it and are reported, none enforced; what Spring's
 * provider does outside them (verify the signatures, decrypt) is done here. Nothing is
 * written: the assertion is never claimed in the replay cache, so the same response still
 * signs in once for real.
 */
@Service
public class SamlResponseInspector {

	static {
		OpenSamlInitializationService.initialize();
	}

	private static final String SUCCESS = StatusCode.SUCCESS;

	/** A sign-in request needs its message; the page has only the ID a response quotes. */
	private static final String NOT_KEPT = Base64.getEncoder()
		.encodeToString("(not kept: the mapping page knows only the request's ID)".getBytes(StandardCharsets.UTF_8));

	private final ConnectionRegistrations registrations;

	private final EventLog events;

	private final Clock clock;

	private final long maxBytes;

	private final int maxDepth;

	private final SignInChecks checks;

	private final ObjectMapper json = new ObjectMapper();

	SamlResponseInspector(ConnectionRegistrations registrations, SignInChecks checks, EventLog events,
			TilegateProperties properties, Clock clock) {
		this.registrations = registrations;
		this.checks = checks;
		this.events = events;
		this.clock = clock;
		this.maxBytes = properties.saml().maxResponseSize().toBytes();
		this.maxDepth = properties.saml().maxXmlDepth();
	}

	/**
	 * @throws UnreadableSamlResponseException when the text is not a SAML Response with a
	 * readable assertion, or breaks a limit
	 * @throws IllegalArgumentException when the connection does not exist
	 */
	public SamlResponseInspection inspect(String connectionId, String pasted) {
		// Resolved before the checks run, as at the ACS: they read the connection's login policy.
		RelyingPartyRegistration registration = this.registrations.resolve(connectionId)
			.map(ConnectionRegistrations.ResolvedConnection::registration)
			.orElseThrow(() -> new IllegalArgumentException("No connection '" + connectionId + "'"));
		byte[] xml = decode(pasted);
		Response response = parse(xml);
		String status = (response.getStatus() != null && response.getStatus().getStatusCode() != null)
				? response.getStatus().getStatusCode().getValue() : null;
		boolean encrypted = false;
		Assertion assertion;
		if (!response.getAssertions().isEmpty()) {
			assertion = response.getAssertions().get(0);
		}
		else if (!response.getEncryptedAssertions().isEmpty()) {
			assertion = decrypt(response.getEncryptedAssertions().get(0), registration);
			encrypted = true;
		}
		else {
			throw new UnreadableSamlResponseException("The response carries no assertion, so there is nothing to map"
					+ ((status != null && !SUCCESS.equals(status)) ? ": the IdP answered with status " + status
							+ ", i.e. it did not sign the user in." : "."));
		}
		if (assertion.getSubject() == null || assertion.getSubject().getNameID() == null) {
			throw new UnreadableSamlResponseException("The assertion has no (unencrypted) NameID, so there is nobody "
					+ "to map. A real sign-in would be refused too: the IdP must send a NameID, e.g. the user name.");
		}
		Collection<Saml2X509Credential> certificates = registration.getAssertingPartyMetadata()
			.getVerificationX509Credentials();
		Signed signed = new Signed(verify(response.getSignature(), certificates),
				verify(assertion.getSignature(), certificates));
		if (encrypted) {
			// Where Spring's decrypter leaves it, so that the checks see what a sign-in's see.
			response.getAssertions().add(assertion);
		}
		String answered = answered(response, assertion);
		Saml2AuthenticationToken token = new Saml2AuthenticationToken(registration,
				new String(xml, StandardCharsets.UTF_8), pendingRequest(answered, registration));
		Map<Part, List<Saml2Error>> refusals = new EnumMap<>(Part.class);
		for (SignInFinding finding : this.checks.report(response, token)) {
			refusals.computeIfAbsent(finding.part(), (part) -> new ArrayList<>()).add(finding.error());
		}
		List<Check> checks = new ArrayList<>();
		for (Part part : Part.values()) {
			Check line = line(part, refusals.getOrDefault(part, List.of()), response, assertion, registration, signed,
					answered);
			if (line != null) {
				checks.add(line);
			}
		}
		if (encrypted) {
			checks.add(new Check("encryption", "Encryption", Verdict.NOTE,
					"The assertion was encrypted for Tilegate and was decrypted with Tilegate's SP key."));
		}
		return new SamlResponseInspection("the pasted response", summary(SamlLoginCompletion.decoded(assertion), encrypted),
				checks);
	}

	/**
	 * The assertion of a sign-in this connection accepted, as its LOGIN_SUCCEEDED event kept it.
	 * @throws UnreadableSamlResponseException when there is no such sign-in, or it was
	 * recorded before sign-ins kept their assertion
	 */
	public SamlResponseInspection recordedSignIn(String connectionId, String reference) {
		Event event = this.events.findByReference(reference)
			.filter((found) -> found.getType() == EventType.LOGIN_SUCCEEDED)
			.filter((found) -> connectionId.equals(found.getConnectionId()))
			.orElseThrow(() -> new UnreadableSamlResponseException(
					"There is no sign-in " + reference + " of connection " + connectionId + " (any more)."));
		Map<String, Object> assertion = null;
		try {
			Map<String, Object> detail = (event.getDetail() != null)
					? this.json.readValue(event.getDetail(), new TypeReference<Map<String, Object>>() {
					}) : Map.of();
			if (detail.get("assertion") instanceof Map<?, ?> recorded) {
				assertion = this.json.convertValue(recorded, new TypeReference<Map<String, Object>>() {
				});
			}
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			assertion = null;
		}
		if (assertion == null || assertion.get("nameId") == null) {
			throw new UnreadableSamlResponseException("The sign-in " + reference + " was recorded without its "
					+ "assertion (Tilegate keeps it only since this version). Paste the SAMLResponse instead.");
		}
		String when = String.valueOf(event.getOccurredAt());
		return new SamlResponseInspection("the sign-in of " + event.getUserName() + " at " + when,
				summary(assertion, false), List.of());
	}

	/** The pasted text as XML bytes, within the ACS's limits. */
	byte[] decode(String pasted) {
		String text = (pasted != null) ? pasted.strip() : "";
		if (text.isEmpty()) {
			throw new UnreadableSamlResponseException("Paste a SAMLResponse (base64, as a SAML tracer shows it, or the "
					+ "XML), or pick a recent sign-in.");
		}
		// Base64 adds a third, and a URL-encoded copy a little more.
		if (text.length() > this.maxBytes * 3 / 2 + 4096) {
			throw tooLarge(text.length());
		}
		byte[] xml;
		if (text.startsWith("<")) {
			xml = text.getBytes(StandardCharsets.UTF_8);
		}
		else {
			if (text.startsWith("SAMLResponse=")) {
				text = text.substring("SAMLResponse=".length());
			}
			if (text.contains("%")) {
				try {
					text = URLDecoder.decode(text, StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					throw notSaml();
				}
			}
			try {
				xml = Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
			}
			catch (IllegalArgumentException ex) {
				throw notSaml();
			}
			String start = new String(xml, 0, Math.min(xml.length, 64), StandardCharsets.UTF_8).stripLeading();
			if (!start.startsWith("<") && !start.startsWith("\uFEFF<")) {
				throw new UnreadableSamlResponseException("The text is base64, but not of XML: it is not a SAMLResponse. "
						+ "Copy the SAMLResponse parameter of the POST to /login/saml2/sso/… from the SAML tracer.");
			}
		}
		if (xml.length > this.maxBytes) {
			throw tooLarge(xml.length);
		}
		String problem = SamlMessageLimits.nesting(xml, this.maxDepth);
		if (problem != null) {
			throw new UnreadableSamlResponseException(problem.substring(problem.indexOf(':') + 2));
		}
		return xml;
	}

	private UnreadableSamlResponseException tooLarge(long size) {
		return new UnreadableSamlResponseException("The SAML message is " + size + " bytes; the limit is "
				+ this.maxBytes + " bytes (tilegate.saml.max-response-size), as at sign-in.");
	}

	private static UnreadableSamlResponseException notSaml() {
		return new UnreadableSamlResponseException("This is neither XML nor base64, so it is not a SAMLResponse. "
				+ "Copy the SAMLResponse parameter of the POST to /login/saml2/sso/… from the SAML tracer.");
	}

	/** Parsed with OpenSAML's shared parser pool, which refuses DOCTYPE and so every XXE. */
	private static Response parse(byte[] xml) {
		XMLObject object;
		try {
			Document document = XMLObjectProviderRegistrySupport.getParserPool().parse(new ByteArrayInputStream(xml));
			Element root = document.getDocumentElement();
			Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
			if (unmarshaller == null) {
				throw new UnreadableSamlResponseException("This XML is not a SAML message: its root element is <"
						+ root.getLocalName() + ">, not a samlp:Response.");
			}
			object = unmarshaller.unmarshall(root);
		}
		catch (XMLParserException | UnmarshallingException ex) {
			throw new UnreadableSamlResponseException("This is not well-formed SAML XML: " + rootCause(ex), ex);
		}
		if (object instanceof Response response) {
			return response;
		}
		String name = object.getElementQName().getLocalPart();
		if (!SAMLConstants.SAML20P_NS.equals(object.getElementQName().getNamespaceURI())) {
			throw new UnreadableSamlResponseException(
					"This XML is not a SAML message: its root element is <" + name + ">, not a samlp:Response.");
		}
		throw new UnreadableSamlResponseException("This is a SAML " + name + ", not a Response. Copy the "
				+ "SAMLResponse the IdP posted to /login/saml2/sso/…, not the request.");
	}

	private static Assertion decrypt(EncryptedAssertion encrypted, RelyingPartyRegistration registration) {
		Decrypter decrypter = SpKeyDecryption.decrypter(registration.getDecryptionX509Credentials(), encrypted);
		try {
			return decrypter.decrypt(encrypted);
		}
		catch (DecryptionException ex) {
			throw new UnreadableSamlResponseException("The assertion is encrypted, and Tilegate's SP key cannot "
					+ "decrypt it (" + rootCause(ex) + "), so it cannot be previewed. Was it encrypted for "
					+ "another service provider, or with an old SP certificate?", ex);
		}
	}

	/**
	 * The sign-in request the response says it answers, as if it were pending: a real sign-in
	 * finds it in the browser that started it, which this page cannot see, so the checks can
	 * only tell whether the response and its assertion agree on it.
	 */
	private static AbstractSaml2AuthenticationRequest pendingRequest(String answered,
			RelyingPartyRegistration registration) {
		if (answered == null) {
			return null;
		}
		return Saml2PostAuthenticationRequest.withRelyingPartyRegistration(registration)
			.id(answered)
			.samlRequest(NOT_KEPT)
			.build();
	}

	private static String answered(Response response, Assertion assertion) {
		if (response.getInResponseTo() != null && !response.getInResponseTo().isBlank()) {
			return response.getInResponseTo();
		}
		if (assertion.getSubject() == null) {
			return null;
		}
		return assertion.getSubject()
			.getSubjectConfirmations()
			.stream()
			.map(SubjectConfirmation::getSubjectConfirmationData)
			.filter((data) -> data != null && data.getInResponseTo() != null && !data.getInResponseTo().isBlank())
			.map(SubjectConfirmationData::getInResponseTo)
			.findFirst()
			.orElse(null);
	}

	/** The page's line for one part of the response, or {@code null} when there is nothing to say. */
	private Check line(Part part, List<Saml2Error> refusals, Response response, Assertion assertion,
			RelyingPartyRegistration registration, Signed signed, String answered) {
		return switch (part) {
			case STATUS -> refusals.isEmpty() ? null
					: refused("status", "Status", "The IdP answered with status " + status(response), refusals, "");
			case RESPONSE_SIGNATURE -> signature("response-signature", "Response signature", "response", signed.response(),
					refusals, signed);
			case ASSERTION_SIGNATURE -> signature("assertion-signature", "Assertion signature", "assertion",
					signed.assertion(), refusals, signed);
			case ISSUER -> issuer(response, assertion, registration.getAssertingPartyMetadata().getEntityId(), refusals);
			case AUDIENCE -> audience(assertion, registration.getEntityId(), refusals);
			case VALIDITY -> validity(assertion, refusals);
			case DESTINATION -> destination(response, assertion, registration.getAssertionConsumerServiceLocation(),
					refusals);
			case IN_RESPONSE_TO -> inResponseTo(answered, refusals);
			case SUBJECT_CONFIRMATION -> refusals.isEmpty() ? null
					: refused("subject-confirmation", "Subject confirmation",
							"The assertion's subject confirmation fails", refusals, "");
			case OTHER -> refusals.isEmpty() ? null
					: refused("other", "Other checks", "The response fails another check", refusals, "");
		};
	}

	/** A refused line: the facts, the verdict, then the sign-in's own reasons. */
	private static Check refused(String key, String name, String facts, List<Saml2Error> refusals, String advice) {
		return new Check(key, name, Verdict.BAD, facts + ": a real sign-in would be refused." + advice
				+ reasons(refusals));
	}

	private static String reasons(List<Saml2Error> refusals) {
		List<String> said = refusals.stream().map(Saml2Error::getDescription).map(SamlResponseInspector::sentence).toList();
		return ((refusals.size() == 1) ? " The sign-in's reason: " : " The sign-in's reasons: ") + String.join(" ", said);
	}

	// OpenSAML's messages end without a full stop, and they follow one another here.
	private static String sentence(String text) {
		return (text == null || text.endsWith(".")) ? text : text + ".";
	}

	private static Check signature(String key, String name, String what, SignatureVerdict verdict,
			List<Saml2Error> refusals, Signed signed) {
		if (!signed.eitherSigned() && "assertion".equals(what)) {
			// Spring's provider refuses this outside its validators, so no finding says it.
			return new Check(key, name, Verdict.BAD, "Neither the response nor the assertion is signed: a real "
					+ "sign-in would be refused. Have the IdP sign the assertion (or the response).");
		}
		return switch (verdict.outcome()) {
			case UNSIGNED -> new Check(key, name, Verdict.NOTE, "The " + what + " is not signed.");
			case INVALID -> new Check(key, name, Verdict.BAD, "The " + what + "'s signature is invalid"
					+ verdict.detail() + ": a real sign-in would be refused."
					+ (refusals.isEmpty() ? "" : reasons(refusals)));
			case VALID -> refusals.isEmpty()
					? new Check(key, name, Verdict.GOOD, "The " + what + "'s signature is valid (verified against the "
							+ "connection's IdP signing certificate).")
					: new Check(key, name, Verdict.BAD, "The " + what + "'s signature is valid, but "
							+ String.join(" ", refusals.stream().map(Saml2Error::getDescription).toList())
							+ " A real sign-in would be refused.");
		};
	}

	private static Check issuer(Response response, Assertion assertion, String idpEntityId, List<Saml2Error> refusals) {
		if (refusals.isEmpty()) {
			return new Check("issuer", "Issuer", Verdict.GOOD,
					"Issued by " + quoted(idpEntityId) + ", this connection's IdP.");
		}
		String ofResponse = (response.getIssuer() != null) ? response.getIssuer().getValue() : null;
		String ofAssertion = (assertion.getIssuer() != null) ? assertion.getIssuer().getValue() : null;
		return refused("issuer", "Issuer", "The response's issuer is " + quoted(ofResponse) + ", the assertion's "
				+ quoted(ofAssertion) + ", and this connection's IdP entity ID is " + quoted(idpEntityId), refusals,
				" Is this a response of another IdP or connection?");
	}

	private static Check audience(Assertion assertion, String spEntityId, List<Saml2Error> refusals) {
		List<String> audiences = new ArrayList<>();
		Conditions conditions = assertion.getConditions();
		if (conditions != null) {
			conditions.getAudienceRestrictions()
				.forEach((restriction) -> restriction.getAudiences().forEach((a) -> audiences.add(a.getURI())));
		}
		if (!refusals.isEmpty()) {
			return refused("audience", "Audience", "The assertion is meant for "
					+ (audiences.isEmpty() ? "no one in particular" : String.join(", ", audiences))
					+ ", and this connection's SP entity ID is " + quoted(spEntityId), refusals,
					" Set the IdP's audience (Okta: \"Audience URI\") to it.");
		}
		if (audiences.isEmpty()) {
			return new Check("audience", "Audience", Verdict.NOTE, "The assertion names no audience.");
		}
		return new Check("audience", "Audience", Verdict.GOOD,
				"Meant for " + quoted(spEntityId) + ", this connection's SP entity ID.");
	}

	private Check validity(Assertion assertion, List<Saml2Error> refusals) {
		Instant notOnOrAfter = (assertion.getConditions() != null) ? assertion.getConditions().getNotOnOrAfter() : null;
		if (assertion.getSubject() != null) {
			for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
				if (confirmation.getSubjectConfirmationData() != null
						&& confirmation.getSubjectConfirmationData().getNotOnOrAfter() != null) {
					Instant confirmed = confirmation.getSubjectConfirmationData().getNotOnOrAfter();
					notOnOrAfter = (notOnOrAfter == null || confirmed.isBefore(notOnOrAfter)) ? confirmed : notOnOrAfter;
				}
			}
		}
		if (refusals.isEmpty()) {
			return new Check("validity", "Validity", Verdict.GOOD,
					"Valid now" + ((notOnOrAfter != null) ? ", until " + notOnOrAfter : "") + ".");
		}
		// Only the words: whether it is refused, and why, comes from the sign-in's checks.
		if (notOnOrAfter != null && !notOnOrAfter.isAfter(this.clock.instant())) {
			return refused("validity", "Validity", "Expired at " + notOnOrAfter, refusals,
					" That is expected for a response copied a while ago; the preview below maps it all the same.");
		}
		return refused("validity", "Validity", "Not valid now", refusals, "");
	}

	private static Check destination(Response response, Assertion assertion, String acs, List<Saml2Error> refusals) {
		if (refusals.isEmpty()) {
			return new Check("destination", "Destination", Verdict.GOOD, "Sent to this connection's ACS URL.");
		}
		String recipient = null;
		if (assertion.getSubject() != null) {
			recipient = assertion.getSubject()
				.getSubjectConfirmations()
				.stream()
				.map(SubjectConfirmation::getSubjectConfirmationData)
				.filter((data) -> data != null && data.getRecipient() != null)
				.map(SubjectConfirmationData::getRecipient)
				.findFirst()
				.orElse(null);
		}
		return refused("destination", "Destination", "The response's Destination is "
				+ quoted(response.getDestination()) + ", its bearer confirmation's Recipient " + quoted(recipient)
				+ ", and this connection's ACS URL is " + quoted(acs), refusals, "");
	}

	private static Check inResponseTo(String answered, List<Saml2Error> refusals) {
		if (!refusals.isEmpty()) {
			return refused("in-response-to", "In response to", (answered != null)
					? "The response answers sign-in request " + quoted(answered)
					: "The response is unsolicited (IdP-initiated)", refusals, "");
		}
		if (answered == null) {
			return null;
		}
		return new Check("in-response-to", "In response to", Verdict.NOTE, "The response answers sign-in request "
				+ quoted(answered) + ", started at Tilegate. A real sign-in accepts it only in the browser that "
				+ "started that request, while it is pending; this page cannot tell whether it still is.");
	}

	private static String status(Response response) {
		return (response.getStatus() != null && response.getStatus().getStatusCode() != null)
				? response.getStatus().getStatusCode().getValue() : "(none)";
	}

	/** Verified as Spring's provider verifies it, which it keeps to itself. */
	private static SignatureVerdict verify(Signature signature, Collection<Saml2X509Credential> certificates) {
		if (signature == null) {
			return new SignatureVerdict(Outcome.UNSIGNED, "");
		}
		try {
			new SAMLSignatureProfileValidator().validate(signature);
		}
		catch (SignatureException ex) {
			return new SignatureVerdict(Outcome.INVALID, " (" + ex.getMessage() + ")");
		}
		for (Saml2X509Credential certificate : certificates) {
			X509Certificate x509 = certificate.getCertificate();
			try {
				SignatureValidator.validate(signature, CredentialSupport.getSimpleCredential(x509, null));
				return new SignatureVerdict(Outcome.VALID, "");
			}
			catch (SignatureException ex) {
				// try the connection's next certificate
			}
		}
		return new SignatureVerdict(Outcome.INVALID, ": it does not verify against the connection's IdP signing "
				+ "certificate" + ((certificates.size() == 1) ? "" : "s") + ". The response was changed after "
				+ "signing, or the IdP signs with a certificate the connection's metadata lacks");
	}

	private enum Outcome {

		UNSIGNED, VALID, INVALID

	}

	private record SignatureVerdict(Outcome outcome, String detail) {
	}

	private record Signed(SignatureVerdict response, SignatureVerdict assertion) {

		boolean eitherSigned() {
			return this.response.outcome() != Outcome.UNSIGNED || this.assertion.outcome() != Outcome.UNSIGNED;
		}

	}

	@SuppressWarnings("unchecked")
	private static SamlResponseInspection.Assertion summary(Map<String, Object> decoded, boolean encrypted) {
		Map<String, List<String>> attributes = new LinkedHashMap<>();
		if (decoded.get("attributes") instanceof Map<?, ?> map) {
			map.forEach((name, values) -> attributes.put(String.valueOf(name), (values instanceof List<?> list)
					? list.stream().map((value) -> (value != null) ? String.valueOf(value) : null).toList()
					: List.of()));
		}
		List<String> audiences = (decoded.get("audiences") instanceof List<?> list)
				? list.stream().map(String::valueOf).toList() : List.of();
		return new SamlResponseInspection.Assertion(text(decoded.get("id")), text(decoded.get("issuer")),
				text(decoded.get("issueInstant")), text(decoded.get("nameId")), text(decoded.get("nameIdFormat")),
				text(decoded.get("notBefore")), text(decoded.get("notOnOrAfter")), audiences, encrypted, attributes);
	}

	private static String text(Object value) {
		return (value != null) ? String.valueOf(value) : null;
	}

	private static String quoted(String value) {
		return (value != null) ? "'" + value + "'" : "(none)";
	}

	private static String rootCause(Throwable ex) {
		return NestedExceptionUtils.getMostSpecificCause(ex).getMessage();
	}

}
