package io.tilegate.demo;

import java.time.Instant;

import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.xmlsec.signature.SignableXMLObject;

/** Builds an IdP-initiated LogoutRequest (SAML core §3.7.1). */
public final class LogoutRequestBuilder extends SamlMessageBuilder<LogoutRequestBuilder> {

	private String nameId;

	private String nameIdFormat = NameIDType.EMAIL;

	private String sessionIndex;

	private Instant notOnOrAfter;

	LogoutRequestBuilder(SamlIdentityProvider idp, String destination, String nameId) {
		super(idp, destination);
		this.nameId = nameId;
	}

	/** The user to sign out; null omits the NameID, which SAML core §3.7.1 requires. */
	public LogoutRequestBuilder nameId(String value, String format) {
		this.nameId = value;
		this.nameIdFormat = format;
		return this;
	}

	/**
	 * The session to end; null (the default) asks the SP to end every session of the NameID
	 * (SAML core §3.7.1).
	 */
	public LogoutRequestBuilder sessionIndex(String sessionIndex) {
		this.sessionIndex = sessionIndex;
		return this;
	}

	public LogoutRequestBuilder notOnOrAfter(Instant instant) {
		this.notOnOrAfter = instant;
		return this;
	}

	@Override
	SignableXMLObject message() {
		LogoutRequest request = SamlXml.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
		header(request);
		request.setNotOnOrAfter(this.notOnOrAfter);
		if (this.nameId != null) {
			NameID name = SamlXml.build(NameID.DEFAULT_ELEMENT_NAME);
			name.setValue(this.nameId);
			name.setFormat(this.nameIdFormat);
			request.setNameID(name);
		}
		if (this.sessionIndex != null) {
			SessionIndex index = SamlXml.build(SessionIndex.DEFAULT_ELEMENT_NAME);
			index.setValue(this.sessionIndex);
			request.getSessionIndexes().add(index);
		}
		return request;
	}

	@Override
	String parameterName() {
		return "SAMLRequest";
	}

}
