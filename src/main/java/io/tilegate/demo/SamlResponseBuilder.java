package io.tilegate.demo;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * Builds one SAML Response (SAML core §3.3.3, web browser SSO profile §4.1.4.2). Starts as a
 * valid, fully signed response issued now; each knob changes one thing, so a test can forge
 * exactly the defect it names. Nullable knobs omit their element or attribute when given
 * null.
 * <p>
 * Defaults: Destination and Recipient = the ACS URL, Audience = the SP entity ID, Issuer =
 * the IdP entity ID, NameID {@code ada.lovelace@example.com} (email format), no InResponseTo,
 * NotBefore = now, NotOnOrAfter (Conditions and SubjectConfirmationData) = now + 5 minutes,
 * a fresh SessionIndex, no attributes, response and assertion signed with RSA-SHA256 /
 * SHA-256 by the IdP's first key, not encrypted, status Success.
 */
public final class SamlResponseBuilder {

	/** How long a response and its assertion stay valid unless told otherwise. */
	public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(5);

	private String destination;

	private String recipient;

	private String audience;

	private String responseId = SamlXml.newId();

	private String assertionId = SamlXml.newId();

	private Instant now = Instant.now();

	private Instant responseIssueInstant;

	private Instant assertionIssueInstant;

	private String issuer;

	private String assertionIssuer;

	private String nameId = "ada.lovelace@example.com";

	private String nameIdFormat = NameIDType.EMAIL;

	private String inResponseTo;

	private Optional<String> subjectInResponseTo;

	// null: derived from now; Optional.empty(): omitted
	private Optional<Instant> notBefore;

	private Optional<Instant> notOnOrAfter;

	private Optional<Instant> subjectNotOnOrAfter;

	private boolean authnStatement = true;

	private String sessionIndex = SamlXml.newId();

	private Instant authnInstant;

	private Instant sessionNotOnOrAfter;

	private final Map<String, List<String>> attributes = new LinkedHashMap<>();

	private boolean includeAssertion = true;

	private boolean signResponse = true;

	private boolean signAssertion = true;

	private IdpSigningKey signingKey;

	private String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;

	private String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;

	private X509Certificate encryptFor;

	private String keyTransportAlgorithm = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP;

	private String dataEncryptionAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM;

	private String statusCode = StatusCode.SUCCESS;

	SamlResponseBuilder(SamlIdentityProvider idp, String acsUrl, String audience) {
		this.destination = acsUrl;
		this.recipient = acsUrl;
		this.audience = audience;
		this.signingKey = idp.signingKey();
		this.issuer = idp.entityId();
		this.assertionIssuer = idp.entityId();
	}

	/** Response@Destination (SAML core §3.2.2); null omits it. */
	public SamlResponseBuilder destination(String destination) {
		this.destination = destination;
		return this;
	}

	/** SubjectConfirmationData@Recipient; null omits it. */
	public SamlResponseBuilder recipient(String recipient) {
		this.recipient = recipient;
		return this;
	}

	/** The AudienceRestriction's Audience; null omits the AudienceRestriction. */
	public SamlResponseBuilder audience(String audience) {
		this.audience = audience;
		return this;
	}

	public SamlResponseBuilder responseId(String responseId) {
		this.responseId = Objects.requireNonNull(responseId);
		return this;
	}

	/** The assertion's ID: give two responses the same one to test replay detection. */
	public SamlResponseBuilder assertionId(String assertionId) {
		this.assertionId = Objects.requireNonNull(assertionId);
		return this;
	}

	/**
	 * The moment the IdP believes it is; every default instant (issue instants, AuthnInstant,
	 * NotBefore, NotOnOrAfter) derives from it. Move it to forge old or future responses.
	 */
	public SamlResponseBuilder now(Instant now) {
		this.now = Objects.requireNonNull(now);
		return this;
	}

	/** Response@IssueInstant alone. */
	public SamlResponseBuilder responseIssueInstant(Instant instant) {
		this.responseIssueInstant = Objects.requireNonNull(instant);
		return this;
	}

