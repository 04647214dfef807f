package io.tilegate.scim;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Writes one {@code SCIM_REQUEST} event per authenticated SCIM call before its answer leaves:
 * method, path, status, and what {@link ScimCall} collected. Outermost of the SCIM filters,
 * so throttled and oversized calls are in the log too; in a transaction of its own, so a call
 * that rolled back still has its event. A call whose change wrote its event in the change's
 * transaction ({@link ScimCallLog#recordWithChange}) and answers as that event says is not
 * written again.
 */
class ScimCallEvents extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ScimCallEvents.class);

	/** A client that put its token in the URL as well must not find it in the event log. */
	private static final Pattern TOKEN = Pattern.compile(Pattern.quote(ScimTokens.PREFIX) + "[A-Za-z0-9_\\-%]*");

	private final ScimCallLog log;

	ScimCallEvents(ScimCallLog log) {
		this.log = log;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ScimClient client = client();
		if (client == null) {
			chain.doFilter(request, response);
			return;
		}
		ScimCall call = ScimCall.of(request)
			.connection(client.connectionId())
			.caller(request.getMethod(), pathOf(request), client.actor());
		// The answer is held until its event is written: a client that has read it finds the
		// call in the log, and a call the log never saw was never answered.
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		boolean failed = true;
		try {
			chain.doFilter(request, held);
			failed = false;
		}
		finally {
			record(call, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : held.getStatus());
			held.copyBodyToResponse();
		}
	}

	private void record(ScimCall call, int status) {
		if (call.recordedStatus() != null && call.recordedStatus() == status) {
			return;
		}
		try {
			this.log.recordAlone(call, status);
		}
		catch (RuntimeException ex) {
			// The call has been answered; losing its event must not turn it into an error.
			logger.warn("Could not write the event of SCIM {} {} answered {} ({})", call.method(), call.path(), status,
					ex.getMessage());
		}
	}

	static String pathOf(HttpServletRequest request) {
		String query = request.getQueryString();
		String path = (query != null) ? request.getRequestURI() + "?" + query : request.getRequestURI();
		return TOKEN.matcher(path).replaceAll(ScimTokens.PREFIX + "[removed]");
	}


	static ScimClient client() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ScimClient client) ? client : null;
	}

}
