package io.tilegate.scim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default 1 MiB body limit, announced by Content-Length or streamed chunked. */
class ScimBodyLimitTests extends ScimIntegrationTest {

	private static final int LIMIT = 1024 * 1024;

	@Test
	void aBodyAnnouncedLargerThanTheLimitGets413() {
		JsonHttpResponse response = this.scim.post(ScimEchoFixture.PATH, json(LIMIT + 1));

		assertTooLarge(response.status(), response.header("Content-Type"), response.json());
	}

	@Test
	void aChunkedBodyLargerThanTheLimitGets413NotTheControllersError() throws Exception {
		HttpResponse<String> response = sendChunked(json(LIMIT + 64 * 1024));

		assertThat(response.request().headers().firstValue("Content-Length")).isEmpty();
		assertTooLarge(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
				new ObjectMapper().readTree(response.body()));
	}

	@Test
	void aChunkedBodyWithinTheLimitReachesTheControllerWhole() throws Exception {
		String body = json(LIMIT);
		HttpResponse<String> response = sendChunked(body);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new ObjectMapper().readTree(response.body()).path("size").asInt()).isEqualTo(body.length());
	}

	@Test
	void aBodyOfExactlyTheLimitIsAccepted() {
		JsonHttpResponse response = this.scim.post(ScimEchoFixture.PATH, json(LIMIT));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("size").asInt()).isEqualTo(LIMIT);
	}

	@Test
	void theRefusalIsInTheEventLog() {
		this.scim.send("POST", ScimEchoFixture.PATH + "?oversized=yes", json(LIMIT + 1), Map.of());

		assertThat(eventsOf(EventType.SCIM_REQUEST)).map(Event::getDetail)
			.anyMatch((detail) -> detail.contains("\"status\":413") && detail.contains("oversized=yes"));
	}

	private static void assertTooLarge(int status, String contentType, JsonNode body) {
		assertThat(status).isEqualTo(413);
		assertThat(contentType).startsWith("application/scim+json");
		assertThat(body.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(body.path("status").asText()).isEqualTo("413");
		assertThat(body.path("detail").asText()).contains("1048576 bytes");
	}

	/** A JSON object of exactly {@code size} bytes. */
	private static String json(int size) {
		String open = "{\"padding\":\"";
		String close = "\"}";
		char[] padding = new char[size - open.length() - close.length()];
		Arrays.fill(padding, 'x');
		return open + new String(padding) + close;
	}

	/** No Content-Length: the body streams in chunks, as an agent piping a file would send it. */
	private HttpResponse<String> sendChunked(String body) throws IOException, InterruptedException {
		byte[] bytes = body.getBytes();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/scim/v2"
				+ ScimEchoFixture.PATH))
			.header("Authorization", "Bearer " + newToken(CONNECTION))
			.header("Content-Type", "application/scim+json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
			.build();
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
