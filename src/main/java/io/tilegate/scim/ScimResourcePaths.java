package io.tilegate.scim;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resource names under {@code /scim/v2} in any case, with or without a trailing slash:
 * RFC 7644 names them {@code /Users} and {@code /Groups}, but clients and test suites send
 * {@code /users} and {@code /Users/}, and a 404 for those leaves a provisioning run failing
 * with nothing an admin can fix. The path is made canonical before the security chain and
 * the controllers see it, so both match it as written in the RFC.
 */
@Configuration(proxyBeanMethods = false)
class ScimResourcePaths {

	static final String BASE = "/scim/v2";

	private static final Map<String, String> CANONICAL = Map.of("users", "Users", "groups", "Groups",
			"serviceproviderconfig", "ServiceProviderConfig", "resourcetypes", "ResourceTypes", "schemas", "Schemas", "bulk", "Bulk");

	@Bean
	FilterRegistrationBean<CanonicalPath> scimCanonicalPath() {
		FilterRegistrationBean<CanonicalPath> registration = new FilterRegistrationBean<>(new CanonicalPath());
		registration.addUrlPatterns(BASE + "/*");
		// Before Spring Security's chain, whose matchers and call log read the path.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** The canonical form of a path inside the context, or the path itself when nothing changes. */
	static String canonical(String path) {
		if (!path.startsWith(BASE + "/")) {
			return path;
		}
		String rest = path.substring(BASE.length() + 1);
		while (rest.endsWith("/")) {
			rest = rest.substring(0, rest.length() - 1);
		}
		int slash = rest.indexOf('/');
		String resource = (slash < 0) ? rest : rest.substring(0, slash);
		String name = CANONICAL.getOrDefault(resource.toLowerCase(Locale.ROOT), resource);
		return BASE + "/" + name + ((slash < 0) ? "" : rest.substring(slash));
	}

	static final class CanonicalPath extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String context = request.getContextPath();
			String path = request.getRequestURI().substring(context.length());
			String canonical = canonical(path);
			if (canonical.equals(path)) {
				chain.doFilter(request, response);
				return;
			}
			chain.doFilter(new HttpServletRequestWrapper(request) {

				@Override
				public String getRequestURI() {
					return context + canonical;
				}

				@Override
				public StringBuffer getRequestURL() {
					StringBuffer url = new StringBuffer(super.getRequestURL());
					url.setLength(url.length() - super.getRequestURI().length());
					return url.append(context).append(canonical);
				}

				@Override
				public String getServletPath() {
					return canonical;
				}

				@Override
				public String getPathInfo() {
					return null;
				}

			}, response);
		}

	}

}
