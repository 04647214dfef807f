package io.tilegate.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tilegate.access.AdminAccounts;
import io.tilegate.access.AdminActor;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.AdminSessions;
import io.tilegate.access.AdminSignIn;
import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.access.BearerSecrets;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every admin API call: HTTP Basic as an admin account, or an admin API key as a
 * bearer secret. Every failure gets the same 401, so a caller learns nothing about which
 * accounts or keys exist; the event log says why.
 */
public final class AdminApiAuthentication extends OncePerRequestFilter {

	static final String REALM = "Tilegate admin API";

	private static final Logger logger = LoggerFactory.getLogger(AdminApiAuthentication.class);

	/** What an authentication scheme's name looks like; anything else may be a pasted secret. */
	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,19}");

	private final AuthenticationProvider passwords;

	private final AdminApiKeys keys;

	private final AdminSignInThrottle throttle;

	private final EventLog events;

	private final String origin;

	public AdminApiAuthentication(AuthenticationProvider passwords, AdminApiKeys keys, AdminSignInThrottle throttle,
			EventLog events, URI baseUrl) {
		this.passwords = passwords;
		this.keys = keys;
		this.throttle = throttle;
		this.events = events;
		this.origin = origin(baseUrl);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isFromAnotherSite(request)) {
			// A browser that once had the admin's Basic credentials sends them again by itself,
			// so a page of another site could otherwise make it call the API.
			ApiErrors.write(response, HttpStatus.FORBIDDEN,
					"The admin API does not answer requests made by web pages of other sites; call it from a script.");
			return;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			Authentication session = SecurityContextHolder.getContext().getAuthentication();
			if (session == null || !session.isAuthenticated() || session instanceof AnonymousAuthenticationToken) {
				unauthorized(response);
				return;
			}
			// Signed in to the console in this browser: an admin may call the API as the pages do
			// (CSRF-checked by the chain), and anyone else is refused with 403 by the chain.
			if (AdminSessions.isAdmin(session)) {
				signedIn(AdminActor.account(session.getName()), request, response, chain);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		String address = request.getRemoteAddr();
		String value = header.trim();
		int space = value.indexOf(' ');
		String scheme = (space > 0) ? value.substring(0, space) : value;
		String credentials = (space > 0) ? value.substring(space + 1).trim() : "";
		String[] basic = scheme.equalsIgnoreCase("Basic") ? basicCredentials(credentials) : null;
		// Tools that only speak Basic send an API key as the user name (curl -u tgadmin_...:).
		String bearer = scheme.equalsIgnoreCase("Bearer") ? credentials
				: (basic != null && isSecret(basic[0])) ? basic[0] : null;
		String userName = (basic != null && bearer == null) ? basic[0] : null;
		if (refuseWhileThrottled(address, userName, response)) {
			return;
		}
		AdminSignIn outcome;
		if (bearer != null) {
			outcome = this.keys.authenticate(bearer);
		}
		else if (userName != null) {
			outcome = checkPassword(userName, basic[1]);
		}
		else if (scheme.equalsIgnoreCase("Basic")) {
			outcome = AdminSignIn.refused("the Basic credentials are not base64 of 'user:password'");
		}
		else {
			outcome = AdminSignIn.refused("the Authorization header is neither 'Basic …' nor 'Bearer …'"
					+ (SCHEME.matcher(scheme).matches() ? " but '" + scheme + " …'" : ""));
		}
		AdminActor actor = outcome.actor();
		if (actor == null) {
			refused(request, address, userName, outcome.refusal());
			unauthorized(response);
			return;
		}
		signedIn(actor, request, response, chain);
	}

	private static void signedIn(AdminActor actor, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority(AdminAccounts.AUTHORITY))));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private AdminSignIn checkPassword(String userName, String password) {
		try {
			this.passwords.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(userName, password));
			return AdminSignIn.as(AdminActor.account(userName));
		}
		catch (UsernameNotFoundException ex) {
			return AdminSignIn.refused("there is no admin account '" + BearerSecrets.shownAsTyped(userName)
					+ "' (the break-glass admin is '" + AdminAccounts.BREAK_GLASS + "')");
		}
		catch (BadCredentialsException ex) {
			return AdminSignIn.refused("wrong password for '" + BearerSecrets.shownAsTyped(userName) + "'");
		}
		catch (AuthenticationException ex) {
			return AdminSignIn.refused("the account '" + BearerSecrets.shownAsTyped(userName) + "' cannot sign in: "
					+ ex.getMessage());
		}
	}

	public static void unauthorized(HttpServletResponse response) throws IOException {
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
		ApiErrors.write(response, HttpStatus.UNAUTHORIZED, "Sign in as the admin with HTTP Basic, or send an admin "
				+ "API key as 'Authorization: Bearer <key>'.");
	}

	private boolean refuseWhileThrottled(String address, String userName, HttpServletResponse response)
			throws IOException {
		Duration wait = this.throttle.waitBefore(address, userName);
		if (wait.isZero()) {
			return false;
		}
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ApiErrors.write(response, HttpStatus.TOO_MANY_REQUESTS,
				"Too many refused sign-ins; try again in " + seconds + " seconds.");
		return true;
	}

	private void refused(HttpServletRequest request, String address, String userName, String reason) {
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

	private boolean isFromAnotherSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
			return true;
		}
		String from = request.getHeader(HttpHeaders.ORIGIN);
		return from != null && !from.equalsIgnoreCase(this.origin);
	}

	private static boolean isSecret(String value) {
		return value.startsWith(AdminApiKeys.PREFIX) || value.startsWith(BearerSecrets.SCIM_TOKEN_PREFIX);
	}

	/** {@code [user, password]}, or {@code null} when the value is not base64 of {@code user:password}. */
	private static String[] basicCredentials(String encoded) {
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		int colon = decoded.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		return new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
	}

	private static String origin(URI baseUrl) {
		int port = baseUrl.getPort();
		return baseUrl.getScheme() + "://" + baseUrl.getHost() + ((port == -1) ? "" : ":" + port);
	}

}
