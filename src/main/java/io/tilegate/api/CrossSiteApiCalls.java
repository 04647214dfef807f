package io.tilegate.api;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser that once had the admin's Basic credentials sends them again by itself, so a page of
 * another site could otherwise make it call the API: calls a browser marks as coming from
 * another site, or from another origin than Tilegate's, are refused before any credential is
 * looked at.
 */
final class CrossSiteApiCalls extends OncePerRequestFilter {

	private final String origin;

	CrossSiteApiCalls(URI baseUrl) {
		int port = baseUrl.getPort();
		this.origin = baseUrl.getScheme() + "://" + baseUrl.getHost() + ((port == -1) ? "" : ":" + port);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isFromAnotherSite(request)) {
			ApiErrors.write(response, HttpStatus.FORBIDDEN,
					"The admin API does not answer requests made by web pages of other sites; call it from a script.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isFromAnotherSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
			return true;
		}
		String from = request.getHeader(HttpHeaders.ORIGIN);
		return from != null && !from.equalsIgnoreCase(this.origin);
	}

}
