package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;

/**
 * A SCIM client as an IdP's provisioning agent is one: a base URL ending in {@code /scim/v2},
 * a bearer token, and raw JSON bodies, so each test sends the exact shape a client sends.
 */
public final class ScimHttp {

	private final String base;

	private final HttpClient http;

	private final String token;

	public ScimHttp(int port, String token) {
		this.base = "http://localhost:" + port + "/scim/v2";
		this.token = token;
		this.http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public ScimHttp withToken(String token) {
		return new ScimHttp(this.base, this.http, token);
	}

	private ScimHttp(String base, HttpClient http, String token) {
		this.base = base;
		this.http = http;
		this.token = token;
	}

	/** Every user's {@code userName}, read 200 to a page as an IdP's import reads them. */
	public List<String> userNames() {
		List<String> names = new ArrayList<>();
		int total = Integer.MAX_VALUE;
		while (names.size() < total) {
			JsonHttpResponse page = get("/Users?startIndex=" + (names.size() + 1) + "&count=200&attributes=userName");
			if (page.status() != 200) {
				throw new IllegalStateException("Listing users answered " + page);
			}
			total = page.json().path("totalResults").asInt();
			JsonNode resources = page.json().path("Resources");
			if (resources.isEmpty()) {
				break;
			}
			resources.forEach((user) -> names.add(user.path("userName").asText()));
		}
		return names;
	}

	public JsonHttpResponse get(String path) {
		return send("GET", path, null, Map.of());
	}

	public JsonHttpResponse post(String path, String json) {
		return send("POST", path, json, Map.of());
	}

	public JsonHttpResponse put(String path, String json) {
		return send("PUT", path, json, Map.of());
	}

	public JsonHttpResponse patch(String path, String json) {
		return send("PATCH", path, json, Map.of());
	}

	public JsonHttpResponse delete(String path) {
		return send("DELETE", path, null, Map.of());
	}

	/**
	 * @param path relative to {@code /scim/v2}, query included
	 * @param headers extra headers, e.g. {@code If-Match} or a different {@code Content-Type}
	 */
	public JsonHttpResponse send(String method, String path, String json, Map<String, String> headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		if (this.token != null) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		Map<String, String> all = new LinkedHashMap<>();
		if (json != null) {
			all.put("Content-Type", "application/scim+json");
		}
		all.putAll(headers);
		all.forEach(builder::header);
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

	/** A query-string value, encoded: {@code q("userName eq \"a\"")}. */
	public static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
