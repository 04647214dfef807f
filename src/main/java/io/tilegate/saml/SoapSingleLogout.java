package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import javax.xml.namespace.QName;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.saml.ConnectionRegistrations.ResolvedConnection;
import io.tilegate.sessions.SignedInSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.shibboleth.utilities.java.support.xml.QNameSupport;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.soap.soap11.FaultCode;
import org.opensaml.soap.soap11.FaultString;
import org.opensaml.xmlsec.SignatureSigningParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpMethod;
import org.springframework.security.saml2.core.OpenSamlInitializationService;
import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Single logout from the IdP's server (SAML bindings §3.2, the SOAP binding): a LogoutRequest
 * in a SOAP 1.1 envelope, posted to the single logout URL with no browser, no cookie and no CSRF
 * token. Its signature is all that says who sent it, so it is checked before anything ends;
 * then the sessions of its NameID end in the database, so on every node.
 *
 * <p>Answers, per SAML bindings §3.2.3.1 and SOAP 1.1 §6.2: a message that cannot be read as a
 * LogoutRequest from a known connection gets a SOAP fault (HTTP 500); one that can but is
 * refused gets a signed LogoutResponse with status Requester (HTTP 200), so the IdP's admin
 * sees the reason; an accepted one gets Success, also when no session matched, because then the
 * user has none here, which is what the IdP asked for. Every refusal is in the event log, under
 * the reference the answer carries. It answers every such call itself, so CSRF, which a server
 * cannot satisfy, never sees one.
 */
final class SoapSingleLogout extends OncePerRequestFilter {

	static {
		OpenSamlInitializationService.initialize();
	}

	static final String PATH = "/logout/saml2/slo";

	private static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";

	private static final String REFUSED = "SOAP single logout refused";

