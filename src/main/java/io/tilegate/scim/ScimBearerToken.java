package io.tilegate.scim;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A SCIM call's credentials before they are checked: the bearer token it presented (or none),
 * and the call it came with, which a refusal names in the event log. Read from the request by
 * {@link #CONVERTER}; checked by {@link ScimTokenAuthenticationProvider}.
 */
final class ScimBearerToken extends AbstractAuthenticationToken {

	/**
	 * Always answers a token, even for a call without one: its refusal is then the provider's,
	 * with its event, rather than the anonymous 401 no one hears about.
	 */
	static final AuthenticationConverter CONVERTER = (request) -> new ScimBearerToken(
			bearer(request.getHeader(HttpHeaders.AUTHORIZATION)), request.getMethod(), request.getRequestURI());

	private final String secret;

	private final String method;

	private final String path;

	private ScimBearerToken(String secret, String method, String path) {
		super(List.of());
		this.secret = secret;
		this.method = method;
		this.path = path;
	}

	/** @return {@code null} when the call presented no bearer token */
	@Override
	public String getCredentials() {
		return this.secret;
	}

	@Override
	public Object getPrincipal() {
		return null;
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
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
