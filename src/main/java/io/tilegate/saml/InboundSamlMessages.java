package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.xml.namespace.QName;

import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.shibboleth.utilities.java.support.xml.QNameSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.RequestAbstractType;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.w3c.dom.Element;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.saml2.core.OpenSamlInitializationService;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrationRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each SAML endpoint takes one kind of message, for a connection that exists, and Spring
 * Security's filters take both for granted. Given a connection id that names none, its
 * sign-in filter reads the response's Issuer instead, unchecked; its single logout filters
 * cast whatever they parse to the message they expect and read its Issuer unchecked too. What
 * breaks those assumptions escapes them as an exception, a 500. Such messages are refused here
 * first, with the reason. The parse below relies on {@link SamlMessageLimits} having run: its
 * depth cap is what keeps OpenSAML's recursive unmarshaller from overflowing the stack.
 */
final class InboundSamlMessages extends OncePerRequestFilter {

	static {
		OpenSamlInitializationService.initialize();
	}

	// The same patterns as Spring's filters, so that this checks exactly what they will read.
	private static final RequestMatcher SIGN_IN = PathPatternRequestMatcher.withDefaults()
		.matcher("/login/saml2/sso/{registrationId}");

	private static final RequestMatcher SINGLE_LOGOUT = PathPatternRequestMatcher.withDefaults()
		.matcher("/logout/saml2/slo");

	private final RelyingPartyRegistrationRepository registrations;

	private final LoginRefusals refusals;

	private final long maxBytes;

