package io.tilegate.saml;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tilegate.connections.Connections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts and times every sign-in at the assertion consumer service, accepted or refused, from
 * the moment the IdP's POST arrives until the answer goes out: in front of the message limits,
 * so a response refused for its size is counted as well, and around the replay cache and the
 * provisioning that make up most of a sign-in's time. The outcome is what the success handler
 * or {@link LoginRefusals} marked on the request.
 *
 * <p>Tags are bounded: a connection only when it exists (anyone can post to
 * {@code /login/saml2/sso/<anything>}), and a refusal's reason from Tilegate's and Spring's
 * fixed list of codes.
 */
final class SignInMeters extends OncePerRequestFilter {

	static final String SIGN_INS = "tilegate.sign-ins";

	static final String DURATION = "tilegate.sign-in.duration";

	static final String UNKNOWN_CONNECTION = "unknown";

	private static final String ACCEPTED_ATTRIBUTE = SignInMeters.class.getName() + ".accepted";

	private static final String REFUSED_ATTRIBUTE = SignInMeters.class.getName() + ".refused";

	// The same pattern as Spring's sign-in filter.
	private static final RequestMatcher SIGN_IN = PathPatternRequestMatcher.withDefaults()
		.matcher("/login/saml2/sso/{registrationId}");

	private static final Duration[] BUCKETS = { Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final Connections connections;

	// Micrometer finds a registered meter again by building and hashing its id and tags, which
	// cost a sixtieth of a returning sign-in's CPU; the tags' values are bounded (see above).
	private final Map<Outcome, Meters> meters = new ConcurrentHashMap<>();

	SignInMeters(MeterRegistry registry, Connections connections) {
		this.registry = registry;
		this.connections = connections;
	}

	/** Marks the sign-in of this request as accepted. */
	static void accepted(HttpServletRequest request) {
		request.setAttribute(ACCEPTED_ATTRIBUTE, Boolean.TRUE);
	}

	/** Marks the sign-in of this request as refused, with its error code. */
	static void refused(HttpServletRequest request, String code) {
		request.setAttribute(REFUSED_ATTRIBUTE, code);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestMatcher.MatchResult signIn = SIGN_IN.matcher(request);
		if (!signIn.isMatch()) {
			chain.doFilter(request, response);
			return;
		}
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			record(request, signIn.getVariables().get("registrationId"), System.nanoTime() - started);
		}
	}

	private void record(HttpServletRequest request, String pathId, long nanos) {
		Object refused = request.getAttribute(REFUSED_ATTRIBUTE);
		boolean accepted = refused == null && request.getAttribute(ACCEPTED_ATTRIBUTE) != null;
		if (!accepted && refused == null) {
			// Neither: an error Spring's handlers never saw. The access log and the error page have it.
			return;
		}
		String outcome = accepted ? "accepted" : "refused";
		String reason = accepted ? "none" : LoginRefusals.knownCode((String) refused);
		String connection = (accepted || existing(pathId)) ? pathId : UNKNOWN_CONNECTION;
		Meters meters = this.meters.computeIfAbsent(new Outcome(connection, outcome, reason), this::register);
		meters.signIns().increment();
		meters.duration().record(Duration.ofNanos(nanos));
	}

	private Meters register(Outcome key) {
		Counter signIns = Counter.builder(SIGN_INS)
			.description("SAML sign-ins at the assertion consumer service, accepted or refused, and why")
			.tag("connection", key.connection())
			.tag("outcome", key.outcome())
			.tag("reason", key.reason())
			.register(this.registry);
		Timer duration = Timer.builder(DURATION)
			.description("How long a SAML sign-in took, from the IdP's POST to the answer")
			.tag("connection", key.connection())
			.tag("outcome", key.outcome())
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry);
		return new Meters(signIns, duration);
	}

	private boolean existing(String pathId) {
		return Connections.isValidId(pathId) && this.connections.currentVersion(pathId).isPresent();
	}

	private record Outcome(String connection, String outcome, String reason) {
	}

	private record Meters(Counter signIns, Timer duration) {
	}

}
