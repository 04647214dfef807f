package io.tilegate.demo;

/**
 * A SAML Response as it leaves the identity provider.
 *
 * @param xml the exact signed XML; edit a copy of it to forge a tampered response
 * @param responseId the Response's ID
 * @param assertionId the Assertion's ID (also when it is encrypted); null without an assertion
 * @param sessionIndex the AuthnStatement's SessionIndex; null without one
 */
public record IssuedResponse(String xml, String responseId, String assertionId, String sessionIndex) {

	/** The value of the {@code SAMLResponse} form parameter (SAML bindings §3.5.4). */
	public String base64() {
		return SamlBindings.postEncode(this.xml);
	}

}
