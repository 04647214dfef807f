package io.tilegate.demo;

/**
 * A SAML message ready for the HTTP-Redirect binding (SAML bindings §3.4).
 *
 * @param xml the message, without an XML signature
 * @param id its ID
 * @param destination the endpoint it is sent to
 * @param parameterName {@code SAMLRequest} or {@code SAMLResponse}
 * @param signingKey signs the query string; null for an unsigned redirect
 * @param signatureAlgorithm the SigAlg URI
 */
public record RedirectMessage(String xml, String id, String destination, String parameterName,
		IdpSigningKey signingKey, String signatureAlgorithm) {

	/** The query string, signed when the message is: {@code SAMLRequest=…&RelayState=…&SigAlg=…&Signature=…}. */
	public String queryString(String relayState) {
		return SamlBindings.redirectQuery(this.parameterName, this.xml, relayState, this.signingKey,
				this.signatureAlgorithm);
	}

	/** The URL to redirect the browser to; relayState may be null. */
	public String redirectUrl(String relayState) {
		return this.destination + (this.destination.contains("?") ? "&" : "?") + queryString(relayState);
	}

}
