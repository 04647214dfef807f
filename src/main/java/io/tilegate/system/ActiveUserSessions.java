package io.tilegate.system;

import java.io.IOException;
import java.util.Optional;

import io.tilegate.directory.Directory;
import io.tilegate.directory.SignedInUser;
import io.tilegate.directory.UserSummary;
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
 * Ends the session of a user who was deactivated or deleted since they signed in, on their
 * next request: the IdP (or an admin) took their access away, so a session cookie must not
 * keep it. One primary-key read per request of a signed-in user.
 *
 * <p>Deactivating or deleting a user ends their sessions at once ({@code SignedInSessions});
 * this stays as the backstop for when that did not run: a node died between committing a
 * deletion and ending its sessions, or someone changed the user's row by hand.
 */
class ActiveUserSessions extends OncePerRequestFilter {

	static final String ENDED_PAGE = "/login?ended";

	private static final Logger logger = LoggerFactory.getLogger(ActiveUserSessions.class);

	private final Directory directory;

	private final EventLog events;

	private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

	ActiveUserSessions(Directory directory, EventLog events) {
		this.directory = directory;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser signedIn)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<UserSummary> user = this.directory.user(signedIn.userId());
		if (user.isPresent() && user.get().active()) {
			chain.doFilter(request, response);
			return;
		}
		this.signOut.logout(request, response, authentication);
		recordEnd(authentication, signedIn, user.orElse(null));
		// The sign-in page never signs anyone in by itself, so this cannot loop.
		response.sendRedirect(request.getContextPath() + ENDED_PAGE);
	}

	private void recordEnd(Authentication authentication, SignedInUser signedIn, UserSummary user) {
		String name = (user != null) ? user.userName() : authentication.getName();
		String summary = "Session of " + name + " ended: the user was "
				+ ((user != null) ? "deactivated" : "deleted") + " after signing in; they were sent to the sign-in page";
		String connection = (authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml)
				? saml.getRelyingPartyRegistrationId() : null;
		try {
			this.events.event(EventType.SESSION_ENDED, summary)
				.connection(connection)
				.user(signedIn.userId(), name)
				.actor("tilegate")
				.recordAlone();
		}
		catch (RuntimeException ex) {
			logger.warn("{} (the event log could not be written: {})", summary, ex.getMessage());
		}
	}

}
