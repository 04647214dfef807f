package io.tilegate.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a form larger than {@code server.tomcat.max-http-form-post-size} with 413 and the
 * page that says so. Tomcat itself drops such a form's fields without a word, and the missing
 * CSRF token then shows as "no access", which sends an admin who pasted too much looking for
 * the wrong problem.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FormSizeLimit extends OncePerRequestFilter {

	private final long maxFormSize;

	FormSizeLimit(ServerProperties server) {
		this.maxFormSize = server.getTomcat().getMaxHttpFormPostSize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.maxFormSize >= 0 && request.getContentLengthLong() > this.maxFormSize && isForm(request)) {
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
	}

}