	InboundSamlMessages(RelyingPartyRegistrationRepository registrations, LoginRefusals refusals,
			TilegateProperties properties) {
		this.registrations = registrations;
		this.refusals = refusals;
		this.maxBytes = properties.saml().maxResponseSize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestMatcher.MatchResult signIn = SIGN_IN.matcher(request);
		Refusal refusal = null;
		if (signIn.isMatch()) {
			refusal = signInRefusal(request, signIn.getVariables().get("registrationId"));
		}
		else if (SINGLE_LOGOUT.matches(request) && (request.getParameter(Saml2ParameterNames.SAML_REQUEST) != null
				|| request.getParameter(Saml2ParameterNames.SAML_RESPONSE) != null)) {
			refusal = singleLogoutRefusal(request);
		}
		if (refusal != null) {
			this.refusals.refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, refusal.code(),
					refusal.description(), refusal.decodedMessage(), refusal.connectionId());
			return;
		}
		chain.doFilter(request, response);
	}

	private Refusal signInRefusal(HttpServletRequest request, String pathId) {
		String samlResponse = request.getParameter(Saml2ParameterNames.SAML_RESPONSE);
		// Anyone can put anything in the path; only what could be an id goes into the event log.
		String connectionId = Connections.isValidId(pathId) ? pathId : null;
		if (this.registrations.findByRegistrationId(pathId) == null) {
			String named = (connectionId != null) ? "No connection '" + connectionId + "' exists"
					: "The path names no connection (its last segment cannot be a connection id)";
			return new Refusal(RefusalReason.UNKNOWN_CONNECTION, named
					+ ": the identity provider posts to an assertion consumer service URL for a connection Tilegate"
					+ " does not have (a typo, or a connection since deleted).",
					LoginRefusals.decodedMessage(samlResponse), connectionId);
		}
		if (samlResponse == null) {
			boolean carriesRequest = request.getParameter(Saml2ParameterNames.SAML_REQUEST) != null;
			return new Refusal(RefusalReason.UNEXPECTED_MESSAGE,
					"The assertion consumer service takes a SAMLResponse; this request carries "
							+ (carriesRequest ? "a SAMLRequest instead." : "no SAML message at all."),
					null, connectionId);
		}
		return null;
	}

	private Refusal singleLogoutRefusal(HttpServletRequest request) {
		// Spring's logout request filter runs first and reads the SAMLRequest even when a SAMLResponse comes too.
		boolean isRequest = request.getParameter(Saml2ParameterNames.SAML_REQUEST) != null;
		String connectionId = null;
		if (isRequest) {
			connectionId = signedInConnection();
			// Spring checks a signed-in user's LogoutRequest against the connection they signed in through.
			if (connectionId != null && this.registrations.findByRegistrationId(connectionId) == null) {
				return new Refusal(RefusalReason.UNKNOWN_CONNECTION, "The LogoutRequest is for a session of connection '"
						+ connectionId + "', which no longer exists, so it cannot be checked.", null, connectionId);
			}
		}
		String parameter = isRequest ? Saml2ParameterNames.SAML_REQUEST : Saml2ParameterNames.SAML_RESPONSE;
		QName expected = isRequest ? LogoutRequest.DEFAULT_ELEMENT_NAME : LogoutResponse.DEFAULT_ELEMENT_NAME;
		String xml = SamlMessageLimits.xml(request.getParameter(parameter),
				SamlMessageLimits.isRedirectBinding(request), this.maxBytes);
		if (xml == null) {
			return new Refusal(RefusalReason.MALFORMED, "The " + parameter + " cannot be decoded.", null, connectionId);
		}
		XMLObject message;
		try {
			Element root = XMLObjectProviderRegistrySupport.getParserPool()
				.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
				.getDocumentElement();
			QName name = QNameSupport.getNodeQName(root);
			if (!expected.equals(name)) {
				return new Refusal(RefusalReason.UNEXPECTED_MESSAGE,
						"At the single logout endpoint a " + parameter + " is a " + expected.getLocalPart()
								+ " (SAML core §3.7); this one is " + describe(name) + ", not a "
								+ expected.getLocalPart() + ".",
						LoginRefusals.readable(xml), connectionId);
			}
			message = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root).unmarshall(root);
		}
		catch (Exception ex) {
			// Broad, because OpenSAML reports a value it cannot read (an IssueInstant that is no date) unchecked.
			return new Refusal(RefusalReason.MALFORMED, "The " + parameter + " is not a " + expected.getLocalPart()
					+ " OpenSAML can read: " + rootCause(ex), LoginRefusals.readable(xml), connectionId);
		}
		Issuer issuer = (message instanceof RequestAbstractType saml) ? saml.getIssuer()
				: ((StatusResponseType) message).getIssuer();
		if (issuer == null || !StringUtils.hasText(issuer.getValue())) {
			return new Refusal(RefusalReason.MISSING_ISSUER, "The " + expected.getLocalPart()
					+ " names no Issuer, so Tilegate cannot tell which identity provider sent it, nor check its signature.",
					LoginRefusals.readable(xml), connectionId);
		}
		// Without a session Spring finds the connection by the Issuer, and when none (or several)
		// has that IdP entity ID it passes the message on unread, to the sign-in page.
		if (isRequest && connectionId == null
				&& this.registrations.findUniqueByAssertingPartyEntityId(issuer.getValue()) == null) {
			return new Refusal(Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND, "The LogoutRequest's Issuer "
					+ issuer.getValue() + " is the entity ID of no connection's identity provider (or of several), "
					+ "so Tilegate cannot tell which connection it is for, nor check its signature.",
					LoginRefusals.readable(xml), null);
		}
		return null;
	}

	/** The connection the signed-in user came through, when they came through one. */
	static String signedInConnection() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml)
				? saml.getRelyingPartyRegistrationId() : null;
	}

	private static String describe(QName name) {
		if (SAMLConstants.SAML20P_NS.equals(name.getNamespaceURI())) {
			return "a " + name.getLocalPart();
		}
		return "a " + (StringUtils.hasText(name.getNamespaceURI()) ? "{" + name.getNamespaceURI() + "}" : "")
				+ name.getLocalPart() + " element";
	}

	private static String rootCause(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	private record Refusal(String code, String description, String decodedMessage, String connectionId) {
	}

}
