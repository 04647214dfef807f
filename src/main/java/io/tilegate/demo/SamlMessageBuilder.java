package io.tilegate.demo;

import java.time.Instant;
import java.util.Objects;

import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.RequestAbstractType;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.opensaml.xmlsec.signature.SignableXMLObject;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * What the single logout builders share: the message header (SAML core §3.2.1, §3.2.2) and
 * how it is signed on each binding.
 */
public abstract class SamlMessageBuilder<B extends SamlMessageBuilder<B>> {

	String id = SamlXml.newId();

	Instant issueInstant = Instant.now();

	String issuer;

	String destination;

	IdpSigningKey signingKey;

	boolean signed = true;

	String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;

	String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;

	SamlMessageBuilder(SamlIdentityProvider idp, String destination) {
		this.destination = destination;
		this.issuer = idp.entityId();
		this.signingKey = idp.signingKey();
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

	public B id(String id) {
		this.id = Objects.requireNonNull(id);
		return self();
	}

	public B issueInstant(Instant instant) {
		this.issueInstant = Objects.requireNonNull(instant);
		return self();
	}

	/** null omits the Issuer. */
	public B issuer(String issuer) {
		this.issuer = issuer;
		return self();
	}

	/** Where the message goes, and its Destination attribute; required for the redirect URL. */
	public B destination(String destination) {
		this.destination = destination;
		return self();
	}

	public B signWith(IdpSigningKey key) {
		this.signingKey = Objects.requireNonNull(key);
		return self();
	}

	/** false sends the message unsigned on either binding. */
	public B signed(boolean signed) {
		this.signed = signed;
		return self();
	}

	/** The SigAlg of the redirect binding, or the SignatureMethod on the POST binding. */
	public B signatureAlgorithm(String uri) {
		this.signatureAlgorithm = Objects.requireNonNull(uri);
		return self();
	}

	/** The DigestMethod of the XML signature (POST binding only). */
	public B digestAlgorithm(String uri) {
		this.digestAlgorithm = Objects.requireNonNull(uri);
		return self();
	}

	abstract SignableXMLObject message();

	abstract String parameterName();

	/**
	 * The message for the HTTP-Redirect binding: no XML signature, because there the query
	 * string is signed instead (SAML bindings §3.4.4.1).
	 */
	public RedirectMessage buildRedirect() {
		SignableXMLObject message = message();
		return new RedirectMessage(SamlXml.toXml(message), this.id, this.destination, parameterName(),
				this.signed ? this.signingKey : null, this.signatureAlgorithm);
	}

	/** The message for the HTTP-POST binding, with an enveloped XML signature when signed. */
	public PostMessage buildPost() {
		SignableXMLObject message = message();
		if (this.signed) {
			SamlXml.sign(message, this.signingKey, this.signatureAlgorithm, this.digestAlgorithm);
		}
		return new PostMessage(SamlXml.toXml(message), this.id, this.destination, parameterName());
	}

	void header(RequestAbstractType request) {
		request.setID(this.id);
		request.setVersion(SAMLVersion.VERSION_20);
		request.setIssueInstant(this.issueInstant);
		request.setDestination(this.destination);
		if (this.issuer != null) {
			request.setIssuer(SamlXml.issuer(this.issuer));
		}
	}

	void header(StatusResponseType response) {
		response.setID(this.id);
		response.setVersion(SAMLVersion.VERSION_20);
		response.setIssueInstant(this.issueInstant);
		response.setDestination(this.destination);
		if (this.issuer != null) {
			response.setIssuer(SamlXml.issuer(this.issuer));
		}
	}

}
