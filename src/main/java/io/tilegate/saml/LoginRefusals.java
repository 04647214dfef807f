package io.tilegate.saml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Every refused sign-in ends here: the user sees a page that says what went wrong and gives a
 * reference; the admin finds the same reference in the event log with the reason and the
 * decoded response (signature values removed). Never a stack trace, never a 500.
 */
@Component
public class LoginRefusals implements AuthenticationFailureHandler {

	static final String PAGE = "/login/refused";

	static final String REFERENCE_ATTRIBUTE = LoginRefusals.class.getName() + ".reference";

	static final String MESSAGE_ATTRIBUTE = LoginRefusals.class.getName() + ".message";

	static final String STATUS_ATTRIBUTE = LoginRefusals.class.getName() + ".status";

	static final String SIGN_OUT_ATTRIBUTE = LoginRefusals.class.getName() + ".signOut";

	private static final Logger logger = LoggerFactory.getLogger(LoginRefusals.class);

	private static final String ACS_PREFIX = "/login/saml2/sso/";

	private static final String SINGLE_LOGOUT = "/logout/saml2/slo";

	private static final Map<String, String> USER_MESSAGES = Map.ofEntries(
			Map.entry(RefusalReason.USER_DEACTIVATED, "your account is deactivated"),
			Map.entry(RefusalReason.FORCE_AUTHN_IGNORED, "the admin console needs a fresh sign-in, and your identity "
					+ "provider signed you in from its earlier session instead; sign out of it and try again"),
			Map.entry(RefusalReason.EMAIL_DOMAIN_NOT_VERIFIED,
					"this identity provider may not sign in the existing account with your email address"),
			Map.entry(RefusalReason.SECOND_NAME_ID,
					"your account is linked to another identity at this identity provider"),
			Map.entry(RefusalReason.REPLAYED, "this sign-in response was already used"),
			Map.entry(RefusalReason.UNSOLICITED_RESPONSE, "sign-in must start at Tilegate for this identity provider"),
			Map.entry(RefusalReason.STALE, "the sign-in response is too old"),
			Map.entry(RefusalReason.FROM_THE_FUTURE, "the sign-in response is dated in the future"),
			Map.entry(RefusalReason.WEAK_ALGORITHM, "the identity provider signed with an algorithm Tilegate does not accept"),
			Map.entry(RefusalReason.MISSING_DESTINATION, "the sign-in response does not say where it was meant to go"),
			Map.entry(RefusalReason.CONFIRMATION_WITHOUT_EXPIRY, "the sign-in response never expires"),
			Map.entry(RefusalReason.TOO_LARGE, "the message from your identity provider is too large"),
			Map.entry(RefusalReason.TOO_DEEP, "the message from your identity provider is malformed"),
			Map.entry(RefusalReason.MALFORMED, "the message from your identity provider is malformed"),
			Map.entry(RefusalReason.UNEXPECTED_MESSAGE,
					"the message from your identity provider is not the message this address takes"),
			Map.entry(RefusalReason.MISSING_ISSUER, "the message does not say which identity provider sent it"),
			Map.entry(Saml2ErrorCodes.INVALID_SIGNATURE, "the sign-in response's signature is not valid"),
			Map.entry(Saml2ErrorCodes.INVALID_DESTINATION, "the sign-in response was meant for another address"),
			Map.entry(Saml2ErrorCodes.INVALID_ISSUER, "the sign-in response came from an unexpected identity provider"),
			Map.entry(Saml2ErrorCodes.INVALID_IN_RESPONSE_TO, "the sign-in response does not match a sign-in started here (it may have expired)"),
			Map.entry(Saml2ErrorCodes.INVALID_ASSERTION, "the sign-in response is not valid (expired, or meant for another application)"),
			Map.entry(Saml2ErrorCodes.MALFORMED_RESPONSE_DATA, "the sign-in response is malformed"),
			Map.entry(Saml2ErrorCodes.INVALID_RESPONSE, "the identity provider did not sign you in"),
			Map.entry(Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND, "this identity provider is not connected to Tilegate"),
			Map.entry(Saml2ErrorCodes.DECRYPTION_ERROR, "the sign-in response could not be decrypted"),
			Map.entry(Saml2ErrorCodes.SUBJECT_NOT_FOUND, "the sign-in response does not say who you are"),
			Map.entry(Saml2ErrorCodes.INTERNAL_VALIDATION_ERROR,
					"Tilegate could not complete the sign-in because of an internal error; try again in a moment"));

