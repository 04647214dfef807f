package io.tilegate.saml;

import java.io.IOException;

import io.tilegate.access.AdminSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * "Test this connection" asks the admin to sign in through the new connection in a new tab,
 * and a sign-in in the same browser would take the place of their console session. So when a
 * sign-in started from a connection's test page lands in a browser that holds an admin's
 * console session, the sign-in happens in full (the user is created or updated, the event log
 * records it, and the test page shows it arriving) but the browser keeps the admin's session,
 * and the CSRF token the console's open pages carry in their forms.
 *
 * <p>This filter stands in front of Spring's sign-in filter and remembers who the browser was;
 * {@link #keepConsole} puts that admin back once the sign-in succeeded.
 */
final class ConsoleKeptThroughTestSignIn extends OncePerRequestFilter {

	private static final String CONSOLE = ConsoleKeptThroughTestSignIn.class.getName() + ".console";

	private static final String CONSOLE_CSRF = ConsoleKeptThroughTestSignIn.class.getName() + ".csrf";

	private static final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	// Spring's default store of CSRF tokens, which the console uses: a sign-in replaces the token,
	// and the console's open pages still carry the old one in their forms.
	private static final CsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/login/saml2/sso/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		if (AdminSessions.isAdmin(current)) {
			request.setAttribute(CONSOLE, current);
			CsrfToken token = csrfTokens.loadToken(request);
			if (token != null) {
				request.setAttribute(CONSOLE_CSRF, token);
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * The test page of the connection the sign-in came through, when the sign-in was started
	 * there in a browser signed in to the console, with the admin's session put back; else
	 * {@code null}, and the browser is whoever signed in.
	 * @param returnTo where the sign-in was asked to return to
	 */
	static String keepConsole(HttpServletRequest request, HttpServletResponse response, Authentication signedIn,
			String returnTo) {
		if (!(request.getAttribute(CONSOLE) instanceof Authentication console) || returnTo == null
				|| !(signedIn.getPrincipal() instanceof SamlPrincipal principal)) {
			return null;
		}
		String testPage = "/admin/connections/" + principal.getRelyingPartyRegistrationId() + "/test";
		String path = (returnTo.indexOf('?') >= 0) ? returnTo.substring(0, returnTo.indexOf('?')) : returnTo;
		if (!path.equals(testPage)) {
			return null;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(console);
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		if (request.getAttribute(CONSOLE_CSRF) instanceof CsrfToken token) {
			csrfTokens.saveToken(token, request, response);
		}
		return returnTo;
	}

}
