package io.tilegate.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a free port of 127.0.0.1 that checks every request the way a Standard
 * Webhooks library does: for each {@code v1,} signature in {@code webhook-signature}, the
 * base64 HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body} keyed with the bytes of the
 * secret after {@code whsec_}. It answers with the statuses it is given, then 200.
 *
 * <p>Made {@linkplain #holdingEach(Duration) holding each request} a while, it serves requests
 * in parallel and counts how many were in flight at once, in all and with one {@code webhook-id}:
 * a sender that overlaps its requests shows up there.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpServer server;

	private final List<Received> received = new ArrayList<>();

	private final Deque<Integer> statuses = new ArrayDeque<>();

	private volatile List<String> secrets = List.of();

	private final Duration hold;

	private final ExecutorService handlers;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private final Map<String, AtomicInteger> inFlightById = new ConcurrentHashMap<>();

	private final AtomicInteger mostInFlightWithOneId = new AtomicInteger();

	WebhookReceiver() {
		this(Duration.ZERO);
	}

	private WebhookReceiver(Duration hold) {
		this.hold = hold;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/hooks", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
			String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
			hold(id);
			int status;
			synchronized (this) {
				Integer next = this.statuses.poll();
				status = (next != null) ? next : 200;
				this.received.add(new Received(id, Long.parseLong(timestamp), signature,
						new String(body, StandardCharsets.UTF_8), verified(this.secrets, id, timestamp, signature, body),
						status));
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		// Parallel handlers only when holding: otherwise one thread, so that received() keeps arrival order.
		this.handlers = this.hold.isZero() ? null : Executors.newCachedThreadPool();
		this.server.setExecutor(this.handlers);
		this.server.start();
	}

	/** A receiver that holds each request for {@code hold} before it answers, serving several at once. */
	static WebhookReceiver holdingEach(Duration hold) {
		return new WebhookReceiver(hold);
	}

	/** The most requests in flight at one moment. */
	int mostInFlight() {
		return this.mostInFlight.get();
	}

	/** The most requests with one {@code webhook-id} in flight at one moment. */
	int mostInFlightWithOneId() {
		return this.mostInFlightWithOneId.get();
	}

	private void hold(String id) {
		if (this.hold.isZero()) {
			return;
		}
		AtomicInteger withId = this.inFlightById.computeIfAbsent(String.valueOf(id), (key) -> new AtomicInteger());
		this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		this.mostInFlightWithOneId.accumulateAndGet(withId.incrementAndGet(), Math::max);
		try {
			Thread.sleep(this.hold.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			withId.decrementAndGet();
			this.inFlight.decrementAndGet();
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** The secrets every request must carry a valid signature of, each. */
	void expectSignaturesOf(List<String> secrets) {
		this.secrets = List.copyOf(secrets);
	}

	synchronized void answer(Integer... statuses) {
		this.statuses.addAll(List.of(statuses));
	}

	synchronized List<Received> received() {
		return List.copyOf(this.received);
	}

	synchronized void reset() {
		this.received.clear();
		this.statuses.clear();
	}

	/** Whether, for every secret, one of the header's signatures is its signature of the message. */
	static boolean verified(List<String> secrets, String id, String timestamp, String header, byte[] body) {
		if (secrets.isEmpty() || id == null || timestamp == null || header == null) {
			return false;
		}
		for (String secret : secrets) {
			byte[] expected = hmac(secret, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
			boolean found = false;
			for (String signature : header.split(" ")) {
				if (signature.startsWith("v1,")
						&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
					found = true;
				}
			}
			if (!found) {
				return false;
			}
		}
		return true;
	}

	private static byte[] hmac(String secret, byte[] prefix, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			mac.update(prefix);
			return mac.doFinal(body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		if (this.handlers != null) {
			this.handlers.shutdownNow();
		}
	}

	record Received(String id, long timestamp, String signature, String body, boolean verified, int status) {

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String type() {
			return json().path("type").asText();
		}

		int signatures() {
			return this.signature.split(" ").length;
		}

	}

}
