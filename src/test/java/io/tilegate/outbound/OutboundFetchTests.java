package io.tilegate.outbound;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tilegate.outbound.OutboundFetchException.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.tilegate.outbound.LocalWebServer.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The guarded fetch against a real HTTPS server on 127.0.0.1 with a certificate made for the
 * test. Where a test is about the address check, the production check refuses that server like
 * any loopback address; where it is about something else (redirects, caps, timeouts), the
 * server plays a public host named {@value LocalWebServer#PUBLIC_NAME}. No test connects
 * anywhere but 127.0.0.1: a refused address is refused before any socket is made.
 */
class OutboundFetchTests {

	private static final FetchPurpose PURPOSE = new FetchPurpose("photo URL", "image", "image/*",
			"upload the image instead", "set tilegate.images.allow-private-urls=true in a test set-up",
			"Tilegate takes images up to 5 MB.");

	private static final long FIVE_MB = 5L * 1024 * 1024;

	private static final OutboundRules RULES = new OutboundRules(false, false, FIVE_MB, Duration.ofSeconds(2),
			Duration.ofSeconds(5), Duration.ofSeconds(10), 3);

	private static LocalWebServer server;

	private final List<String> lookups = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() {
		server = LocalWebServer.https();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void servePhoto() {
		server.reset();
		server.serve("/photo.png", "image/png", "not really a png".getBytes(StandardCharsets.UTF_8));
	}

	// ---- what is fetched

	@Test
	void fetchesOverHttpsCheckingTheCertificateAgainstTheHostName() {
		FetchedBody body = publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/photo.png"));

		assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("not really a png");
		assertThat(body.contentType()).isEqualTo("image/png");
		assertThat(body.url()).hasHost(PUBLIC_NAME);
	}

	@Test
	void certificateForAnotherNameIsRefused() {
		// The server's certificate names localhost and photos.example.test, not this name.
		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url("other.example.test", "/photo.png")));

		assertThat(refused.getMessage()).startsWith("The TLS connection to other.example.test failed");
		assertThat(server.requests("/photo.png")).isZero();
	}

	// ---- what is refused before any connection

	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1:%d/photo.png", "https://localhost:%d/photo.png",
			"https://[::ffff:127.0.0.1]:%d/photo.png" })
	void loopbackIsRefusedWithoutReachingTheServer(String url) {
		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> productionFetch(RULES).fetch(url.formatted(server.port())));

		assertThat(refused.failure()).isEqualTo(Failure.REFUSED);
		assertThat(refused.retryable()).isFalse();
		assertThat(refused.getMessage()).contains("resolves to 127.0.0.1, a private, loopback or link-local address")
			.contains("Tilegate fetches only from public addresses")
			.contains("Upload the image instead, or set tilegate.images.allow-private-urls=true in a test set-up");
		assertThat(server.requests()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://10.0.0.1/photo.png|10.0.0.1",
			"https://169.254.169.254/latest/meta-data/|169.254.169.254",
			"https://[::ffff:169.254.169.254]/latest/meta-data/|169.254.169.254",
			"https://[fd00:ec2::254]/|fd00:ec2:0:0:0:0:0:254", "https://[fe80::1]/|fe80:0:0:0:0:0:0:1",
			"https://100.64.0.1/|100.64.0.1", "https://0.0.0.0/|0.0.0.0",
			"https://intranet.example.test/photo.png|10.20.30.40" })
	void internalAddressesAreRefusedBeforeAnyConnection(String urlAndAddress) {
		String url = urlAndAddress.substring(0, urlAndAddress.indexOf('|'));
		String address = urlAndAddress.substring(urlAndAddress.indexOf('|') + 1);

		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> productionFetch(RULES).fetch(url));

		assertThat(refused.failure()).isEqualTo(Failure.REFUSED);
		assertThat(refused.getMessage()).contains("resolves to " + address + ", a private, loopback or link-local");
		// Each host was looked up once, by the connection's own resolver, which refused it.
		assertThat(this.lookups).hasSize(1);
	}

	@Test
	void aNameWithOnePrivateAddressAmongPublicOnesIsRefused() {
		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url("mixed.example.test", "/photo.png")));

		assertThat(refused.getMessage()).contains("mixed.example.test resolves to 10.9.8.7");
		assertThat(server.requests()).isZero();
	}

	@Test
	void plainHttpIsRefusedUnlessAllowed() {
		try (LocalWebServer plain = LocalWebServer.http()) {
			plain.serve("/photo.png", "image/png", new byte[] { 1, 2, 3 });

			assertThatExceptionOfType(OutboundFetchException.class)
				.isThrownBy(() -> publicServerFetch(RULES).fetch(plain.url(PUBLIC_NAME, "/photo.png")))
				.withMessageContaining("must start with https://");
			assertThat(plain.requests()).isZero();

			OutboundRules testSetUp = new OutboundRules(true, true, FIVE_MB, Duration.ofSeconds(2),
					Duration.ofSeconds(5), Duration.ofSeconds(10), 3);
			assertThat(productionFetch(testSetUp).fetch(plain.url("/photo.png")).bytes()).containsExactly(1, 2, 3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "file:///etc/passwd", "ftp://photos.example.test/a.png", "https:///a.png",
			"https://admin:secret@photos.example.test/a.png", "javascript:alert(1)", "https://exa mple.test/" })
	void whatIsNotAnHttpsUrlIsRefused(String url) {
		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(url));

		assertThat(refused.failure()).isEqualTo(Failure.REFUSED);
		assertThat(refused.getMessage()).startsWith("The photo URL").doesNotContain("secret");
		assertThat(this.lookups).isEmpty();
	}

	@Test
	void messagesShowUrlsWithoutTheirQueryOrCredentials() {
		server.redirect("/signed.png", 302, "https://169.254.169.254/latest/meta-data/?token=s3cr3t-redirect");

		OutboundFetchException missing = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/missing.png?sig=s3cr3t-query")));
		OutboundFetchException redirected = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/signed.png?sig=s3cr3t-query")));

		// The event log keeps these messages; a signed photo URL's signature is a credential.
		assertThat(missing.getMessage()).contains("/missing.png?… answered 404").doesNotContain("s3cr3t");
		assertThat(redirected.getMessage()).contains("redirected to https://169.254.169.254/latest/meta-data/?…")
			.doesNotContain("s3cr3t");
	}

	// ---- DNS rebinding: one lookup per connection, and the connection goes where it said

	@Test
	void theConnectionGoesToTheAddressesThatWereChecked() {
		// A rebinding DNS: the server's address first, a refused one for anyone who asks again.
		List<InetAddress> answers = new CopyOnWriteArrayList<>(
				List.of(LocalWebServer.loopback(), address("127.0.0.2"), address("127.0.0.2")));
		HostLookup rebinding = (host) -> new InetAddress[] { answers.remove(0) };
		OutboundFetch fetch = new OutboundFetch(PURPOSE, RULES, server.clientTls(), rebinding,
				LocalWebServer::internalButTheServer);

		FetchedBody body = fetch.fetch(server.url(PUBLIC_NAME, "/photo.png"));

		assertThat(body.bytes()).isNotEmpty();
		assertThat(answers).hasSize(2);
		assertThat(server.requests("/photo.png")).isEqualTo(1);
	}

	@Test
	void aRebindingAnswerIsRefusedWhenTheConnectionAsks() {
		List<InetAddress> answers = new CopyOnWriteArrayList<>(List.of(address("127.0.0.2"), LocalWebServer.loopback()));
		HostLookup rebinding = (host) -> new InetAddress[] { answers.remove(0) };
		OutboundFetch fetch = new OutboundFetch(PURPOSE, RULES, server.clientTls(), rebinding,
				LocalWebServer::internalButTheServer);

		assertThatExceptionOfType(OutboundFetchException.class)
			.isThrownBy(() -> fetch.fetch(server.url(PUBLIC_NAME, "/photo.png")))
			.withMessageContaining("resolves to 127.0.0.2");
		assertThat(answers).hasSize(1);
		assertThat(server.requests()).isZero();
	}

	@Test
	void aSocketConnectedToARefusedAddressNeverStartsTls() throws Exception {
		CheckedTlsStrategy tls = new CheckedTlsStrategy(server.clientTls(), InternalAddresses::isInternal);
		try (Socket socket = new Socket(LocalWebServer.loopback(), server.port())) {
			assertThatExceptionOfType(RefusedAddressException.class)
				.isThrownBy(() -> tls.upgrade(socket, "localhost", server.port(), null, null))
				.withMessage("localhost resolves to 127.0.0.1");
			assertThat(socket.isClosed()).isTrue();
		}
	}

	// ---- redirects: followed by hand, each target checked

	@ParameterizedTest
	@ValueSource(strings = { "https://169.254.169.254/latest/meta-data/|169.254.169.254",
			"https://10.0.0.1/photo.png|10.0.0.1", "https://127.0.0.2:%d/photo.png|127.0.0.2",
			"https://intranet.example.test/photo.png|10.20.30.40" })
	void aRedirectToAnInternalAddressIsRefusedWithoutConnecting(String targetAndAddress) {
		String target = targetAndAddress.substring(0, targetAndAddress.indexOf('|')).formatted(server.port());
		String address = targetAndAddress.substring(targetAndAddress.indexOf('|') + 1);
		server.redirect("/moved", 302, target);
		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/moved")));

		assertThat(refused.failure()).isEqualTo(Failure.REFUSED);
		assertThat(refused.getMessage()).contains("redirected to " + target)
			.contains("resolves to " + address + ", a private, loopback or link-local address");
		assertThat(server.requests("/moved")).isEqualTo(1);
		assertThat(server.requests("/photo.png")).isZero();
		assertThat(server.requests("/latest/meta-data/")).isZero();
	}

	@Test
	void aRedirectToPlainHttpIsRefused() {
		server.redirect("/moved", 301, "http://" + PUBLIC_NAME + ":" + server.port() + "/photo.png");

		assertThatExceptionOfType(OutboundFetchException.class)
			.isThrownBy(() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/moved")))
			.withMessageContaining("which does not start with https://");
		assertThat(server.requests("/photo.png")).isZero();
	}

	@Test
	void aRedirectToAPublicHttpsAddressIsFollowed() {
		server.redirect("/moved", 302, "/photo.png");

		FetchedBody body = publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/moved"));

		assertThat(body.url().getPath()).isEqualTo("/photo.png");
		assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("not really a png");
	}

	@Test
	void redirectsAreFollowedAFewTimesOnly() {
		server.redirect("/loop", 307, "/loop");

		assertThatExceptionOfType(OutboundFetchException.class)
			.isThrownBy(() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/loop")))
			.withMessageContaining("redirected more than 3 times");
		assertThat(server.requests("/loop")).isEqualTo(4);
	}

	@Test
	void withoutRedirectsTheRedirectIsNamed() {
		server.redirect("/moved", 302, "https://login.example.net/photo.png");
		OutboundRules none = new OutboundRules(false, false, FIVE_MB, Duration.ofSeconds(2), Duration.ofSeconds(5),
				Duration.ofSeconds(10), 0);

		assertThatExceptionOfType(OutboundFetchException.class)
			.isThrownBy(() -> publicServerFetch(none).fetch(server.url(PUBLIC_NAME, "/moved")))
			.withMessageContaining("answered with a redirect (302) to https://login.example.net/photo.png")
			.withMessageContaining("does not follow redirects");
	}

	// ---- the size cap

	@Test
	void exactlyTheCapIsRead() {
		server.serve("/five-mb", "image/png", new byte[(int) FIVE_MB]);

		assertThat(publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/five-mb")).bytes()).hasSize((int) FIVE_MB);
	}

	@Test
	void aBodyOverTheCapStopsBeingRead() {
		byte[] megabyte = new byte[1024 * 1024];
		// A hundred megabytes, chunked: no length to refuse it by, so only reading can tell.
		server.route("/endless", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "image/png");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 100; i++) {
					server.write(out, megabyte);
				}
			}
		});
		long before = server.bytesSent();

		OutboundFetchException refused = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/endless")));

		assertThat(refused.failure()).isEqualTo(Failure.TOO_LARGE);
		assertThat(refused.retryable()).isFalse();
		assertThat(refused.getMessage()).contains("is larger than 5242880 bytes");
		// What the server got out: the cap, plus what the sockets' buffers took before the close.
		awaitServerDone();
		// (about 7 MB on loopback, of the 100 MB the server had to give).
		assertThat(server.bytesSent() - before).isLessThan(16L * 1024 * 1024);
	}

	@Test
	void aDeclaredLengthOverTheCapIsRefusedWithoutReading() {
		server.serve("/big", "image/png", new byte[(int) FIVE_MB + 1]);

		assertThatExceptionOfType(OutboundFetchException.class)
			.isThrownBy(() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/big")))
			.withMessageContaining("is larger than 5242880 bytes");
	}

	// ---- answers and time

	@Test
	void aServerErrorMayBeRetriedAndANotFoundMayNot() {
		server.route("/busy", (exchange) -> server.send(exchange, 503, new byte[0]));

		OutboundFetchException busy = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/busy")));
		OutboundFetchException missing = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(RULES).fetch(server.url(PUBLIC_NAME, "/missing")));

		assertThat(busy.getMessage()).contains("answered 503 instead of the image");
		assertThat(busy.retryable()).isTrue();
		assertThat(missing.getMessage()).contains("answered 404 instead of the image");
		assertThat(missing.retryable()).isFalse();
	}

	@Test
	void aSilentServerTimesOut() {
		server.route("/silent", (exchange) -> pause(Duration.ofSeconds(5)));
		OutboundRules quick = new OutboundRules(false, false, FIVE_MB, Duration.ofSeconds(2), Duration.ofMillis(500),
				Duration.ofSeconds(10), 3);

		OutboundFetchException timedOut = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(quick).fetch(server.url(PUBLIC_NAME, "/silent")));

		assertThat(timedOut.getMessage()).contains("stopped answering for 500 ms");
		assertThat(timedOut.retryable()).isTrue();
	}

	@Test
	void aDripOfBytesEndsAtTheTotalTimeout() {
		// A byte every 200 ms never trips the read timeout; only the deadline ends it.
		server.route("/drip", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 100; i++) {
					out.write('x');
					out.flush();
					pause(Duration.ofMillis(200));
				}
			}
		});
		OutboundRules deadline = new OutboundRules(false, false, FIVE_MB, Duration.ofSeconds(2), Duration.ofSeconds(1),
				Duration.ofSeconds(2), 3);
		long started = System.nanoTime();

		OutboundFetchException timedOut = catchThrowableOfType(OutboundFetchException.class,
				() -> publicServerFetch(deadline).fetch(server.url(PUBLIC_NAME, "/drip")));

		assertThat(timedOut.getMessage()).contains("did not answer within 2 seconds");
		// Generous: the drip lasts 20 s.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	// ---- the fetches the tests use

	/** The production address check, with a DNS that also knows the tests' names. */
	private OutboundFetch productionFetch(OutboundRules rules) {
		return new OutboundFetch(PURPOSE, rules, server.clientTls(), recording(testNames()), InternalAddresses::isInternal);
	}

	/** The server at 127.0.0.1 plays the public host {@value LocalWebServer#PUBLIC_NAME}. */
	private OutboundFetch publicServerFetch(OutboundRules rules) {
		return new OutboundFetch(PURPOSE, rules, server.clientTls(), recording(testNames()),
				LocalWebServer::internalButTheServer);
	}

	private static HostLookup testNames() {
		return (host) -> switch (host) {
			case "intranet.example.test" -> new InetAddress[] { address("10.20.30.40") };
			case "mixed.example.test" -> new InetAddress[] { LocalWebServer.loopback(), address("10.9.8.7") };
			case "other.example.test" -> new InetAddress[] { LocalWebServer.loopback() };
			default -> LocalWebServer.lookup().lookup(host);
		};
	}

	private HostLookup recording(HostLookup lookup) {
		return (host) -> {
			this.lookups.add(host);
			return lookup.lookup(host);
		};
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitServerDone() {
		long last = -1;
		for (int i = 0; i < 50 && server.bytesSent() != last; i++) {
			last = server.bytesSent();
			pause(Duration.ofMillis(100));
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