	/** Assertion@IssueInstant (and AuthnInstant) alone. */
	public SamlResponseBuilder assertionIssueInstant(Instant instant) {
		this.assertionIssueInstant = Objects.requireNonNull(instant);
		return this;
	}

	/** The Issuer of both the response and the assertion; null omits both. */
	public SamlResponseBuilder issuer(String issuer) {
		this.issuer = issuer;
		this.assertionIssuer = issuer;
		return this;
	}

	/** The assertion's Issuer alone (it is required, SAML core §2.3.3; null omits it anyway). */
	public SamlResponseBuilder assertionIssuer(String issuer) {
		this.assertionIssuer = issuer;
		return this;
	}

	public SamlResponseBuilder nameId(String value) {
		this.nameId = value;
		return this;
	}

	public SamlResponseBuilder nameId(String value, String format) {
		this.nameId = value;
		this.nameIdFormat = format;
		return this;
	}

	/**
	 * Response@InResponseTo, and SubjectConfirmationData@InResponseTo unless set on its own;
	 * null (the default) makes an unsolicited, IdP-initiated response.
	 */
	public SamlResponseBuilder inResponseTo(String requestId) {
		this.inResponseTo = requestId;
		return this;
	}

	/** SubjectConfirmationData@InResponseTo alone; null omits it. */
	public SamlResponseBuilder subjectConfirmationInResponseTo(String requestId) {
		this.subjectInResponseTo = Optional.ofNullable(requestId);
		return this;
	}

	/** Conditions@NotBefore; null omits it. */
	public SamlResponseBuilder notBefore(Instant instant) {
		this.notBefore = Optional.ofNullable(instant);
		return this;
	}

	/** Conditions@NotOnOrAfter; null omits it. */
	public SamlResponseBuilder notOnOrAfter(Instant instant) {
		this.notOnOrAfter = Optional.ofNullable(instant);
		return this;
	}

	/** The bearer SubjectConfirmationData@NotOnOrAfter; null omits it. */
	public SamlResponseBuilder subjectConfirmationNotOnOrAfter(Instant instant) {
		this.subjectNotOnOrAfter = Optional.ofNullable(instant);
		return this;
	}

	/** The AuthnStatement's SessionIndex; null omits the attribute. */
	public SamlResponseBuilder sessionIndex(String sessionIndex) {
		this.sessionIndex = sessionIndex;
		return this;
	}

	/** The AuthnStatement's AuthnInstant alone: an IdP that signs in from a session of its own sends an old one. */
	public SamlResponseBuilder authnInstant(Instant instant) {
		this.authnInstant = Objects.requireNonNull(instant);
		return this;
	}

	/** The AuthnStatement's SessionNotOnOrAfter (SAML core §2.7.2); absent unless set. */
	public SamlResponseBuilder sessionNotOnOrAfter(Instant instant) {
		this.sessionNotOnOrAfter = instant;
		return this;
	}

	/** Leaves out the AuthnStatement, which the browser SSO profile requires (§4.1.4.2). */
	public SamlResponseBuilder withoutAuthnStatement() {
		this.authnStatement = false;
		return this;
	}

	/** One attribute, its values as xs:string; no values still emits the Attribute element. */
	public SamlResponseBuilder attribute(String name, String... values) {
		return attribute(name, List.of(values));
	}

	public SamlResponseBuilder attribute(String name, List<String> values) {
		this.attributes.put(name, List.copyOf(values));
		return this;
	}

	public SamlResponseBuilder attributes(Map<String, List<String>> attributes) {
		attributes.forEach(this::attribute);
		return this;
	}

	/** A response with a Status but no assertion, as an IdP sends when sign-in failed. */
	public SamlResponseBuilder withoutAssertion() {
		this.includeAssertion = false;
		return this;
	}

	public SamlResponseBuilder signResponse(boolean sign) {
		this.signResponse = sign;
		return this;
	}

	public SamlResponseBuilder signAssertion(boolean sign) {
		this.signAssertion = sign;
		return this;
	}