	// Spring's single logout filters report these; the sign-in wording above would mislead.
	private static final Map<String, String> SIGN_OUT_MESSAGES = Map.ofEntries(
			Map.entry(Saml2ErrorCodes.INVALID_SIGNATURE, "the sign-out message's signature is missing or not valid"),
			Map.entry(Saml2ErrorCodes.INVALID_DESTINATION, "the sign-out message was meant for another address"),
			Map.entry(Saml2ErrorCodes.INVALID_ISSUER, "the sign-out message came from an unexpected identity provider"),
			Map.entry(Saml2ErrorCodes.INVALID_REQUEST, "the sign-out request is not valid"),
			Map.entry(Saml2ErrorCodes.INVALID_RESPONSE, "the identity provider did not confirm the sign-out"),
			Map.entry(Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND,
					"the sign-out message came from an identity provider that is not connected to Tilegate"),
			Map.entry(RefusalReason.UNMATCHED_LOGOUT_RESPONSE,
					"the sign-out answer does not match a sign-out started here (it may have expired or been used)"),
			Map.entry(RefusalReason.SINGLE_LOGOUT_UNAVAILABLE,
					"single logout is not set up for this identity provider's connection"));

	private final EventLog events;

	LoginRefusals(EventLog events) {
		this.events = events;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		Saml2Error error = (exception instanceof Saml2AuthenticationException saml) ? saml.getSaml2Error()
				: new Saml2Error(Saml2ErrorCodes.INTERNAL_VALIDATION_ERROR, exception.getMessage());
		int status = isMalformed(error.getErrorCode()) ? HttpServletResponse.SC_BAD_REQUEST
				: HttpServletResponse.SC_FORBIDDEN;
		RefusedUserException user = (exception instanceof RefusedUserException refused) ? refused : null;
		refuse(request, response, status, error.getErrorCode(), error.getDescription(),
				decodedMessage(request.getParameter(Saml2ParameterNames.SAML_RESPONSE)), connectionOf(request),
				(user != null) ? user.userId() : null, (user != null) ? user.userName() : null);
	}

