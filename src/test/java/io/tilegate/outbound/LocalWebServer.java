package io.tilegate.outbound;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real web server on 127.0.0.1 for tests of outbound fetches: plain HTTP, or HTTPS with a
 * certificate made for the test (valid for {@code localhost} and {@link #PUBLIC_NAME}), which
 * only {@link #clientTls()} trusts. Each path answers as the test says; every request is
 * counted, and so is every body byte the server managed to hand to the network, so that a test
 * can show a refused URL was never fetched and a capped body stopped being read.
 */
public final class LocalWebServer implements AutoCloseable {

	/**
	 * A name the tests' own DNS ({@link #lookup()}) points at this server, standing in for a
	 * public image host; the certificate is valid for it.
	 */
	public static final String PUBLIC_NAME = "photos.example.test";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpServer server;

	private final SSLContext clientTls;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "local-web-server");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger requests = new AtomicInteger();

	private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();

	private final AtomicLong bytesSent = new AtomicLong();

	private final Map<String, Route> routes = new ConcurrentHashMap<>();

	/** How a path answers. */
	@FunctionalInterface
	public interface Route {

		void answer(HttpExchange exchange) throws IOException;

	}

	private LocalWebServer(HttpServer server, SSLContext clientTls) {
		this.server = server;
		this.clientTls = clientTls;
		server.setExecutor(this.threads);
		server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			String path = exchange.getRequestURI().getPath();
			this.requestsByPath.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
			Route route = this.routes.getOrDefault(path, this.routes.get("*"));
			try {
				if (route == null) {
					exchange.sendResponseHeaders(404, -1);
				}
				else {
					route.answer(exchange);
				}
			}
			catch (IOException ex) {
				// The client stopped reading, as a capped or timed-out fetch does.
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	public static LocalWebServer https() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, RANDOM);
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=localhost");
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.dNSName, PUBLIC_NAME) }));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
			char[] password = "test".toCharArray();
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("server", pair.getPrivate(), password, new Certificate[] { certificate });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, password);
			SSLContext serverTls = SSLContext.getInstance("TLS");
			serverTls.init(keys.getKeyManagers(), null, null);
			KeyStore trusted = KeyStore.getInstance("PKCS12");
			trusted.load(null, null);
			trusted.setCertificateEntry("server", certificate);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext clientTls = SSLContext.getInstance("TLS");
			clientTls.init(null, trust.getTrustManagers(), null);
			HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
			return new LocalWebServer(server, clientTls);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static LocalWebServer http() {
		try {
			return new LocalWebServer(HttpServer.create(new InetSocketAddress(loopback(), 0), 0), null);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** 127.0.0.1, where the server listens. */
	public static InetAddress loopback() {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The tests' DNS: {@link #PUBLIC_NAME} is this machine's 127.0.0.1, every other name the system's. */
	public static HostLookup lookup() {
		return (host) -> host.equalsIgnoreCase(PUBLIC_NAME) ? new InetAddress[] { loopback() }
				: HostLookup.SYSTEM.lookup(host);
	}

	/**
	 * The production check of addresses, except that 127.0.0.1 plays a public server: for tests
	 * about something else than the address check (redirects, caps, timeouts), over HTTPS.
	 */
	public static boolean internalButTheServer(InetAddress address) {
		return InternalAddresses.isInternal(address) && !address.equals(loopback());
	}

	/**
	 * A guarded fetch as production makes it, except that this server, at 127.0.0.1, plays the
	 * public host {@link #PUBLIC_NAME}, and its certificate is trusted: every other internal
	 * address is refused as in production.
	 */
	public OutboundFetch fetchPlayingPublic(FetchPurpose purpose, OutboundRules rules) {
		try {
			return new OutboundFetch(purpose, rules, (this.clientTls != null) ? this.clientTls : SSLContext.getDefault(),
					lookup(), LocalWebServer::internalButTheServer);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where a path is, by the given host name (e.g. {@code localhost} or {@link #PUBLIC_NAME}). */
	public String url(String host, String path) {
		return ((this.clientTls != null) ? "https" : "http") + "://" + host + ":" + port() + path;
	}

	/** Where a path is, as 127.0.0.1. */
	public String url(String path) {
		return url("127.0.0.1", path);
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** Trusts this server's certificate and nothing else; {@code null} for plain HTTP. */
	public SSLContext clientTls() {
		return this.clientTls;
	}

	/** Answers {@code path} (or every path, for {@code *}) this way from now on. */
	public LocalWebServer route(String path, Route route) {
		this.routes.put(path, route);
		return this;
	}

	/** Answers {@code path} with these bytes. */
	public LocalWebServer serve(String path, String contentType, byte[] body) {
		return route(path, (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", contentType);
			send(exchange, 200, body);
		});
	}

	/** Answers {@code path} with a redirect. */
	public LocalWebServer redirect(String path, int status, String location) {
		return route(path, (exchange) -> {
			exchange.getResponseHeaders().add("Location", location);
			exchange.sendResponseHeaders(status, -1);
		});
	}

	/** Sends a status and body, counting the bytes that got out. */
	public void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			write(out, body);
		}
	}

	/** Writes body bytes in pieces, counting each piece once it got out. */
	public void write(OutputStream out, byte[] bytes) throws IOException {
		for (int offset = 0; offset < bytes.length; offset += 16384) {
			int length = Math.min(16384, bytes.length - offset);
			out.write(bytes, offset, length);
			this.bytesSent.addAndGet(length);
		}
	}

	/** Forgets the routes and counts of the test before. */
	public void reset() {
		this.routes.clear();
		this.requests.set(0);
		this.requestsByPath.clear();
		this.bytesSent.set(0);
	}

	public int requests() {
		return this.requests.get();
	}

	public int requests(String path) {
		AtomicInteger count = this.requestsByPath.get(path);
		return (count != null) ? count.get() : 0;
	}

	public long bytesSent() {
		return this.bytesSent.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
