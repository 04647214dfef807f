package io.tilegate.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.access.BearerSecrets;
import io.tilegate.api.AdminApiAuthenticationProvider.AdminApiSignInRefused;
import io.tilegate.config.SharedLimitUnreachableException;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a refused admin API sign-in: the same 401 whatever the reason, so a caller learns
 * nothing about which accounts or keys exist, 429 while the throttle holds the caller, or 503
 * while the throttle cannot be read. The reason goes to the event log and counts towards the
 * throttle.
 */
final class AdminApiSignInRefusals implements AuthenticationFailureHandler {

	static final String REALM = "Tilegate admin API";

	private static final Logger logger = LoggerFactory.getLogger(AdminApiSignInRefusals.class);

	private final AdminSignInThrottle throttle;

	private final EventLog events;

	AdminApiSignInRefusals(AdminSignInThrottle throttle, EventLog events) {
		this.throttle = throttle;
		this.events = events;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		AdminApiSignInRefused refused = (AdminApiSignInRefused) exception;
		if (refused.limitUnreachable()) {
			unreachable(request, response, refused.presented());
			return;
		}
		if (!refused.waitBeforeRetry().isZero()) {
			long seconds = Math.max(1, (refused.waitBeforeRetry().toMillis() + 999) / 1000);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			ApiErrors.write(response, HttpStatus.TOO_MANY_REQUESTS,
					"Too many refused sign-ins; try again in " + seconds + " seconds.");
			return;
		}
		record(request, refused.presented(), refused.reason());
		unauthorized(response);
	}

	static void unauthorized(HttpServletResponse response) throws IOException {
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
		ApiErrors.write(response, HttpStatus.UNAUTHORIZED, "Sign in as the admin with HTTP Basic, or send an admin "
				+ "API key as 'Authorization: Bearer <key>'.");
	}

	private void unreachable(HttpServletRequest request, HttpServletResponse response, AdminApiCredentials presented)
			throws IOException {
		long seconds = SharedLimitUnreachableException.RETRY_AFTER.toSeconds();
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ApiErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is refused for now: Tilegate could not "
				+ "reach the database that counts refused sign-ins for all its nodes, and checks no credentials "
				+ "until it can. Try again in " + seconds + " seconds; the server log says why.");
		String summary = "Admin API sign-in from " + presented.address() + " refused without checking its "
				+ "credentials: the count of refused sign-ins that all nodes share could not be read from the database";
		try {
			this.events.event(EventType.ADMIN_SIGN_IN_REFUSED, summary)
				.detailJson(Map.of("method", request.getMethod(), "path", request.getRequestURI(), "address",
						presented.address()))
				.recordAlone();
		}
		catch (RuntimeException ex) {
			logger.warn("{} (the event log could not be written either: {})", summary, ex.getMessage());
		}
	}

	private void record(HttpServletRequest request, AdminApiCredentials presented, String reason) {
		String address = presented.address();
		String userName = presented.userName();
		boolean limitReached = this.throttle.failed(address, userName);
		String summary = "Admin API sign-in refused: " + reason;
		if (limitReached) {
			summary += ". That is " + AdminSignInThrottle.MAX_FAILURES + " refusals within a minute from " + address
					+ ((userName != null) ? " or for '" + BearerSecrets.shownAsTyped(userName) + "'" : "")
					+ ": further attempts are refused for a minute";
			logger.warn("{}. If this is not you, someone is guessing the admin's password.", summary);
		}
		Map<String, String> detail = new LinkedHashMap<>();
		detail.put("method", request.getMethod());
		detail.put("path", request.getRequestURI());
		detail.put("address", address);
		try {
			this.events.event(EventType.ADMIN_SIGN_IN_REFUSED, summary).detailJson(detail).recordAlone();
		}
		catch (RuntimeException ex) {
			logger.warn("{} (the event log could not be written: {})", summary, ex.getMessage());
		}
	}

}
