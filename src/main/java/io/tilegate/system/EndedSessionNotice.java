package io.tilegate.system;

import java.io.IOException;

import io.tilegate.sessions.SignedInSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Sends a visitor whose session was ended because they lost access to the sign-in page with
 * the "your session ended" notice, instead of the plain one: the session is gone from every
 * node, but the cookie still names it. Asked only where a signed-out visitor would be sent to
 * sign in, so a stylesheet or the sign-in page itself never uses the notice up.
 */
final class EndedSessionNotice implements AuthenticationEntryPoint {

	private final SignedInSessions sessions;

	private final AuthenticationEntryPoint signIn;

	EndedSessionNotice(SignedInSessions sessions, AuthenticationEntryPoint signIn) {
		this.sessions = sessions;
		this.signIn = signIn;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		if (this.sessions.endedByLostAccess(request)) {
			response.sendRedirect(request.getContextPath() + ActiveUserSessions.ENDED_PAGE);
			return;
		}
		this.signIn.commence(request, response, authException);
	}

}
