package io.tilegate.demo;

import java.time.Instant;
import java.util.List;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.RequestAbstractType;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.StatusResponseType;

/**
 * A SAML protocol message received by the identity provider: an AuthnRequest, a
 * LogoutRequest or a LogoutResponse (any request or status response parses). Parsing does
 * not verify signatures; {@link #xmlSigned()} only says whether an XML signature is present.
 *
 * @param type the root element's local name, e.g. {@code AuthnRequest}
 * @param assertionConsumerServiceUrl AuthnRequest only; null when the SP left it to metadata
 * @param protocolBinding AuthnRequest only: the binding the SP wants the response on
 * @param nameId LogoutRequest only
 * @param sessionIndexes LogoutRequest only
 * @param inResponseTo status responses only
 * @param statusCode status responses only: the top-level StatusCode URI
 */
public record ReceivedSamlMessage(String type, String id, Instant issueInstant, String issuer, String destination,
		String assertionConsumerServiceUrl, String protocolBinding, String nameId, List<String> sessionIndexes,
		String inResponseTo, String statusCode, boolean xmlSigned, String xml) {

	/**
	 * From the HTTP-Redirect binding (SAML bindings §3.4.4.1).
	 * @param parameter the SAMLRequest or SAMLResponse query parameter, already URL-decoded
	 */
	public static ReceivedSamlMessage fromRedirect(String parameter) {
		return parse(SamlBindings.redirectDecode(parameter));
	}

	/** From the HTTP-POST binding (SAML bindings §3.5.4): the base64 form parameter. */
	public static ReceivedSamlMessage fromPost(String parameter) {
		return parse(SamlBindings.postDecode(parameter));
	}

	/** From the XML itself; refuses DOCTYPEs, so no external entity is ever resolved. */
	public static ReceivedSamlMessage parse(String xml) {
		SamlXml.initialize();
		XMLObject object = SamlXml.parse(xml);
		if (object instanceof RequestAbstractType request) {
			String acs = null;
			String binding = null;
			String nameId = null;
			List<String> sessionIndexes = List.of();
			if (request instanceof AuthnRequest authn) {
				acs = authn.getAssertionConsumerServiceURL();
				binding = authn.getProtocolBinding();
			}
			if (request instanceof LogoutRequest logout) {
				NameID name = logout.getNameID();
				nameId = name != null ? name.getValue() : null;
				sessionIndexes = logout.getSessionIndexes().stream().map(SessionIndex::getValue).toList();
			}
			return new ReceivedSamlMessage(object.getElementQName().getLocalPart(), request.getID(),
					request.getIssueInstant(), issuer(request.getIssuer()), request.getDestination(), acs, binding, nameId,
					sessionIndexes, null, null, request.isSigned(), xml);
		}
		if (object instanceof StatusResponseType response) {
			String status = response.getStatus() != null && response.getStatus().getStatusCode() != null
					? response.getStatus().getStatusCode().getValue() : null;
			return new ReceivedSamlMessage(object.getElementQName().getLocalPart(), response.getID(),
					response.getIssueInstant(), issuer(response.getIssuer()), response.getDestination(), null, null, null,
					List.of(), response.getInResponseTo(), status, response.isSigned(), xml);
		}
		throw new IllegalArgumentException(
				"Not a SAML protocol message: " + object.getElementQName().getLocalPart() + " is neither a request nor a response");
	}

	private static String issuer(Issuer issuer) {
		return issuer != null ? issuer.getValue() : null;
	}

	public boolean isAuthnRequest() {
		return "AuthnRequest".equals(this.type);
	}

	public boolean isLogoutRequest() {
		return "LogoutRequest".equals(this.type);
	}

	public boolean isLogoutResponse() {
		return "LogoutResponse".equals(this.type);
	}

}
