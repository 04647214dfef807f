package io.tilegate.scim;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per SCIM token: {@code requestsPerSecond} sustained, {@code burst} at once.
 * Beyond it a call gets 429 with an integer {@code Retry-After} (RFC 7644 §3.12 lets a
 * service provider throttle; Entra backs off by that header). In memory, per node.
 */
class ScimThrottle extends OncePerRequestFilter {

	private final double perSecond;

	private final double burst;

	private final Clock clock;

	private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

	ScimThrottle(int requestsPerSecond, int burst, Clock clock) {
		if (requestsPerSecond < 1 || burst < 1) {
			throw new IllegalArgumentException("tilegate.scim.requests-per-second and tilegate.scim.burst must be at "
					+ "least 1; they are " + requestsPerSecond + " and " + burst);
		}
		this.perSecond = requestsPerSecond;
		this.burst = burst;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ScimClient client = ScimCallEvents.client();
		long retryAfter = (client != null) ? take(client.tokenId()) : 0;
		if (retryAfter == 0) {
			chain.doFilter(request, response);
			return;
		}
		ScimCall.of(request).outcome("throttled");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		ScimErrors.write(response, ScimErrors.error(HttpStatus.TOO_MANY_REQUESTS, null,
				"This token made more than " + (long) this.perSecond + " requests a second (bursts up to "
						+ (long) this.burst + "); retry after " + retryAfter + " seconds."));
	}

	/** @return 0 when the call may go ahead, else the whole seconds to wait (at least 1) */
	long take(UUID tokenId) {
		Instant now = this.clock.instant();
		long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
		return this.buckets.computeIfAbsent(tokenId, (id) -> new Bucket(this.burst, nanos)).take(nanos);
	}

	private final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		synchronized long take(long now) {
			if (now > this.refilledAt) {
				this.tokens = Math.min(ScimThrottle.this.burst,
						this.tokens + (now - this.refilledAt) / 1e9 * ScimThrottle.this.perSecond);
				this.refilledAt = now;
			}
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - this.tokens) / ScimThrottle.this.perSecond));
		}

	}

}
