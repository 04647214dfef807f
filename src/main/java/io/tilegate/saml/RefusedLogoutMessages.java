package io.tilegate.saml;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.config.TilegateProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a logout message that Spring's single logout filters refuse the refusal page, with a
 * reference the event log knows. Those filters have no failure handler in Spring Security 6.5:
 * they answer a bare {@code sendError(400 | 401)}, which a browser shows as a blank page and the
 * event log never hears of. Their error, when they give one, is a {@code Saml2Error} in the
 * message ("[code] description"), which is what the event records.
 */
final class RefusedLogoutMessages extends OncePerRequestFilter {

	private static final Pattern SAML2_ERROR = Pattern.compile("(?s)^\\[([a-z_]+)\\] ?(.*)$");

	private final LoginRefusals refusals;

	private final long maxBytes;

	RefusedLogoutMessages(LoginRefusals refusals, TilegateProperties properties) {
		this.refusals = refusals;
		this.maxBytes = properties.saml().maxResponseSize().toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !path.equals("/logout/saml2/slo") || (request.getParameter(Saml2ParameterNames.SAML_REQUEST) == null
				&& request.getParameter(Saml2ParameterNames.SAML_RESPONSE) == null);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new RefusalToPage(request, response));
	}

	private final class RefusalToPage extends HttpServletResponseWrapper {

		private final HttpServletRequest request;

		RefusalToPage(HttpServletRequest request, HttpServletResponse response) {
			super(response);
			this.request = request;
		}

		@Override
		public void sendError(int status) throws IOException {
			sendError(status, null);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			if (status != SC_BAD_REQUEST && status != SC_UNAUTHORIZED) {
				super.sendError(status, message);
				return;
			}
			boolean isRequest = this.request.getParameter(Saml2ParameterNames.SAML_REQUEST) != null;
			String code;
			String description;
			Matcher error = (message != null) ? SAML2_ERROR.matcher(message) : null;
			if (error != null && error.matches()) {
				code = error.group(1);
				description = error.group(2);
			}
			else if (!isRequest && message != null && message.contains("associated LogoutRequest")) {
				code = RefusalReason.UNMATCHED_LOGOUT_RESPONSE;
				description = "The LogoutResponse answers no sign-out started in this browser: Tilegate keeps the "
						+ "LogoutRequest it sent in the user's session, and finds none (the session expired, the "
						+ "response was already used, or it was sent to another browser).";
			}
			else if (isRequest && status == SC_BAD_REQUEST) {
				code = Saml2ErrorCodes.RELYING_PARTY_REGISTRATION_NOT_FOUND;
				description = "The LogoutRequest's Issuer is the entity ID of no connection (or of several), and "
						+ "no signed-in session names one, so it cannot be checked.";
			}
			else {
				code = RefusalReason.SINGLE_LOGOUT_UNAVAILABLE;
				description = "The connection has single logout switched off for this binding (HTTP status "
						+ status + (message != null ? ", " + message : "") + ").";
			}
			String parameter = isRequest ? Saml2ParameterNames.SAML_REQUEST : Saml2ParameterNames.SAML_RESPONSE;
			String xml = SamlMessageLimits.xml(this.request.getParameter(parameter),
					SamlMessageLimits.isRedirectBinding(this.request), RefusedLogoutMessages.this.maxBytes);
			try {
				// 401 asks for credentials a browser cannot give; a refused signature is a 403, as at sign-in.
				int pageStatus = (status == SC_UNAUTHORIZED) ? SC_FORBIDDEN : status;
				RefusedLogoutMessages.this.refusals.refuse(this.request, (HttpServletResponse) getResponse(), pageStatus,
						code, description, (xml != null) ? LoginRefusals.readable(xml) : null,
						InboundSamlMessages.signedInConnection());
			}
			catch (ServletException ex) {
				throw new IOException(ex);
			}
		}

	}

}