	/** Records the refusal and shows the user the refusal page with its reference. */
	void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code, String description,
			String decodedMessage) throws IOException, ServletException {
		refuse(request, response, status, code, description, decodedMessage, connectionOf(request));
	}

	/** As {@link #refuse}, for a message the request's address does not tie to its connection. */
	void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code, String description,
			String decodedMessage, String connectionId) throws IOException, ServletException {
		refuse(request, response, status, code, description, decodedMessage, connectionId, null, null);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
			String description, String decodedMessage, String connectionId, UUID userId, String userName)
			throws IOException, ServletException {
		boolean singleLogout = isSingleLogout(request);
		String reference = record(singleLogout ? "Single logout message refused" : "Sign-in refused", code, description,
				decodedMessage, connectionId, userId, userName);
		if (!singleLogout) {
			SignInMeters.refused(request, code);
		}
		request.setAttribute(REFERENCE_ATTRIBUTE, reference);
		request.setAttribute(MESSAGE_ATTRIBUTE, userMessage(code, connectionId, singleLogout));
		request.setAttribute(STATUS_ATTRIBUTE, status);
		request.setAttribute(SIGN_OUT_ATTRIBUTE, singleLogout);
		request.getRequestDispatcher(PAGE).forward(request, response);
	}

	/**
	 * Records a refusal in the event log and the application log, for callers that answer it
	 * themselves: a SOAP caller is a server and gets a SOAP answer, not the page.
	 * @return the reference the event log knows it by
	 */
	String record(String refused, String code, String description, String decodedMessage, String connectionId,
			UUID userId, String userName) {
		String summary = refused + (connectionId != null ? " through " + connectionId : "") + ": " + description
				+ " [" + code + "]";
		String reference;
		try {
			reference = this.events.event(EventType.LOGIN_REFUSED, summary)
				.connection(connectionId)
				.user(userId, userName)
				.actor((connectionId != null) ? "saml:" + connectionId : "saml")
				.detail(decodedMessage)
				.recordAlone();
		}
		catch (RuntimeException ex) {
			// The caller still gets its answer; the log keeps what the event log could not.
			reference = "LOG-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
			logger.atError()
				.addKeyValue("reference", reference)
				.log("Could not record the refusal {} in the event log: {}", reference, ex.getMessage());
		}
		// The reference is what the user reads out on the phone: as a field of its own, a JSON
		// log (LOGGING_STRUCTURED_FORMAT_CONSOLE) finds the line by it without parsing the message.
		logger.atWarn()
			.addKeyValue("reference", reference)
			.addKeyValue("connection", connectionId)
			.addKeyValue("reason", code)
			.log("{} (reference {}, connection {}): {} [{}]", refused, reference, connectionId, description, code);
		return reference;
	}

	private static String userMessage(String code, String connectionId, boolean singleLogout) {
		if (RefusalReason.UNKNOWN_CONNECTION.equals(code)) {
			return (connectionId != null) ? "no connection “" + connectionId + "” exists in Tilegate"
					: "no connection of that id exists in Tilegate";
		}
		if (singleLogout && SIGN_OUT_MESSAGES.containsKey(code)) {
			return SIGN_OUT_MESSAGES.get(code);
		}
		return USER_MESSAGES.getOrDefault(code,
				singleLogout ? "the sign-out message is not valid" : "the sign-in response is not valid");
	}

	/** The code as a meter tags it: one of the fixed codes above, else {@code other}. */
	static String knownCode(String code) {
		return (USER_MESSAGES.containsKey(code) || RefusalReason.UNKNOWN_CONNECTION.equals(code)) ? code : "other";
	}

	private static boolean isMalformed(String code) {
		return Saml2ErrorCodes.MALFORMED_RESPONSE_DATA.equals(code) || RefusalReason.MALFORMED.equals(code)
				|| RefusalReason.TOO_DEEP.equals(code) || RefusalReason.TOO_LARGE.equals(code);
	}

	private static boolean isSingleLogout(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length()).equals(SINGLE_LOGOUT);
	}

	private static String connectionOf(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith(ACS_PREFIX)) {
			return null;
		}
		String id = path.substring(ACS_PREFIX.length());
		return Connections.isValidId(id) ? id : null;
	}

	/**
	 * The response as the admin needs to read it: decoded, with signature values and embedded
	 * certificates blanked (they are noise, and a signature value is not for the event log).
	 */
	static String decodedMessage(String encoded) {
		if (encoded == null || encoded.isBlank()) {
			return null;
		}
		try {
			return readable(new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return "(SAMLResponse is not base64)";
		}
	}

	/** A decoded message as {@link #decodedMessage} shows it. */
	static String readable(String xml) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setExpandEntityReferences(false);
			factory.setXIncludeAware(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			Document document = builder.parse(new InputSource(new StringReader(xml)));
			blank(document, "SignatureValue");
			blank(document, "X509Certificate");
			Transformer transformer = TransformerFactory.newInstance().newTransformer();
			transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
			StringWriter out = new StringWriter();
			transformer.transform(new DOMSource(document), new StreamResult(out));
			return out.toString();
		}
		catch (Exception ex) {
			return "(not well-formed XML: " + ex.getMessage() + ")";
		}
	}

	private static void blank(Document document, String localName) {
		NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", localName);
		for (int i = 0; i < nodes.getLength(); i++) {
			((Element) nodes.item(i)).setTextContent("(removed)");
		}
	}

}
