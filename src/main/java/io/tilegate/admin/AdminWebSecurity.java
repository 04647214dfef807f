package io.tilegate.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.tilegate.access.AdminAccounts;
import io.tilegate.access.AdminSessions;
import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.access.BearerSecrets;
import io.tilegate.config.SharedLimitUnreachableException;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * The admin console's part of the browser chain: the break-glass admin's sign-in form, with
 * the same throttle as the admin API, and where a signed-out visitor of an admin page is sent.
 * Admins who sign in by SAML get their role from the connection's admin groups instead.
 */
@Component
public class AdminWebSecurity {

	public static final String SIGN_IN = AdminSessions.SIGN_IN_PAGE;

	private static final Logger logger = LoggerFactory.getLogger(AdminWebSecurity.class);

	private final AdminAccounts accounts;

	private final AdminSignInThrottle throttle;

	private final AdminSessions sessions;

	private final EventLog events;

	AdminWebSecurity(AdminAccounts accounts, AdminSignInThrottle throttle, AdminSessions sessions, EventLog events) {
		this.accounts = accounts;
		this.throttle = throttle;
		this.sessions = sessions;
		this.events = events;
	}

	public void configure(HttpSecurity http) throws Exception {
		http.authenticationProvider(passwords())
			.formLogin((form) -> form.loginPage(SIGN_IN)
				.loginProcessingUrl(SIGN_IN)
				.successHandler(signedIn())
				.failureHandler(refused()));
	}

	/** Records the break-glass admin's sign-out; SAML sign-outs are recorded by the SAML side. */
	public LogoutHandler signOutEvent() {
		return (request, response, authentication) -> {
			if (authentication != null && !(authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal)
					&& AdminSessions.isAdmin(authentication)) {
				this.events.event(EventType.LOGOUT, "Admin '" + authentication.getName() + "' signed out of the console")
					.actor(authentication.getName())
					.recordAlone();
			}
		};
	}

	/** Sends a signed-out visitor of an admin page to the admin sign-in page, relatively. */
	public AuthenticationEntryPoint signInPage() {
		LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
		entryPoint.setFavorRelativeUris(true);
		return entryPoint;
	}

	private AuthenticationProvider passwords() {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(this.accounts.userDetails());
		passwords.setPasswordEncoder(this.accounts.passwordEncoder());
		return new AuthenticationProvider() {
			@Override
			public Authentication authenticate(Authentication authentication) throws AuthenticationException {
				Duration wait;
				try {
					wait = AdminWebSecurity.this.throttle.waitBefore(address(authentication), authentication.getName());
				}
				catch (SharedLimitUnreachableException ex) {
					throw new SignInLimitUnreachable(ex);
				}
				if (!wait.isZero()) {
					throw new LockedException("Too many refused sign-ins; try again in "
							+ Math.max(1, wait.toSeconds()) + " seconds.");
				}
				return passwords.authenticate(authentication);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
			}
		};
	}

	private SavedRequestAwareAuthenticationSuccessHandler signedIn() {
		SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler() {
			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) throws jakarta.servlet.ServletException, IOException {
				AdminWebSecurity.this.sessions.signedIn(request, authentication);
				AdminWebSecurity.this.events
					.event(EventType.ADMIN_SIGNED_IN, "Admin '" + authentication.getName()
							+ "' signed in to the admin console with a password")
					.actor(authentication.getName())
					.detailJson(Map.of("address", request.getRemoteAddr()))
					.recordAlone();
				super.onAuthenticationSuccess(request, response, authentication);
			}
		};
		handler.setDefaultTargetUrl("/admin");
		handler.setAlwaysUseDefaultTargetUrl(false);
		return handler;
	}

	private AuthenticationFailureHandler refused() {
		return (request, response, exception) -> {
			String address = request.getRemoteAddr();
			String userName = request.getParameter("username");
			boolean throttled = exception instanceof LockedException;
			boolean unreachable = exception instanceof SignInLimitUnreachable;
			String reason;
			if (throttled) {
				reason = "too many refused sign-ins within a minute";
			}
			else if (unreachable) {
				reason = "the count of refused sign-ins that all nodes share could not be read from the database, "
						+ "so no password is checked until it answers";
			}
			else {
				boolean limitReached = this.throttle.failed(address, userName);
				reason = (exception instanceof BadCredentialsException) ? "wrong user name or password"
						: exception.getMessage();
				if (limitReached) {
					reason += "; that is " + AdminSignInThrottle.MAX_FAILURES + " refusals within a minute from "
							+ address + ", so further attempts are refused for a minute";
					logger.warn("Admin console sign-in refused {} times within a minute from {}. If this is not you, "
							+ "someone is guessing the admin's password.", AdminSignInThrottle.MAX_FAILURES, address);
				}
			}
			String summary = "Admin console sign-in refused for '" + BearerSecrets.shownAsTyped(userName) + "': "
					+ reason;
			try {
				this.events.event(EventType.ADMIN_SIGN_IN_REFUSED, summary)
					.detailJson(Map.of("address", address, "path", request.getRequestURI()))
					.recordAlone();
			}
			catch (RuntimeException ex) {
				if (!unreachable) {
					throw ex;
				}
				// The database that holds the count most likely holds the event log too.
				logger.warn("{} (the event log could not be written either: {})", summary, ex.getMessage());
			}
			response.sendRedirect(request.getContextPath() + SIGN_IN
					+ (throttled ? "?throttled" : unreachable ? "?unavailable" : "?error"));
		};
	}

	/**
	 * The sign-in throttle could not be read, so the sign-in is refused unchecked. Internal, so
	 * Spring's provider manager hands it straight to the failure handler instead of asking
	 * another provider.
	 */
	private static final class SignInLimitUnreachable extends InternalAuthenticationServiceException {

		SignInLimitUnreachable(SharedLimitUnreachableException cause) {
			super(cause.getMessage(), cause);
		}

	}

	private static String address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: "unknown";
	}

}