	private static final Logger logger = LoggerFactory.getLogger(SoapSingleLogout.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ConnectionRegistrations registrations;

	private final SignedInSessions sessions;

	private final AssertionReplayCache replayCache;

	private final LoginRefusals refusals;

	private final EventLog events;

	private final LogoutRequestVerification verification;

	private final Supplier<Saml2X509Credential> signing;

	private final Clock clock;

	private final long maxBytes;

	private final int maxDepth;

	SoapSingleLogout(ConnectionRegistrations registrations, SignedInSessions sessions, AssertionReplayCache replayCache,
			LoginRefusals refusals, EventLog events, LogoutRequestVerification verification, Supplier<Saml2X509Credential> signing,
			Clock clock, long maxBytes, int maxDepth) {
		this.registrations = registrations;
		this.sessions = sessions;
		this.replayCache = replayCache;
		this.refusals = refusals;
		this.events = events;
		this.verification = verification;
		this.signing = signing;
		this.clock = clock;
		this.maxBytes = maxBytes;
		// The envelope and its body nest the LogoutRequest two deeper than the browser bindings do.
		this.maxDepth = maxDepth + 2;
	}

	/**
	 * A POST of XML to the single logout URL that carries no browser-binding parameter: the
	 * SOAP binding (text/xml is SOAP 1.1's; application/soap+xml, SOAP 1.2's, is answered too,
	 * with a fault that says which version to use).
	 */
	static boolean isSoapCall(HttpServletRequest request) {
		if (!HttpMethod.POST.matches(request.getMethod())
				|| !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
			return false;
		}
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return (mediaType.equals("text/xml") || mediaType.equals("application/soap+xml"))
				&& request.getParameter(Saml2ParameterNames.SAML_REQUEST) == null
				&& request.getParameter(Saml2ParameterNames.SAML_RESPONSE) == null;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isSoapCall(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = body(request);
		if (body == null) {
			fault(response, FaultCode.CLIENT, RefusalReason.TOO_LARGE, "The SOAP message is larger than "
					+ this.maxBytes + " bytes (tilegate.saml.max-response-size).", null, null);
			return;
		}
		String problem = SamlMessageLimits.nesting(body, this.maxDepth);
		if (problem != null) {
			String code = problem.startsWith("depth") ? RefusalReason.TOO_DEEP : RefusalReason.MALFORMED;
			fault(response, FaultCode.CLIENT, code, problem.substring(problem.indexOf(':') + 2), null, null);
			return;
		}
		String xml = new String(body, StandardCharsets.UTF_8);
		Element root;
		try {
			root = XMLObjectProviderRegistrySupport.getParserPool()
				.parse(new ByteArrayInputStream(body))
				.getDocumentElement();
		}
		catch (Exception ex) {
			fault(response, FaultCode.CLIENT, RefusalReason.MALFORMED,
					"The body is not well-formed XML: " + rootCause(ex), null, LoginRefusals.readable(xml));
			return;
		}
		QName rootName = QNameSupport.getNodeQName(root);
		if (!new QName(SOAP11_NS, "Envelope").equals(rootName)) {
			boolean soap12 = "Envelope".equals(rootName.getLocalPart());
			fault(response, soap12 ? FaultCode.VERSION_MISMATCH : FaultCode.CLIENT, RefusalReason.UNEXPECTED_MESSAGE,
					soap12 ? "The SOAP envelope is not SOAP 1.1 ({" + SOAP11_NS + "}Envelope), which the SAML SOAP "
							+ "binding uses (SAML bindings §3.2.1)."
							: "The body is not a SOAP envelope but " + rootName + "; the SAML SOAP binding sends the "
									+ "LogoutRequest inside a SOAP 1.1 Envelope's Body (SAML bindings §3.2).",
					null, LoginRefusals.readable(xml));
			return;
		}
		Element header = child(root, "Header");
		if (header != null && mustUnderstandHeader(header) != null) {
			fault(response, FaultCode.MUST_UNDERSTAND, RefusalReason.UNEXPECTED_MESSAGE, "The SOAP header "
					+ mustUnderstandHeader(header) + " is marked mustUnderstand, and Tilegate understands no header.",
					null, LoginRefusals.readable(xml));
			return;
		}
		Element bodyElement = child(root, "Body");
		List<Element> messages = (bodyElement != null) ? elements(bodyElement) : List.of();
		if (messages.size() != 1 || !LogoutRequest.DEFAULT_ELEMENT_NAME.equals(QNameSupport.getNodeQName(messages.get(0)))) {
			fault(response, FaultCode.CLIENT, RefusalReason.UNEXPECTED_MESSAGE, "The SOAP Body must hold exactly one "
					+ "samlp:LogoutRequest; it holds " + describe(messages) + ".", null, LoginRefusals.readable(xml));
			return;
		}
		LogoutRequest logoutRequest;
		try {
			// Only this element is unmarshalled, so only its ID is registered for the signature's reference.
			Element message = messages.get(0);
			logoutRequest = (LogoutRequest) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
				.getUnmarshaller(message)
				.unmarshall(message);
		}
		catch (Exception ex) {
			// Broad: OpenSAML reports a value it cannot read (an IssueInstant that is no date) unchecked.
			fault(response, FaultCode.CLIENT, RefusalReason.MALFORMED,
					"The LogoutRequest is not one OpenSAML can read: " + rootCause(ex), null, LoginRefusals.readable(xml));
			return;
		}
		answer(logoutRequest, LoginRefusals.readable(xml), response);
	}

	private void answer(LogoutRequest request, String readable, HttpServletResponse response) throws IOException {
		Issuer issuer = request.getIssuer();
		if (issuer == null || issuer.getValue() == null || issuer.getValue().isBlank()) {
			fault(response, FaultCode.CLIENT, RefusalReason.MISSING_ISSUER, "The LogoutRequest names no Issuer, so "
					+ "Tilegate cannot tell which identity provider sent it, nor check its signature.", null, readable);
			return;
		}
		List<ResolvedConnection> trusting = this.registrations.resolveByAssertingPartyEntityId(issuer.getValue());
		if (trusting.size() != 1) {
			fault(response, FaultCode.CLIENT,
					trusting.isEmpty() ? Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND
							: RefusalReason.AMBIGUOUS_ISSUER,
					trusting.isEmpty() ? "No connection trusts the identity provider " + issuer.getValue()
							+ " (the LogoutRequest's Issuer): no connection's metadata has that entity ID."
							: "Connections " + trusting.stream().map(ResolvedConnection::id).toList()
									+ " all trust the identity provider " + issuer.getValue()
									+ ", so its LogoutRequest cannot be tied to one; remove the duplicates.",
					null, readable);
			return;
		}
		ResolvedConnection connection = trusting.get(0);
		if (request.getID() == null || request.getID().length() > AssertionReplayCache.MAX_LOGOUT_REQUEST_ID) {
			fault(response, FaultCode.CLIENT, RefusalReason.MALFORMED, "The LogoutRequest's ID is missing or longer "
					+ "than " + AssertionReplayCache.MAX_LOGOUT_REQUEST_ID + " characters.", connection.id(), readable);
			return;
		}
		LogoutRequestVerification.Verified verified = this.verification.verify(request, connection);
		if (verified.error() != null) {
			refuse(response, request, connection, verified.error(), readable);
			return;
		}
		if (!this.replayCache.claimLogoutRequest(connection.id(), request)) {
			refuse(response, request, connection, new Saml2Error(RefusalReason.REPLAYED, "LogoutRequest "
					+ request.getID() + " was received before; a request is acted on once."), readable);
			return;
		}
		int ended = endSessions(connection.id(), verified.nameId(), request);
		String summary = "Single logout over SOAP from " + connection.id() + ": " + ended
				+ ((ended == 1) ? " session" : " sessions") + " of " + verified.nameId() + " ended"
				+ (request.getSessionIndexes().isEmpty() ? "" : " (SessionIndex " + sessionIndexes(request) + ")");
		this.events.event(EventType.LOGOUT, summary)
			.connection(connection.id())
			.user(null, verified.nameId())
			.actor("saml:" + connection.id())
			.recordAlone();
		logger.info(summary);
		write(response, HttpServletResponse.SC_OK,
				logoutResponse(request, connection, StatusCode.SUCCESS, null, null));
	}

	private int endSessions(String connectionId, String nameId, LogoutRequest request) {
		if (request.getSessionIndexes().isEmpty()) {
			return this.sessions.endSessionsOf(connectionId, nameId, Optional.empty());
		}
		int ended = 0;
		for (SessionIndex index : request.getSessionIndexes()) {
			ended += this.sessions.endSessionsOf(connectionId, nameId, Optional.ofNullable(index.getValue()));
		}
		return ended;
	}

	private static String sessionIndexes(LogoutRequest request) {
		return String.join(", ", request.getSessionIndexes().stream().map(SessionIndex::getValue).toList());
	}

	private void refuse(HttpServletResponse response, LogoutRequest request, ResolvedConnection connection,
			Saml2Error error, String readable) throws IOException {
		String reference = this.refusals.record(REFUSED, error.getErrorCode(), error.getDescription(), readable,
				connection.id(), null, null);
		// SAML core §3.2.2.2: the request was understood and denied; say why, and where to read more.
		String second = (Saml2ErrorCodes.INVALID_SIGNATURE.equals(error.getErrorCode())
				|| RefusalReason.UNSIGNED_LOGOUT_REQUEST.equals(error.getErrorCode())
				|| RefusalReason.WEAK_ALGORITHM.equals(error.getErrorCode())) ? StatusCode.REQUEST_DENIED : null;
		write(response, HttpServletResponse.SC_OK, logoutResponse(request, connection, StatusCode.REQUESTER, second,
				error.getDescription() + " [" + error.getErrorCode() + "] Reference " + reference
						+ " in Tilegate's event log."));
	}

	private void fault(HttpServletResponse response, QName faultCode, String code, String description,
			String connectionId, String readable) throws IOException {
		String reference = this.refusals.record(REFUSED, code, description, readable, connectionId, null, null);
		Fault fault = build(Fault.DEFAULT_ELEMENT_NAME);
		FaultCode faultCodeElement = build(FaultCode.DEFAULT_ELEMENT_NAME);
		faultCodeElement.setValue(faultCode);
		fault.setCode(faultCodeElement);
		FaultString faultString = build(FaultString.DEFAULT_ELEMENT_NAME);
		faultString.setValue(description + " [" + code + "] Reference " + reference + " in Tilegate's event log.");
		fault.setMessage(faultString);
		// SOAP 1.1 §6.2: a fault goes back with 500, whoever is at fault.
		write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, fault);
	}

	private LogoutResponse logoutResponse(LogoutRequest request, ResolvedConnection connection, String status,
			String secondStatus, String message) {
		LogoutResponse logoutResponse = build(LogoutResponse.DEFAULT_ELEMENT_NAME);
		byte[] id = new byte[20];
		RANDOM.nextBytes(id);
		logoutResponse.setID("_" + HexFormat.of().formatHex(id));
		logoutResponse.setVersion(SAMLVersion.VERSION_20);
		logoutResponse.setIssueInstant(Instant.now(this.clock));
		logoutResponse.setInResponseTo(request.getID());
		Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
		issuer.setValue(connection.registration().getEntityId());
		logoutResponse.setIssuer(issuer);
		Status statusElement = build(Status.DEFAULT_ELEMENT_NAME);
		StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
		code.setValue(status);
		if (secondStatus != null) {
			StatusCode second = build(StatusCode.DEFAULT_ELEMENT_NAME);
			second.setValue(secondStatus);
			code.setStatusCode(second);
		}
		statusElement.setStatusCode(code);
		if (message != null) {
			StatusMessage statusMessage = build(StatusMessage.DEFAULT_ELEMENT_NAME);
			statusMessage.setValue(message);
			statusElement.setStatusMessage(statusMessage);
		}
		logoutResponse.setStatus(statusElement);
		sign(logoutResponse);
		return logoutResponse;
	}

	/** SAML bindings §3.2.2.1: no query string to sign on SOAP, so the response carries an XML signature. */
	private void sign(LogoutResponse logoutResponse) {
		SignatureSigningParameters parameters = new SignatureSigningParameters();
		Saml2X509Credential current = this.signing.get();
		parameters.setSigningCredential(new BasicX509Credential(current.getCertificate(), current.getPrivateKey()));
		parameters.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
		parameters.setSignatureReferenceDigestMethod(SignatureConstants.ALGO_ID_DIGEST_SHA256);
		parameters.setSignatureCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
		X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
		keyInfo.setEmitEntityCertificate(true);
		parameters.setKeyInfoGenerator(keyInfo.newInstance());
		try {
			SignatureSupport.signObject(logoutResponse, parameters);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not sign the LogoutResponse with the SP key", ex);
		}
	}

	private void write(HttpServletResponse response, int status, XMLObject message) throws IOException {
		Envelope envelope = build(Envelope.DEFAULT_ELEMENT_NAME);
		Body body = build(Body.DEFAULT_ELEMENT_NAME);
		body.getUnknownXMLObjects().add(message);
		envelope.setBody(body);
		String xml;
		try {
			xml = SerializeSupport.nodeToString(
					XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(envelope).marshall(envelope));
		}
		catch (MarshallingException ex) {
			throw new IllegalStateException("Could not write the SOAP answer", ex);
		}
		response.setStatus(status);
		response.setContentType("text/xml;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
	}

	/** The body, or null when it is larger than the limit; read no further than that either way. */
	private byte[] body(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			return null;
		}
		try (InputStream in = request.getInputStream()) {
			byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
			return (read.length > this.maxBytes) ? null : read;
		}
	}

	private static Element child(Element parent, String soapLocalName) {
		for (Element element : elements(parent)) {
			if (SOAP11_NS.equals(element.getNamespaceURI()) && soapLocalName.equals(element.getLocalName())) {
				return element;
			}
		}
		return null;
	}

	private static List<Element> elements(Element parent) {
		List<Element> elements = new java.util.ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element) {
				elements.add(element);
			}
		}
		return elements;
	}

	private static String mustUnderstandHeader(Element header) {
		for (Element entry : elements(header)) {
			String value = entry.getAttributeNS(SOAP11_NS, "mustUnderstand");
			if ("1".equals(value) || "true".equals(value)) {
				return QNameSupport.getNodeQName(entry).toString();
			}
		}
		return null;
	}

	private static String describe(List<Element> messages) {
		if (messages.isEmpty()) {
			return "nothing";
		}
		return String.join(", ", messages.stream().map((e) -> QNameSupport.getNodeQName(e).toString()).toList());
	}

	@SuppressWarnings("unchecked")
	private static <T extends XMLObject> T build(QName name) {
		return (T) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(name).buildObject(name);
	}

	private static String rootCause(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
