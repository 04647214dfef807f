package io.tilegate.saml;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a user may be sent after sign-in: a path on this host, never another site. RelayState
 * and return-to parameters come from outside and are the classic open-redirect vector.
 */
final class LocalRedirect {

	private LocalRedirect() {
	}

	/** The path (with query) if it is safe to redirect to, else {@code null}. */
	static String safePath(String candidate) {
		if (candidate == null || candidate.isEmpty() || candidate.length() > 2000) {
			return null;
		}
		if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) {
			return null;
		}
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			// Browsers treat a backslash as a slash, and control characters can split headers.
			if (c == '\\' || c < 0x20 || c == 0x7f) {
				return null;
			}
		}
		try {
			URI uri = new URI(candidate);
			if (uri.getScheme() != null || uri.getRawAuthority() != null) {
				return null;
			}
			String path = uri.getRawPath();
			if (path == null || !path.startsWith("/") || path.startsWith("//")) {
				return null;
			}
		}
		catch (URISyntaxException ex) {
			return null;
		}
		return candidate;
	}

	/** The path and query of an absolute URL, for a saved request built from this host. */
	static String pathOf(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = new URI(url);
			String path = uri.getRawPath();
			if (path == null || path.isEmpty()) {
				return null;
			}
			return safePath(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
