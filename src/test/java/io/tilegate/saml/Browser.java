package io.tilegate.saml;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser as far as SAML needs one: it keeps cookies, posts forms, and follows redirects
 * only when told to, so a test can look at each hop.
 */
public final class Browser {

	private final String base;

	private final HttpClient http;

	public Browser(int port) {
		this.base = "http://localhost:" + port;
		this.http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public String base() {
		return this.base;
	}

	public HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
	}

	public HttpResponse<String> get(String pathOrUrl, Map<String, String> headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
		headers.forEach(builder::header);
		return send(builder);
	}

	public HttpResponse<String> postForm(String pathOrUrl, Map<String, String> form) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/** Posts a SAML response to the connection's ACS, as the IdP's auto-submitting form would. */
	public HttpResponse<String> postResponse(String connectionId, String base64Response, String relayState) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("SAMLResponse", base64Response);
		if (relayState != null) {
			form.put("RelayState", relayState);
		}
		return postForm("/login/saml2/sso/" + connectionId, form);
	}

	/** Follows redirects from a response until one that is not a redirect. */
	public HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && current.statusCode() / 100 == 3; hops++) {
			String location = current.headers().firstValue("Location").orElseThrow();
			current = get(current.uri().resolve(location).toString());
		}
		return current;
	}

	/** A query parameter of a redirect's {@code Location}, decoded: a SAMLRequest or RelayState sent to the IdP. */
	public static String redirectParameter(HttpResponse<?> redirect, String name) {
		URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		String value = SamlLoginFlowTests.queryParameter(location, name);
		if (value == null) {
			throw new AssertionError("No " + name + " in " + location);
		}
		return value;
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
