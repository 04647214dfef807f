package io.tilegate.connections;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.tilegate.config.TilegateProperties;
import io.tilegate.outbound.LocalWebServer;

import org.springframework.util.unit.DataSize;

/**
 * A real HTTPS server on localhost with a certificate made for the test, standing in for an
 * IdP's metadata URL: it answers every path with whatever the test set last, and counts the
 * requests, so a test can show that a refused URL was never fetched.
 */
public final class MetadataServer implements AutoCloseable {

	private final LocalWebServer server;

	private volatile Answer answer = new Answer(404, Map.of(), new byte[0], false);

	private MetadataServer(LocalWebServer server) {
		this.server = server;
	}

	public static MetadataServer start() {
		MetadataServer metadata = new MetadataServer(LocalWebServer.https());
		metadata.server.route("*", (exchange) -> {
			Answer answer = metadata.answer;
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.sendResponseHeaders(answer.status(),
					answer.chunked() ? 0 : (answer.body().length == 0 ? -1 : answer.body().length));
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		});
		return metadata;
	}

	/** Where the server answers, by host name as an admin would give it. */
	public String url(String path) {
		return this.server.url("localhost", path);
	}

	int port() {
		return this.server.port();
	}

	SSLContext clientTls() {
		return this.server.clientTls();
	}

	/** A fetcher that trusts this server, with or without private addresses allowed. */
	public IdpMetadataFetcher fetcher(boolean allowPrivateUrls) {
		return new IdpMetadataFetcher(
				new TilegateProperties.Metadata(allowPrivateUrls, java.time.Duration.ofHours(24), DataSize.ofMegabytes(1)),
				clientTls());
	}

	public int requests() {
		return this.server.requests();
	}

	public void serve(String xml) {
		this.answer = new Answer(200, Map.of("Content-Type", "application/samlmetadata+xml"),
				xml.getBytes(StandardCharsets.UTF_8), false);
	}

	public void answer(int status, Map<String, String> headers, byte[] body, boolean chunked) {
		this.answer = new Answer(status, headers, body, chunked);
	}

	@Override
	public void close() {
		this.server.close();
	}

	private record Answer(int status, Map<String, String> headers, byte[] body, boolean chunked) {
	}

}
