package io.tilegate.scim;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.messages.ErrorResponse;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.tilegate.config.ClusterBuckets;
import io.tilegate.config.SharedLimitUnreachableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per SCIM token: {@code requestsPerSecond} sustained, {@code burst} at once,
 * for the whole cluster ({@link ClusterBuckets}), so an IdP whose calls are spread over the
 * nodes gets the same limit as on one. Beyond it a call gets 429 with an integer
 * {@code Retry-After} (RFC 7644 §3.12 lets a service provider throttle; Entra backs off by that
 * header). While the bucket cannot be read, calls get 503: an outage of the database must not
 * lift the limit.
 */
class ScimThrottle extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ScimThrottle.class);

	private final long perSecond;

	private final long burst;

	private final ClusterBuckets buckets;

	private final BucketConfiguration configuration;

	/** Names the limit, so a node started with other limits never reads these buckets. */
	private final String key;

	private final AtomicLong refusedUnlogged = new AtomicLong();

	private static final String CHARGE = ScimThrottle.class.getName() + ".charge";

	private final AtomicLong lastLoggedAt = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());

	ScimThrottle(int requestsPerSecond, int burst, ClusterBuckets buckets) {
		if (requestsPerSecond < 1 || burst < 1) {
			throw new IllegalArgumentException("tilegate.scim.requests-per-second and tilegate.scim.burst must be at "
					+ "least 1; they are " + requestsPerSecond + " and " + burst);
		}
		this.perSecond = requestsPerSecond;
		this.burst = burst;
		this.buckets = buckets;
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)))
			.build();
		this.key = "scim:" + requestsPerSecond + "/s+" + burst + ":";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ScimClient client = ScimCallEvents.client();
		long retryAfter;
		try {
			retryAfter = (client != null) ? take(client.tokenId()) : 0;
		}
		catch (SharedLimitUnreachableException ex) {
			refuseUncounted(request, response, client, ex);
			return;
		}
		if (retryAfter == 0) {
			if (client != null) {
				request.setAttribute(CHARGE, new Charge(this, client));
			}
			chain.doFilter(request, response);
			return;
		}
		ScimCall.of(request).outcome("throttled");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		ScimErrors.write(response, throttled(retryAfter));
	}

	/**
	 * Charges the call being served as {@code requests} requests rather than one: each
	 * operation of a {@code /Bulk} request counts as the call it stands for, so that bulk is
	 * no way around the limit. Never more than the burst, or a large bulk request could
	 * never pass.
	 * @return empty when the call may go on, else the refusal to answer it with (429, or 503
	 * while the limit cannot be read)
	 */
	static Optional<ResponseEntity<JsonNode>> charge(HttpServletRequest request, int requests) {
		Charge charge = (Charge) request.getAttribute(CHARGE);
		if (charge == null || requests <= 1) {
			return Optional.empty();
		}
		ScimThrottle throttle = charge.throttle();
		long retryAfter;
		try {
			// The filter took the first one already.
			retryAfter = throttle.take(charge.client().tokenId(), Math.min(requests, throttle.burst) - 1);
		}
		catch (SharedLimitUnreachableException ex) {
			throttle.logUncounted(charge.client(), ex);
			ScimCall.of(request).outcome("rate limit unreachable");
			return Optional.of(withRetryAfter(ScimErrors.body(unreachable()),
					SharedLimitUnreachableException.RETRY_AFTER.toSeconds()));
		}
		if (retryAfter == 0) {
			return Optional.empty();
		}
		ScimCall.of(request).outcome("throttled");
		return Optional.of(withRetryAfter(ScimErrors.body(throttle.throttled(retryAfter)), retryAfter));
	}

	/**
	 * @return 0 when the call may go ahead, else the whole seconds to wait (at least 1)
	 * @throws SharedLimitUnreachableException when the token's bucket could not be read
	 */
	long take(UUID tokenId) {
		return take(tokenId, 1);
	}

	private long take(UUID tokenId, long requests) {
		ConsumptionProbe probe = this.buckets.apply(this.key + tokenId, () -> this.configuration,
				(bucket) -> bucket.tryConsumeAndReturnRemaining(requests));
		if (probe.isConsumed()) {
			return 0;
		}
		return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
	}

	private ErrorResponse throttled(long retryAfter) {
		return ScimErrors.error(HttpStatus.TOO_MANY_REQUESTS, null, "This token made more than " + this.perSecond
				+ " requests a second (bursts up to " + this.burst + "; each operation of a /Bulk request counts as "
				+ "one); retry after " + retryAfter + " seconds.");
	}

	private static ErrorResponse unreachable() {
		return ScimErrors.error(HttpStatus.SERVICE_UNAVAILABLE, null,
				"Tilegate could not reach the database that counts this token's requests for all its nodes, so it "
						+ "refuses SCIM calls until it can; nothing was changed. Retry after "
						+ SharedLimitUnreachableException.RETRY_AFTER.toSeconds() + " seconds.");
	}

	private static ResponseEntity<JsonNode> withRetryAfter(ResponseEntity<JsonNode> refusal, long seconds) {
		return ResponseEntity.status(refusal.getStatusCode())
			.headers(refusal.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(refusal.getBody());
	}

	private void refuseUncounted(HttpServletRequest request, HttpServletResponse response, ScimClient client,
			SharedLimitUnreachableException ex) throws IOException {
		long seconds = SharedLimitUnreachableException.RETRY_AFTER.toSeconds();
		ScimCall.of(request).outcome("rate limit unreachable");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ScimErrors.write(response, unreachable());
		logUncounted(client, ex);
	}

	private void logUncounted(ScimClient client, SharedLimitUnreachableException ex) {
		// One line per Retry-After period: an IdP pushing hard would otherwise bury the log.
		long refused = this.refusedUnlogged.incrementAndGet();
		long last = this.lastLoggedAt.get();
		long now = System.nanoTime();
		if (now - last >= SharedLimitUnreachableException.RETRY_AFTER.toNanos()
				&& this.lastLoggedAt.compareAndSet(last, now)) {
			this.refusedUnlogged.addAndGet(-refused);
			logger.error("Refused {} SCIM call(s) (latest for connection {}) with 503: the per-token rate limit that "
					+ "all nodes share could not be read. Calls stay refused until the database answers. {}", refused,
					(client != null) ? client.connectionId() : "?", ex.getMessage());
		}
	}

	/** Who may be charged more for the call being served. */
	private record Charge(ScimThrottle throttle, ScimClient client) {
	}

}
