package io.tilegate.sessions;

import java.time.Instant;

import org.springframework.security.core.Authentication;

/**
 * A signed-in principal whose session may not outlive an instant set at sign-in: the
 * assertion's {@code SessionNotOnOrAfter}, or the connection's maximum session age. The bound
 * is kept in the principal, so it is stored with the session (in its security context
 * attribute, in the database), read by every node on every request, and goes with the sign-in
 * it bounds: a new sign-in in the same browser brings its own.
 */
public interface SessionBound {

	/** When the session ends however busy it is; {@code null} for no bound of its own. */
	Instant sessionEndsAt();

	/** What set the bound, as the event log says it: "the IdP's SessionNotOnOrAfter", … */
	String sessionBoundReason();

	/** Whether this authentication's session has reached its bound at {@code now}. */
	static boolean isPast(Authentication authentication, Instant now) {
		return authentication != null && authentication.getPrincipal() instanceof SessionBound bound
				&& bound.sessionEndsAt() != null && !now.isBefore(bound.sessionEndsAt());
	}

}
