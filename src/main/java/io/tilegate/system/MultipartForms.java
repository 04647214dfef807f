package io.tilegate.system;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of a multipart form before Spring Security's chain, as Spring Security's
 * reference advises for {@code MultipartFilter}, so that the upload forms carry their CSRF
 * token as a hidden field, not in their URL, where browser history and proxy logs would keep
 * it. The price, the one the reference names: anyone may make Tomcat write an upload of up to
 * {@code spring.servlet.multipart.max-file-size} to a temporary file, which it deletes when
 * the request ends; only a request that passes the chain reaches a controller.
 * <p>
 * Tomcat keeps the parts it read, and a body over its limit stays refused: Spring MVC's
 * lazy parse then reports it to the controller as {@code MaxUploadSizeExceededException}.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 10)
class MultipartForms extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("POST".equals(request.getMethod()) && isMultipart(request)) {
			try {
				request.getParts();
			}
			catch (IllegalStateException | IOException | ServletException ex) {
				// Over Tomcat's limit, or not multipart after all: the form's token was in the
				// body, so the chain refuses the form; the API's uploads answer in the controller.
			}
		}
		chain.doFilter(request, response);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
	}

}
