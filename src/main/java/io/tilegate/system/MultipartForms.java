package io.tilegate.system;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of a multipart form before Spring Security's chain, as Spring Security's
 * reference advises for {@code MultipartFilter}, so that the upload forms carry their CSRF
 * token as a hidden field, not in their URL, where browser history and proxy logs would keep
 * it. Only for a request whose session is signed in, though: the reference's price, that
 * anyone may make Tomcat write an upload of up to {@code spring.servlet.multipart.max-file-size}
 * to a temporary file, is not paid for someone who is not. Every upload form needs a signed-in
 * session, so the chain refuses such a request (no CSRF token, or no API credentials) before
 * anything reads its body: until a controller asks for the parts, its parameters are those of
 * the query string only, where Tomcat would otherwise read the whole body to find one.
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
		if (!"POST".equals(request.getMethod()) || !isMultipart(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (!signedIn(request)) {
			chain.doFilter(new UnreadBody(request), response);
			return;
		}
		try {
			request.getParts();
		}
		catch (IllegalStateException | IOException | ServletException ex) {
			// Over Tomcat's limit, or not multipart after all: the form's token was in the
			// body, so the chain refuses the form; the API's uploads answer in the controller.
		}
		chain.doFilter(request, response);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
	}

	/** Whether the session (an admin's or an end user's) holds a sign-in; the chain checks which. */
	private static boolean signedIn(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(
				HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context)) {
			return false;
		}
		Authentication authentication = context.getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	/**
	 * A multipart request whose body nothing before its controller reads: its parameters are
	 * the query string's until the parts are asked for, and then the whole request's.
	 */
	static final class UnreadBody extends HttpServletRequestWrapper {

		private Map<String, String[]> queryParameters;

		private boolean partsAsked;

		UnreadBody(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Collection<Part> getParts() throws IOException, ServletException {
			this.partsAsked = true;
			return super.getParts();
		}

		@Override
		public Part getPart(String name) throws IOException, ServletException {
			this.partsAsked = true;
			return super.getPart(name);
		}

		@Override
		public String getParameter(String name) {
			if (this.partsAsked) {
				return super.getParameter(name);
			}
			String[] values = queryParameters().get(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.partsAsked ? super.getParameterMap() : queryParameters();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return this.partsAsked ? super.getParameterNames() : Collections.enumeration(queryParameters().keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			if (this.partsAsked) {
				return super.getParameterValues(name);
			}
			String[] values = queryParameters().get(name);
			return (values != null) ? values.clone() : null;
		}

		private Map<String, String[]> queryParameters() {
			if (this.queryParameters == null) {
				Map<String, List<String>> read = new LinkedHashMap<>();
				String query = getQueryString();
				if (query != null && !query.isEmpty()) {
					for (String pair : query.split("&")) {
						if (pair.isEmpty()) {
							continue;
						}
						int equals = pair.indexOf('=');
						String name = decode((equals < 0) ? pair : pair.substring(0, equals));
						String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
						read.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
					}
				}
				Map<String, String[]> parameters = new LinkedHashMap<>();
				read.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
				this.queryParameters = Collections.unmodifiableMap(parameters);
			}
			return this.queryParameters;
		}

		private static String decode(String encoded) {
			try {
				return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// A malformed escape names no parameter the chain looks for.
				return encoded;
			}
		}

	}

}