	/** Signs with this key instead of the IdP's first: another of its keys, or a stranger's. */
	public SamlResponseBuilder signWith(IdpSigningKey key) {
		this.signingKey = Objects.requireNonNull(key);
		return this;
	}

	/** A SignatureMethod URI, e.g. {@link SignatureConstants#ALGO_ID_SIGNATURE_RSA_SHA1}. */
	public SamlResponseBuilder signatureAlgorithm(String uri) {
		this.signatureAlgorithm = Objects.requireNonNull(uri);
		return this;
	}

	/** A DigestMethod URI, e.g. {@link SignatureConstants#ALGO_ID_DIGEST_SHA1}. */
	public SamlResponseBuilder digestAlgorithm(String uri) {
		this.digestAlgorithm = Objects.requireNonNull(uri);
		return this;
	}

	/**
	 * Encrypts the assertion to the SP's certificate (AES-256-GCM content, RSA-OAEP key
	 * transport, key inline). The assertion is signed first, as SAML core §6.2 has it, so
	 * the SP verifies after decrypting.
	 */
	public SamlResponseBuilder encryptFor(X509Certificate spCertificate) {
		this.encryptFor = spCertificate;
		return this;
	}

	public SamlResponseBuilder keyTransportAlgorithm(String uri) {
		this.keyTransportAlgorithm = Objects.requireNonNull(uri);
		return this;
	}

	public SamlResponseBuilder dataEncryptionAlgorithm(String uri) {
		this.dataEncryptionAlgorithm = Objects.requireNonNull(uri);
		return this;
	}

	/** The top-level StatusCode URI, e.g. {@link StatusCode#REQUESTER}. */
	public SamlResponseBuilder status(String statusCode) {
		this.statusCode = Objects.requireNonNull(statusCode);
		return this;
	}

	public IssuedResponse build() {
		Response response = SamlXml.build(Response.DEFAULT_ELEMENT_NAME);
		response.setID(this.responseId);
		response.setVersion(SAMLVersion.VERSION_20);
		response.setIssueInstant(orElse(this.responseIssueInstant, this.now));
		response.setDestination(this.destination);
		response.setInResponseTo(this.inResponseTo);
		if (this.issuer != null) {
			response.setIssuer(SamlXml.issuer(this.issuer));
		}
		response.setStatus(SamlXml.status(this.statusCode));
		if (this.includeAssertion) {
			Assertion assertion = assertion();
			if (this.signAssertion) {
				SamlXml.sign(assertion, this.signingKey, this.signatureAlgorithm, this.digestAlgorithm);
			}
			if (this.encryptFor != null) {
				response.getEncryptedAssertions().add(encrypt(assertion));
			}
			else {
				response.getAssertions().add(assertion);
			}
		}
		if (this.signResponse) {
			SamlXml.sign(response, this.signingKey, this.signatureAlgorithm, this.digestAlgorithm);
		}
		return new IssuedResponse(SamlXml.toXml(response), this.responseId,
				this.includeAssertion ? this.assertionId : null,
				this.includeAssertion && this.authnStatement ? this.sessionIndex : null);
	}

	private Assertion assertion() {
		Instant issued = orElse(this.assertionIssueInstant, this.now);
		Assertion assertion = SamlXml.build(Assertion.DEFAULT_ELEMENT_NAME);
		assertion.setID(this.assertionId);
		assertion.setVersion(SAMLVersion.VERSION_20);
		assertion.setIssueInstant(issued);
		if (this.assertionIssuer != null) {
			assertion.setIssuer(SamlXml.issuer(this.assertionIssuer));
		}
		assertion.setSubject(subject());
		Conditions conditions = conditions();
		if (conditions != null) {
			assertion.setConditions(conditions);
		}
		if (this.authnStatement) {
			AuthnStatement authn = SamlXml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
			authn.setAuthnInstant(orElse(this.authnInstant, issued));
			authn.setSessionIndex(this.sessionIndex);
			authn.setSessionNotOnOrAfter(this.sessionNotOnOrAfter);
			AuthnContext context = SamlXml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
			AuthnContextClassRef classRef = SamlXml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
			classRef.setURI(AuthnContext.PPT_AUTHN_CTX);
			context.setAuthnContextClassRef(classRef);
			authn.setAuthnContext(context);
			assertion.getAuthnStatements().add(authn);
		}
		if (!this.attributes.isEmpty()) {
			AttributeStatement statement = SamlXml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
			this.attributes.forEach((name, values) -> statement.getAttributes().add(xsStringAttribute(name, values)));
			assertion.getAttributeStatements().add(statement);
		}
		return assertion;
	}

