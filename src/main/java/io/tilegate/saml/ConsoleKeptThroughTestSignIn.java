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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * "Test this connection" asks the admin to sign in through the new connection in a new tab,
 * and a sign-in in the same browser would take the place of their console session. So when a
 * sign-in started from a connection's test page lands in a browser that holds an admin's
 * console session, the sign-in happens in full (the user is created or updated, the event log
 * records it, and the test page shows it arriving) but the browser keeps the admin's session.
 *
 * <p>This filter stands in front of Spring's sign-in filter and remembers who the browser was;
 * {@link #keepConsole} puts that admin back once the sign-in succeeded.
 */
final class ConsoleKeptThroughTestSignIn extends OncePerRequestFilter {

	private static final String CONSOLE = ConsoleKeptThroughTestSignIn.class.getName() + ".console";

	private static final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

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
		return returnTo;
	}

}
