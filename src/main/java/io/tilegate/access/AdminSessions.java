package io.tilegate.access;

import java.time.Duration;

import io.tilegate.config.TilegateProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Admin sessions time out sooner than a user's: a console left open on a shared screen can
 * delete people. Applied when a session becomes an admin's, whichever way it signed in.
 */
@Component
public class AdminSessions {

	/** Where the console's own sign-in form lives; an admin signed out from the console returns there. */
	public static final String SIGN_IN_PAGE = "/admin/sign-in";

	private final Duration idleTimeout;

	AdminSessions(TilegateProperties properties) {
		this.idleTimeout = properties.admin().sessionTimeout();
	}

	public static boolean isAdmin(Authentication authentication) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(AdminAccounts.AUTHORITY::equals);
	}

	/** Shortens the session of an admin; leaves anyone else's alone. */
	public void signedIn(HttpServletRequest request, Authentication authentication) {
		if (!isAdmin(authentication)) {
			return;
		}
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.setMaxInactiveInterval((int) Math.max(60, this.idleTimeout.toSeconds()));
		}
	}

}
