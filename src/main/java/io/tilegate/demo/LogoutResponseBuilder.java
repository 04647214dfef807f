package io.tilegate.demo;

import java.util.Objects;

import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.SignableXMLObject;

/** Builds the answer to a service provider's LogoutRequest (SAML core §3.7.2). */
public final class LogoutResponseBuilder extends SamlMessageBuilder<LogoutResponseBuilder> {

	private String inResponseTo;

	private String statusCode = StatusCode.SUCCESS;

	LogoutResponseBuilder(SamlIdentityProvider idp, String destination, String inResponseTo) {
		super(idp, destination);
		this.inResponseTo = inResponseTo;
	}

	/** The LogoutRequest's ID; null omits it. */
	public LogoutResponseBuilder inResponseTo(String requestId) {
		this.inResponseTo = requestId;
		return this;
	}

	/** The top-level StatusCode URI; Success unless told otherwise. */
	public LogoutResponseBuilder status(String statusCode) {
		this.statusCode = Objects.requireNonNull(statusCode);
		return this;
	}

	@Override
	SignableXMLObject message() {
		LogoutResponse response = SamlXml.build(LogoutResponse.DEFAULT_ELEMENT_NAME);
		header(response);
		response.setInResponseTo(this.inResponseTo);
		response.setStatus(SamlXml.status(this.statusCode));
		return response;
	}

	@Override
	String parameterName() {
		return "SAMLResponse";
	}

}
