package io.tilegate.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.BearerSecrets;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * What an admin API call presented in its {@code Authorization} header, before it is checked:
 * HTTP Basic as an admin account, or an admin API key as a bearer secret (also as a Basic user
 * name, which is how tools that only speak Basic send one: {@code curl -u tgadmin_...:}). A
 * header that is neither is kept with what is wrong with it, so that its refusal is recorded
 * like any other. Read by {@link #CONVERTER}; checked by {@link AdminApiAuthenticationProvider}.
 */
final class AdminApiCredentials extends AbstractAuthenticationToken {

	/** What an authentication scheme's name looks like; anything else may be a pasted secret. */
	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,19}");

	/**
	 * {@code null} for a call without an {@code Authorization} header: it goes on unauthenticated,
	 * and may still ride on an admin's console session ({@link ConsoleSessionAdmin}).
	 */
	static final AuthenticationConverter CONVERTER = (request) -> {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			return null;
		}
		return read(header, request.getRemoteAddr());
	};

	private final String address;

	private final String userName;

	private final String password;

	private final String apiKey;

	private final String problem;

	private AdminApiCredentials(String address, String userName, String password, String apiKey, String problem) {
		super(List.of());
		this.address = address;
		this.userName = userName;
		this.password = password;
		this.apiKey = apiKey;
		this.problem = problem;
	}

	static AdminApiCredentials read(String header, String address) {
		String value = header.trim();
		int space = value.indexOf(' ');
		String scheme = (space > 0) ? value.substring(0, space) : value;
		String credentials = (space > 0) ? value.substring(space + 1).trim() : "";
		String[] basic = scheme.equalsIgnoreCase("Basic") ? basicCredentials(credentials) : null;
		String bearer = scheme.equalsIgnoreCase("Bearer") ? credentials
				: (basic != null && isSecret(basic[0])) ? basic[0] : null;
		if (bearer != null) {
			return new AdminApiCredentials(address, null, null, bearer, null);
		}
		if (basic != null) {
			return new AdminApiCredentials(address, basic[0], basic[1], null, null);
		}
		if (scheme.equalsIgnoreCase("Basic")) {
			return new AdminApiCredentials(address, null, null, null,
					"the Basic credentials are not base64 of 'user:password'");
		}
		return new AdminApiCredentials(address, null, null, null,
				"the Authorization header is neither 'Basic …' nor 'Bearer …'"
						+ (SCHEME.matcher(scheme).matches() ? " but '" + scheme + " …'" : ""));
	}

	/** Where the call came from, which the sign-in throttle counts refusals by. */
	String address() {
		return this.address;
	}

	/** The admin account named, or {@code null} for an API key or a malformed header. */
	String userName() {
		return this.userName;
	}

	String password() {
		return this.password;
	}

	/** The bearer secret presented, or {@code null}. */
	String apiKey() {
		return this.apiKey;
	}

	/** What is wrong with the header itself, or {@code null}. */
	String problem() {
		return this.problem;
	}

	@Override
	public Object getCredentials() {
		return (this.apiKey != null) ? this.apiKey : this.password;
	}

	@Override
	public Object getPrincipal() {
		return this.userName;
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

}
