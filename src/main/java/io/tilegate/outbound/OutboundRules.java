package io.tilegate.outbound;

import java.time.Duration;

/**
 * How far a fetch may go.
 *
 * @param allowHttp whether plain {@code http} URLs are fetched; for test set-ups only, since
 * what comes over plain HTTP may be swapped on the way
 * @param allowPrivateAddresses whether private, loopback and link-local addresses may be
 * reached; off unless the switch of the fetch's purpose is on
 * @param maxBytes the most body bytes read; the fetch stops reading there
 * @param connectTimeout how long a TCP connection and TLS handshake may take
 * @param readTimeout how long the server may stay silent while answering
 * @param totalTimeout how long the whole fetch may take, redirects included, however slowly the
 * server drips its answer
 * @param maxRedirects how many redirects are followed, each target checked like the first URL;
 * 0 refuses any redirect
 */
public record OutboundRules(boolean allowHttp, boolean allowPrivateAddresses, long maxBytes, Duration connectTimeout,
		Duration readTimeout, Duration totalTimeout, int maxRedirects) {

	public OutboundRules {
		if (maxBytes < 1) {
			throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
		}
		if (maxRedirects < 0) {
			throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
		}
		requirePositive("connectTimeout", connectTimeout);
		requirePositive("readTimeout", readTimeout);
		requirePositive("totalTimeout", totalTimeout);
	}

	private static void requirePositive(String name, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + duration);
		}
	}

}
