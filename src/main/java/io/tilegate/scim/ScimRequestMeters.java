package io.tilegate.scim;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts and times every call to {@code /scim/v2}, by method, resource type and status. A
 * servlet filter just outside Spring Security, so the 401s of an expired or revoked token, the
 * 429s and the 413s are counted too: they are what an admin needs to see when an IdP stops
 * provisioning.
 *
 * <p>Tags are bounded: the resource type is one of the endpoint's, never the id or filter
 * that follows it, and a method or resource Tilegate does not serve is {@code other}. The
 * connection is the token's, known once it is authenticated ({@link ScimCall}); a call whose
 * token was refused has none.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 1)
class ScimRequestMeters extends OncePerRequestFilter {

	static final String REQUESTS = "tilegate.scim.requests";

	static final String DURATION = "tilegate.scim.request.duration";

	private static final String BASE = "/scim/v2";

	private static final Set<String> RESOURCES = Set.of("Users", "Groups", "Bulk", "ServiceProviderConfig",
			"ResourceTypes", "Schemas");

	private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5) };

	private final MeterRegistry registry;

	ScimRequestMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return !(path.equals(BASE) || path.startsWith(BASE + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			record(request, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus(),
					System.nanoTime() - started);
		}
	}

	private void record(HttpServletRequest request, int status, long nanos) {
		String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "other";
		String resource = resource(path(request));
		String connection = ScimCall.of(request).connectionId();
		Counter.builder(REQUESTS)
			.description("Calls to the SCIM endpoint, by the token's connection, method, resource type and status")
			.tag("connection", (connection != null) ? connection : "none")
			.tag("method", method)
			.tag("resource", resource)
			.tag("status", Integer.toString(status))
			.register(this.registry)
			.increment();
		// Without connection and status, so the histogram's buckets stay few.
		Timer.builder(DURATION)
			.description("How long a SCIM call took, by method and resource type")
			.tag("method", method)
			.tag("resource", resource)
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry)
			.record(Duration.ofNanos(nanos));
	}

	/** {@code Users} for {@code /scim/v2/Users/{id}} and {@code /scim/v2/Users/.search}. */
	static String resource(String path) {
		String rest = path.substring(Math.min(path.length(), BASE.length() + 1));
		int slash = rest.indexOf('/');
		String first = (slash >= 0) ? rest.substring(0, slash) : rest;
		return RESOURCES.contains(first) ? first : "other";
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
