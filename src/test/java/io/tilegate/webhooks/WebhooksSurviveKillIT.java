package io.tilegate.webhooks;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tilegate.api.AdminHttp;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.TilegateProcess;
import io.tilegate.webhooks.WebhookReceiver.Received;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox holds across a crash: a forked Tilegate on its default embedded H2 file is killed
 * with SIGKILL in the middle of a burst of SCIM creates, while it is sending their
 * {@code user.created} events to a receiver in this test; after a restart, every user the
 * server lists has had its event delivered, signed, and no event names a user that is not
 * there. The receiver holds each request {@value #HOLD_MILLIS} ms, so that the sender falls
 * behind the creates: at the kill, committed events wait in the outbox and one is in flight.
 * The same event may arrive twice (delivery is at least once); the count is printed.
 */
class WebhooksSurviveKillIT {

	private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

	/** Committed events not yet received when the server is killed. */
	private static final int BACKLOG_AT_KILL = 50;

	private static final int HOLD_MILLIS = 100;

	private static final Duration PATIENCE = Duration.ofMinutes(5);

	private static final String PASSWORD = "kill-test-admin-password";

	private static final String CONNECTION = "okta";

	@Test
	void everyCommittedUserIsDeliveredAfterKillAndRestart() throws Exception {
		Path workDir = Path.of("target", "kill-test", "webhooks").toAbsolutePath();
		FileSystemUtils.deleteRecursively(workDir);
		Files.createDirectories(workDir.resolve("idp-metadata"));
		Files.writeString(workDir.resolve("idp-metadata").resolve(CONNECTION + ".xml"),
				SamlIdentityProvider.create("https://idp.okta.test/metadata", "https://idp.okta.test/sso",
						"https://idp.okta.test/slo")
					.metadataXml(false));
		List<String> arguments = List.of("--tilegate.scim.requests-per-second=1000000", "--tilegate.scim.burst=1000000",
				"--tilegate.webhooks.allow-private-urls=true",
				"--tilegate.webhooks.encryption-key=" + WebhookDeliveryTests.KEY,
				// The killed node's delivery run is revived after its missed heartbeats: 12 s here
				// instead of the default 3 minutes, which would only make the test wait longer.
				"--db-scheduler.heartbeat-interval=2s");
		Map<String, String> environment = Map.of("TILEGATE_ADMIN_PASSWORD", PASSWORD);

		try (WebhookReceiver receiver = WebhookReceiver.holdingEach(Duration.ofMillis(HOLD_MILLIS))) {
			String token;
			int acknowledged;
			try (TilegateProcess first = TilegateProcess.start(workDir, "first.log", environment, arguments)) {
				AdminHttp admin = new AdminHttp(first.port()).basic("admin", PASSWORD);
				JsonHttpResponse endpoint = admin.post("/api/v1/webhooks",
						"{\"url\":\"" + receiver.url() + "\",\"events\":[\"user.created\"],\"description\":\"kill test\"}");
				assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
				receiver.expectSignaturesOf(List.of(endpoint.json().path("secret").asText()));
				JsonHttpResponse issued = admin.post("/api/v1/connections/" + CONNECTION + "/scim-tokens",
						"{\"label\":\"kill test\"}");
				assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
				token = issued.json().path("token").asText();
				acknowledged = createUntilKilled(first, new ScimHttp(first.port(), token), receiver);
			}
			int receivedAtKill = receiver.received().size();

			try (TilegateProcess second = TilegateProcess.start(workDir, "second.log", environment, arguments)) {
				Set<String> stored = new HashSet<>(new ScimHttp(second.port(), token).userNames());
				assertThat(stored).as("users listed after restart").hasSizeGreaterThanOrEqualTo(acknowledged);
				List<Received> received = awaitCreatedFor(receiver, stored, second);

				Map<String, Integer> timesById = new HashMap<>();
				Set<String> delivered = new HashSet<>();
				for (Received r : received) {
					assertThat(r.verified()).as("signature of %s", r.id()).isTrue();
					assertThat(r.type()).isEqualTo("user.created");
					timesById.merge(r.id(), 1, Integer::sum);
					delivered.add(userName(r));
				}
				Set<String> phantom = new HashSet<>(delivered);
				phantom.removeAll(stored);
				assertThat(phantom).as("user.created delivered for users that do not exist").isEmpty();
				assertThat(delivered).as("users delivered").isEqualTo(stored);
				int duplicates = timesById.values().stream().mapToInt((times) -> times - 1).sum();
				System.out.printf("[webhooks kill test] %d creates answered before the kill, %d deliveries received "
						+ "by then; %d users after restart, all delivered; %d of %d deliveries were duplicates%n",
						acknowledged, receivedAtKill, stored.size(), duplicates, received.size());
			}
		}
	}

	/**
	 * Creates users from one client, and kills the server once enough were answered, some
	 * delivered and more waiting to be.
	 */
	private static int createUntilKilled(TilegateProcess server, ScimHttp scim, WebhookReceiver receiver)
			throws Exception {
		AtomicInteger answered = new AtomicInteger();
		ExecutorService client = Executors.newSingleThreadExecutor();
		try {
			Future<?> burst = client.submit(() -> {
				for (int n = 1; !Thread.currentThread().isInterrupted(); n++) {
					String userName = "hooked-" + n + "@example.com";
					JsonHttpResponse created;
					try {
						created = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
								+ "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"Kill\",\"familyName\":\"Test\"},"
								+ "\"emails\":[{\"value\":\"" + userName + "\",\"primary\":true}],\"active\":true}");
					}
					catch (UncheckedIOException | IllegalStateException ex) {
						return null;
					}
					if (created.status() != 201) {
						throw new AssertionError("Create answered " + created);
					}
					answered.incrementAndGet();
				}
				return null;
			});
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (!readyToKill(answered.get(), receiver.received().size()) && System.nanoTime() < deadline) {
				if (burst.isDone()) {
					burst.get();
				}
				Thread.sleep(5);
			}
			assertThat(readyToKill(answered.get(), receiver.received().size()))
				.as("%d creates answered and %d delivered before the deadline", answered.get(), receiver.received().size())
				.isTrue();
			server.kill();
			burst.get(2, TimeUnit.MINUTES);
			return answered.get();
		}
		finally {
			client.shutdownNow();
		}
	}

	private static boolean readyToKill(int answered, int received) {
		return answered >= ACKNOWLEDGED_BEFORE_KILL && received > 0 && answered - received >= BACKLOG_AT_KILL;
	}

	private static List<Received> awaitCreatedFor(WebhookReceiver receiver, Set<String> users, TilegateProcess server)
			throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (System.nanoTime() < deadline) {
			List<Received> now = receiver.received();
			Set<String> delivered = new HashSet<>();
			now.forEach((r) -> delivered.add(userName(r)));
			if (delivered.containsAll(users)) {
				return now;
			}
			Thread.sleep(200);
		}
		Set<String> missing = new HashSet<>(users);
		receiver.received().forEach((r) -> missing.remove(userName(r)));
		throw new AssertionError(missing.size() + " of " + users.size() + " users had no user.created within " + PATIENCE
				+ ", e.g. " + missing.stream().limit(5).toList() + "\n" + server.output());
	}

	private static String userName(Received received) {
		return received.json().path("data").path("user").path("userName").asText();
	}

}
