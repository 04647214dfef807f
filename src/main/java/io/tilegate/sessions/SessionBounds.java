package io.tilegate.sessions;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import io.tilegate.directory.SignedInUser;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session that has reached its {@link SessionBound} on its first request after it, on
 * whichever node that request lands: the bound was read from the database with the session,
 * and Tilegate's clock decides, not the browser's cookie. The user is sent to the sign-in page,
 * which says the session reached its time limit.
 */
public class SessionBounds extends OncePerRequestFilter {

	public static final String EXPIRED_PAGE = "/login?expired";

	private static final Logger logger = LoggerFactory.getLogger(SessionBounds.class);

	private final Clock clock;

	private final EventLog events;

	private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

	public SessionBounds(Clock clock, EventLog events) {
		this.clock = clock;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Instant now = Instant.now(this.clock);
		if (!SessionBound.isPast(authentication, now)) {
			chain.doFilter(request, response);
			return;
		}
		this.signOut.logout(request, response, authentication);
		recordEnd(authentication, (SessionBound) authentication.getPrincipal());
		// The sign-in page never signs anyone in by itself, so this cannot loop.
		response.sendRedirect(request.getContextPath() + EXPIRED_PAGE);
	}

	private void recordEnd(Authentication authentication, SessionBound bound) {
		String summary = "Session of " + authentication.getName() + " ended: it reached " + bound.sessionBoundReason()
				+ " (" + bound.sessionEndsAt() + "); they were sent to the sign-in page";
		String connection = (authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml)
				? saml.getRelyingPartyRegistrationId() : null;
		try {
			EventLog.EventDraft event = this.events.event(EventType.SESSION_ENDED, summary)
				.connection(connection)
				.actor("tilegate");
			if (authentication.getPrincipal() instanceof SignedInUser user) {
				event.user(user.userId(), authentication.getName());
			}
			event.recordAlone();
		}
		catch (RuntimeException ex) {
			logger.warn("{} (the event log could not be written: {})", summary, ex.getMessage());
		}
	}

}
