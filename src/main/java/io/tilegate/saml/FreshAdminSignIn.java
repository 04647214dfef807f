package io.tilegate.saml;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tilegate.access.AdminSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends an admin who came in through an IdP back to it, with {@code ForceAuthn="true"} (SAML
 * core §3.4.1), when they open the console and the IdP last authenticated them
 * ({@code AuthnInstant}) longer ago than {@code tilegate.admin.idp-authentication-max-age}: an
 * IdP session of its own signs people in again for days without asking, and the console can
 * delete people. They come back to the page they asked for.
 *
 * <p>When the IdP answers that request with an authentication as old as before, it ignored
 * ForceAuthn; sending the admin back again would loop, so the console is refused with a
 * reason instead. The moment of the request is kept in the session, which every node reads.
 */
final class FreshAdminSignIn extends OncePerRequestFilter {

	/** In the session: when this admin was last sent to the IdP for a fresh sign-in. */
	static final String ASKED_ATTRIBUTE = FreshAdminSignIn.class.getName() + ".askedAt";

	private static final RequestMatcher CONSOLE = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher("/admin"),
			PathPatternRequestMatcher.withDefaults().matcher("/admin/**"));

	private final Duration maxAge;

	private final Clock clock;

	private final LoginRefusals refusals;

	FreshAdminSignIn(Duration maxAge, Clock clock, LoginRefusals refusals) {
		this.maxAge = maxAge;
		this.clock = clock;
		this.refusals = refusals;
	}

	/** Whether the AuthnRequest about to be sent from this request's session must say ForceAuthn. */
	static boolean asked(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(ASKED_ATTRIBUTE) != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!CONSOLE.matches(request) || authentication == null
				|| !(authentication.getPrincipal() instanceof SamlPrincipal admin)
				|| !AdminSessions.isAdmin(authentication)) {
			chain.doFilter(request, response);
			return;
		}
		Instant now = Instant.now(this.clock);
		HttpSession session = request.getSession();
		Instant asked = (Instant) session.getAttribute(ASKED_ATTRIBUTE);
		if (admin.authnInstant() != null && !admin.authnInstant().isBefore(now.minus(this.maxAge))) {
			if (asked != null) {
				session.removeAttribute(ASKED_ATTRIBUTE);
			}
			chain.doFilter(request, response);
			return;
		}
		if (asked != null && admin.signedInAt() != null && !admin.signedInAt().isBefore(asked)) {
			this.refusals.refuse(request, response, HttpServletResponse.SC_FORBIDDEN, RefusalReason.FORCE_AUTHN_IGNORED,
					"Admin " + admin.userName() + " was sent to sign in afresh (ForceAuthn) at " + asked + " but the IdP "
							+ "answered with an authentication from " + admin.authnInstant() + ", older than "
							+ this.maxAge.toHours() + " hours: it ignored ForceAuthn. Make the IdP app honour it, "
							+ "or raise tilegate.admin.idp-authentication-max-age",
					null, admin.getRelyingPartyRegistrationId());
			return;
		}
		session.setAttribute(ASKED_ATTRIBUTE, now);
		String returnTo = "GET".equals(request.getMethod()) ? LocalRedirect.safePath(requestedPath(request)) : null;
		response.sendRedirect(request.getContextPath() + "/saml2/authenticate/" + admin.getRelyingPartyRegistrationId()
				+ "?returnTo=" + URLEncoder.encode((returnTo != null) ? returnTo : "/admin", StandardCharsets.UTF_8));
	}

	private static String requestedPath(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return (request.getQueryString() != null) ? path + "?" + request.getQueryString() : path;
	}

}