	private Subject subject() {
		Subject subject = SamlXml.build(Subject.DEFAULT_ELEMENT_NAME);
		if (this.nameId != null) {
			NameID name = SamlXml.build(NameID.DEFAULT_ELEMENT_NAME);
			name.setValue(this.nameId);
			name.setFormat(this.nameIdFormat);
			subject.setNameID(name);
		}
		SubjectConfirmation confirmation = SamlXml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
		confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
		SubjectConfirmationData data = SamlXml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
		data.setRecipient(this.recipient);
		data.setNotOnOrAfter(resolve(this.subjectNotOnOrAfter, this.now.plus(DEFAULT_VALIDITY)));
		data.setInResponseTo(this.subjectInResponseTo != null ? this.subjectInResponseTo.orElse(null) : this.inResponseTo);
		confirmation.setSubjectConfirmationData(data);
		subject.getSubjectConfirmations().add(confirmation);
		return subject;
	}

	private Conditions conditions() {
		Instant from = resolve(this.notBefore, this.now);
		Instant until = resolve(this.notOnOrAfter, this.now.plus(DEFAULT_VALIDITY));
		if (from == null && until == null && this.audience == null) {
			return null;
		}
		Conditions conditions = SamlXml.build(Conditions.DEFAULT_ELEMENT_NAME);
		conditions.setNotBefore(from);
		conditions.setNotOnOrAfter(until);
		if (this.audience != null) {
			AudienceRestriction restriction = SamlXml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
			Audience audience = SamlXml.build(Audience.DEFAULT_ELEMENT_NAME);
			audience.setURI(this.audience);
			restriction.getAudiences().add(audience);
			conditions.getAudienceRestrictions().add(restriction);
		}
		return conditions;
	}

	private static Attribute xsStringAttribute(String name, List<String> values) {
		Attribute attribute = SamlXml.build(Attribute.DEFAULT_ELEMENT_NAME);
		attribute.setName(name);
		// What Okta sends by default; Tilegate matches on Name alone.
		attribute.setNameFormat(Attribute.UNSPECIFIED);
		for (String value : values) {
			XSString xs = SamlXml.build(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
			xs.setValue(value);
			attribute.getAttributeValues().add(xs);
		}
		return attribute;
	}

	private EncryptedAssertion encrypt(Assertion assertion) {
		DataEncryptionParameters data = new DataEncryptionParameters();
		data.setAlgorithm(this.dataEncryptionAlgorithm);
		KeyEncryptionParameters key = new KeyEncryptionParameters();
		key.setEncryptionCredential(new BasicX509Credential(this.encryptFor));
		key.setAlgorithm(this.keyTransportAlgorithm);
		// The SP's certificate in the EncryptedKey lets an SP with several keys pick the right one.
		X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
		keyInfo.setEmitEntityCertificate(true);
		key.setKeyInfoGenerator(keyInfo.newInstance());
		Encrypter encrypter = new Encrypter(data, key);
		encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
		try {
			return encrypter.encrypt(assertion);
		}
		catch (EncryptionException ex) {
			throw new IllegalStateException("Could not encrypt the assertion", ex);
		}
	}

	private static Instant resolve(Optional<Instant> setting, Instant otherwise) {
		return setting == null ? otherwise : setting.orElse(null);
	}

	private static Instant orElse(Instant value, Instant otherwise) {
		return value != null ? value : otherwise;
	}

}
