package io.tilegate.webhooks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.tilegate.TilegateApplication;
import io.tilegate.api.AdminHttp;
import io.tilegate.config.ClusterJobs;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.webhooks.WebhookReceiver.Received;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One endpoint, two nodes on one PostgreSQL, changes made on both at once: every event reaches
 * the receiver, both nodes sent some of them (each delivery row names the node that sent it), and
 * never two of the endpoint's deliveries are in flight at the same time, since its sender runs on
 * one node at a time. The receiver holds each request a while, so that an
 * overlap, if there were one, would be seen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksOnTwoNodesTests {

	private static final String CONNECTION = "cluster";

	private static final String ADMIN_PASSWORD = "cluster-Admin-Pa55word";

	private static final int USERS_PER_NODE = 40;

	private static final int ROUNDS = 5;

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private EmbeddedPostgres postgres;

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeAll
	void startTwoNodes() throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		this.a = start();
		this.b = start();
		this.a.getBean(Connections.class)
			.save(CONNECTION, ConnectionSettings.metadataOnly(SamlIdentityProvider
				.create("https://idp.cluster.test/metadata", "https://idp.cluster.test/sso", "https://idp.cluster.test/slo")
				.metadataXml(false)), ConnectionOrigin.API, "test");
	}

	@AfterAll
	void stopEverything() throws IOException {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		this.postgres.close();
	}

	@Test
	void changesOnBothNodesAreAllDeliveredOneAtATime() throws Exception {
		try (WebhookReceiver receiver = WebhookReceiver.holdingEach(Duration.ofMillis(50))) {
			AdminHttp admin = new AdminHttp(port(this.a)).basic("admin", ADMIN_PASSWORD);
			JsonHttpResponse endpoint = admin.post("/api/v1/webhooks",
					"{\"url\":\"" + receiver.url() + "\",\"events\":[\"user.created\"],\"description\":\"two nodes\"}");
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
			receiver.expectSignaturesOf(List.of(endpoint.json().path("secret").asText()));
			JsonHttpResponse token = admin.post("/api/v1/connections/" + CONNECTION + "/scim-tokens",
					"{\"label\":\"two nodes\"}");
			assertThat(token.status()).as(token.body()).isEqualTo(201);

			// Each node queues the endpoint's task after its own commits, and either node's poller may
			// pick it: which node sends is chance, and two pollers of the same interval keep the
			// same phase, so one node can win every race. Rounds of changes on both go on until
			// both have sent; from the second round on, a node that alone has sent so far stops
			// polling for that round, so that the other must take the task from the database.
			Set<String> created = new HashSet<>();
			Set<String> senders = new HashSet<>();
			List<Received> received = List.of();
			for (int round = 1; round <= ROUNDS && senders.size() < 2; round++) {
				Scheduler paused = (round > 1 && senders.size() == 1) ? schedulerOf(senders.iterator().next()) : null;
				if (paused != null) {
					paused.pause();
				}
				try {
					CyclicBarrier bothReady = new CyclicBarrier(2);
					List<CompletableFuture<List<String>>> bursts = new ArrayList<>();
					for (ConfigurableApplicationContext node : List.of(this.a, this.b)) {
						ScimHttp scim = new ScimHttp(port(node), token.json().path("token").asText());
						String prefix = ((node == this.a) ? "on-a-" : "on-b-") + round + "-";
						bursts.add(CompletableFuture.supplyAsync(() -> createUsers(scim, prefix, bothReady)));
					}
					for (CompletableFuture<List<String>> burst : bursts) {
						created.addAll(burst.get());
					}
					received = awaitDeliveredFor(receiver, created);
				}
				finally {
					if (paused != null) {
						paused.resume();
					}
				}
				senders.addAll(this.a.getBean(JdbcTemplate.class)
					.queryForList("select distinct last_sent_by from webhook_delivery where last_sent_by is not null",
							String.class));
			}

			assertThat(senders).as("the nodes that sent deliveries")
				.containsExactlyInAnyOrder(this.a.getBean(ClusterJobs.class).node(),
						this.b.getBean(ClusterJobs.class).node());
			assertThat(received).allSatisfy((r) -> assertThat(r.verified()).as(r.id()).isTrue());
			assertThat(receiver.mostInFlight()).as("deliveries to the endpoint in flight at once").isOne();
			assertThat(receiver.mostInFlightWithOneId()).as("deliveries of one event in flight at once").isOne();
		}
	}

	private static List<String> createUsers(ScimHttp scim, String prefix, CyclicBarrier bothReady) {
		try {
			bothReady.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		List<String> userNames = new ArrayList<>();
		for (int n = 1; n <= USERS_PER_NODE; n++) {
			String userName = prefix + n + "@example.com";
			JsonHttpResponse created = scim.post("/Users", """
					{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}"""
				.formatted(userName));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			userNames.add(userName);
		}
		return userNames;
	}

	private static List<Received> awaitDeliveredFor(WebhookReceiver receiver, Set<String> userNames)
			throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		Set<String> delivered = new HashSet<>();
		while (System.nanoTime() < deadline) {
			List<Received> now = receiver.received();
			delivered.clear();
			now.forEach((r) -> delivered.add(r.json().path("data").path("user").path("userName").asText()));
			if (delivered.containsAll(userNames)) {
				return now;
			}
			Thread.sleep(100);
		}
		Set<String> missing = new HashSet<>(userNames);
		missing.removeAll(delivered);
		throw new AssertionError(missing.size() + " of " + userNames.size() + " users had no user.created within "
				+ PATIENCE + ", e.g. " + missing.stream().limit(5).toList());
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TilegateApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--tilegate.admin-password=" + ADMIN_PASSWORD,
				"--tilegate.webhooks.allow-private-urls=true",
				"--tilegate.webhooks.encryption-key=" + WebhookDeliveryTests.KEY,
				"--tilegate.scim.requests-per-second=1000000", "--tilegate.scim.burst=1000000",
				"--db-scheduler.polling-interval=200ms", "--spring.main.banner-mode=off");
	}

	private Scheduler schedulerOf(String node) {
		return ((this.a.getBean(ClusterJobs.class).node().equals(node)) ? this.a : this.b).getBean(Scheduler.class);
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

}
