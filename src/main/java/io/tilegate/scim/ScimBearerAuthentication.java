package io.tilegate.scim;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the bearer token of every SCIM call. Every kind of failure gets the same 401, so a
 * caller learns nothing about which tokens exist (RFC 6750 §3); the event log says why.
 */
class ScimBearerAuthentication extends OncePerRequestFilter {

	static final String CHALLENGE = "Bearer realm=\"Tilegate SCIM\"";

	private final ScimTokens tokens;

	ScimBearerAuthentication(ScimTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String secret = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
		ScimClient client = this.tokens.authenticate(secret, request.getMethod(), request.getRequestURI())
			.orElse(null);
		if (client == null) {
			unauthorized(response);
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new PreAuthenticatedAuthenticationToken(client, null,
				List.of(new SimpleGrantedAuthority("SCIM_CLIENT"))));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	static void unauthorized(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
		ScimErrors.write(response, ScimErrors.error(HttpStatus.UNAUTHORIZED, null,
				"Send a valid SCIM token of this Tilegate connection as 'Authorization: Bearer <token>'."));
	}

	private static String bearer(String header) {
		if (header == null) {
			return null;
		}
		String value = header.trim();
		if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return value.substring(7).trim();
	}

}
