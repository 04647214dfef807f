package io.tilegate.scim;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Decides who a SCIM call's bearer token belongs to ({@link ScimTokens#authenticate}, which
 * records every refusal and why). Every kind of failure gets the same 401, so a caller learns
 * nothing about which tokens exist (RFC 6750 §3); the event log says why.
 */
final class ScimTokenAuthenticationProvider implements AuthenticationProvider {

	static final String AUTHORITY = "SCIM_CLIENT";

	static final String CHALLENGE = "Bearer realm=\"Tilegate SCIM\"";

	private final ScimTokens tokens;

	ScimTokenAuthenticationProvider(ScimTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ScimBearerToken presented = (ScimBearerToken) authentication;
		ScimClient client = this.tokens
			.authenticate(presented.getCredentials(), presented.method(), presented.path())
			.orElseThrow(() -> new BadCredentialsException("SCIM token refused"));
		return new PreAuthenticatedAuthenticationToken(client, null, List.of(new SimpleGrantedAuthority(AUTHORITY)));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ScimBearerToken.class.isAssignableFrom(authentication);
	}

	static void unauthorized(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
		ScimErrors.write(response, ScimErrors.error(HttpStatus.UNAUTHORIZED, null,
				"Send a valid SCIM token of this Tilegate connection as 'Authorization: Bearer <token>'."));
	}

}
