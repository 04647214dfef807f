package io.tilegate.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tilegate.system.JsonHttpResponse;

/**
 * The admin API as a script calls it: {@code curl -u admin:...} or with an API key, raw JSON
 * bodies, no cookies, no redirects followed.
 */
public final class AdminHttp {

	private final String base;

	private final HttpClient http;

	private final Map<String, String> headers;

	public AdminHttp(int port) {
		this("http://localhost:" + port, HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build(), Map.of());
	}

	private AdminHttp(String base, HttpClient http, Map<String, String> headers) {
		this.base = base;
		this.http = http;
		this.headers = headers;
	}

	public AdminHttp basic(String user, String password) {
		return header("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	public AdminHttp bearer(String secret) {
		return header("Authorization", "Bearer " + secret);
	}

	public AdminHttp header(String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(this.headers);
		all.put(name, value);
		return new AdminHttp(this.base, this.http, all);
	}

	public JsonHttpResponse get(String path) {
		return send("GET", path, null);
	}

	public JsonHttpResponse post(String path, String json) {
		return send("POST", path, json);
	}

	public JsonHttpResponse delete(String path) {
		return send("DELETE", path, null);
	}

	/** @param json sent as {@code application/json} unless a Content-Type header was set */
	public JsonHttpResponse send(String method, String path, String json) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null && !this.headers.containsKey("Content-Type")) {
			builder.header("Content-Type", "application/json");
		}
		this.headers.forEach(builder::header);
		try {
			return new JsonHttpResponse(this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
