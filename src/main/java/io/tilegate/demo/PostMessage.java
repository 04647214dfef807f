package io.tilegate.demo;

/**
 * A SAML message ready for the HTTP-POST binding (SAML bindings §3.5).
 *
 * @param xml the message, with its XML signature when signed
 * @param id its ID
 * @param destination the endpoint the form posts to
 * @param parameterName {@code SAMLRequest} or {@code SAMLResponse}
 */
public record PostMessage(String xml, String id, String destination, String parameterName) {

	/** The form parameter's value. */
	public String base64() {
		return SamlBindings.postEncode(this.xml);
	}

}
