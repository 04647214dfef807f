package io.tilegate.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import io.tilegate.access.AdminActor;
import io.tilegate.access.AdminSessions;
import io.tilegate.directory.SignedInUser;
import io.tilegate.sessions.SessionBound;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A call without credentials from a browser signed in to the console as an admin is that admin,
 * as the console's own pages are (the chain checks its CSRF token). It becomes the same
 * {@link AdminActor} a script would be, for this request only: the console's session itself is
 * never written. Anyone else signed in is left as they are, for the chain to refuse with 403; a
 * session past its {@link SessionBound} is no admin here either, as the console would end it.
 */
final class ConsoleSessionAdmin extends OncePerRequestFilter {

	private final Clock clock;

	ConsoleSessionAdmin(Clock clock) {
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication session = SecurityContextHolder.getContext().getAuthentication();
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if ((header == null || header.isBlank()) && session != null && !(session.getPrincipal() instanceof AdminActor)
				&& AdminSessions.isAdmin(session) && !SessionBound.isPast(session, Instant.now(this.clock))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			AdminActor admin = (session.getPrincipal() instanceof SignedInUser user)
					? AdminActor.user(session.getName(), user.userId()) : AdminActor.account(session.getName());
			context.setAuthentication(AdminApiAuthenticationProvider.signedIn(admin));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

}
