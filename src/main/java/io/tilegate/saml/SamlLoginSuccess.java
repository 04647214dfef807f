package io.tilegate.saml;

import java.io.IOException;

import io.tilegate.access.AdminSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.saml2.core.Saml2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Component;

/**
 * Sends a signed-in user where they were going: the page they asked for before an
 * SP-initiated sign-in, or a RelayState that is a path on this host (Okta's "Default
 * RelayState"), or else the home page. Never to another site.
 */
@Component
class SamlLoginSuccess implements AuthenticationSuccessHandler {

	private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

	private final AdminSessions adminSessions;

	SamlLoginSuccess(AdminSessions adminSessions) {
		this.adminSessions = adminSessions;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		SignInMeters.accepted(request);
		this.savedRequests.removeRequest(request, response);
		Object returnTo = request.getAttribute(PendingAuthnRequests.RETURN_TO_ATTRIBUTE);
		String target = (returnTo instanceof String path) ? LocalRedirect.safePath(path) : null;
		String testPage = ConsoleKeptThroughTestSignIn.keepConsole(request, response, authentication, target);
		if (testPage != null) {
			response.sendRedirect(request.getContextPath() + testPage);
			return;
		}
		this.adminSessions.signedIn(request, authentication);
		if (target == null) {
			target = LocalRedirect.safePath(request.getParameter(Saml2ParameterNames.RELAY_STATE));
		}
		response.sendRedirect(request.getContextPath() + ((target != null) ? target : "/"));
	}

}
