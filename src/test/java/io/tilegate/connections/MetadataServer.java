package io.tilegate.connections;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tilegate.config.TilegateProperties;
import io.tilegate.demo.IdpSigningKey;

import org.springframework.util.unit.DataSize;

/**
 * A real HTTPS server on localhost with a certificate made for the test, standing in for an
 * IdP's metadata URL: it answers every path with whatever the test set last, and counts the
 * requests, so a test can show that a refused URL was never fetched.
 */
public final class MetadataServer implements AutoCloseable {

	private final HttpsServer server;

	private final SSLContext clientTls;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Answer answer = new Answer(404, Map.of(), new byte[0], false);

	private MetadataServer(HttpsServer server, SSLContext clientTls) {
		this.server = server;
		this.clientTls = clientTls;
	}

	public static MetadataServer start() {
		try {
			IdpSigningKey key = IdpSigningKey.generate("localhost");
			char[] password = "test".toCharArray();
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("server", key.privateKey(), password, new Certificate[] { key.certificate() });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, password);
			SSLContext serverTls = SSLContext.getInstance("TLS");
			serverTls.init(keys.getKeyManagers(), null, null);
			KeyStore trusted = KeyStore.getInstance("PKCS12");
			trusted.load(null, null);
			trusted.setCertificateEntry("server", key.certificate());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext clientTls = SSLContext.getInstance("TLS");
			clientTls.init(null, trust.getTrustManagers(), null);
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
			MetadataServer metadata = new MetadataServer(server, clientTls);
			server.createContext("/", (exchange) -> {
				metadata.requests.incrementAndGet();
				Answer answer = metadata.answer;
				answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				exchange.sendResponseHeaders(answer.status(),
						answer.chunked() ? 0 : (answer.body().length == 0 ? -1 : answer.body().length));
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer.body());
				}
				catch (IOException ex) {
					// The client stopped reading, as a capped fetch does.
				}
			});
			server.start();
			return metadata;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where the server answers, by host name as an admin would give it. */
	public String url(String path) {
		return "https://localhost:" + this.server.getAddress().getPort() + path;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	SSLContext clientTls() {
		return this.clientTls;
	}

	/** A fetcher that trusts this server, with or without private addresses allowed. */
	public IdpMetadataFetcher fetcher(boolean allowPrivateUrls) {
		return new IdpMetadataFetcher(
				new TilegateProperties.Metadata(allowPrivateUrls, java.time.Duration.ofHours(24), DataSize.ofMegabytes(1)),
				this.clientTls);
	}

	public int requests() {
		return this.requests.get();
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
		this.server.stop(0);
	}

	private record Answer(int status, Map<String, String> headers, byte[] body, boolean chunked) {
	}

}
