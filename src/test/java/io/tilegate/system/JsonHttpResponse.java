package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An HTTP answer that tests read as JSON: what the SCIM and admin API test clients return. */
public record JsonHttpResponse(HttpResponse<String> raw) {

	private static final ObjectMapper JSON = new ObjectMapper();

	public int status() {
		return this.raw.statusCode();
	}

	public String body() {
		return this.raw.body();
	}

	public JsonNode json() {
		try {
			return JSON.readTree(this.raw.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Not JSON (" + status() + "): " + this.raw.body(), ex);
		}
	}

	public String header(String name) {
		return this.raw.headers().firstValue(name).orElse(null);
	}

	public List<String> headers(String name) {
		return this.raw.headers().allValues(name);
	}

	@Override
	public String toString() {
		return status() + " " + this.raw.body();
	}

}
