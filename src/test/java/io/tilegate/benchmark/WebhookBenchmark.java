package io.tilegate.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpServer;
import io.tilegate.TilegateApplication;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.scim.ScimTokens;
import io.tilegate.webhooks.WebhookEndpoints;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the webhook outbox costs, and how fast one endpoint is fed: SCIM creates from
 * {@value #CLIENTS} clients with no endpoint; with one paused endpoint subscribed to
 * {@code user.created}, so that each create writes its delivery row and nothing is
 * sent (the outbox alone); and with one live endpoint whose receiver (in this JVM, answering 204
 * at once) must have every event before the block counts as done, so the sending is paid for
 * too. Beside them the floor of any SCIM call, all in alternating blocks. Then {@code bench.deliveries} events queued while the
 * endpoint is paused go out when it resumes: deliveries per second, one at a time, in order.
 * Run with {@code ./mvnw -Pbenchmark test -Dtest=WebhookBenchmark}, on an in-memory H2, or with
 * {@code -Dbench.database=postgres} on an embedded PostgreSQL, the database a cluster runs on:
 * there the server's CPU is this JVM's and the PostgreSQL processes' together, as the rows are
 * written by the database's processes and not by H2 inside the JVM. Figures are printed and
 * written to {@code target/benchmark/webhooks-<database>.txt}; nothing is asserted, because
 * wall-clock numbers depend on the machine.
 */
@Tag("benchmark")
class WebhookBenchmark {

	private static final int USERS = BenchmarkMode.size("bench.users", 4_000, 1_000);

	private static final int DELIVERIES = BenchmarkMode.size("bench.deliveries", 2_000, 500);

	private static final int CLIENTS = 4;

	private static final String DATABASE = System.getProperty("bench.database", "h2");

	/** How many blocks the three kinds of call alternate in. */
	private static final int BLOCKS = 8;

	private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@Test
	void outboxCostAndDeliveryRate() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT,
				"Webhook benchmark, %s: %d users created per kind, %d deliveries, %d HTTP clients, %d cores, %s, Java %s",
				BenchmarkMode.describe(), USERS, DELIVERIES, CLIENTS, Runtime.getRuntime().availableProcessors(),
				DATABASE, System.getProperty("java.version")));
		EmbeddedPostgres postgres = DATABASE.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
		String url = (postgres != null) ? postgres.getJdbcUrl("postgres", "postgres")
				: "jdbc:h2:mem:webhook-bench;DB_CLOSE_DELAY=-1";
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--tilegate.base-url=https://intranet.example.com", "--tilegate.idp-metadata-dir=target/no-idp-metadata",
				"--spring.main.banner-mode=off", "--logging.level.root=warn", "--server.tomcat.max-keep-alive-requests=-1",
				"--tilegate.scim.requests-per-second=1000000", "--tilegate.scim.burst=1000000",
				"--tilegate.webhooks.allow-private-urls=true", "--tilegate.webhooks.encryption-key=" + KEY,
				"--tilegate.webhooks.sweep-interval=200ms");
				Receiver receiver = new Receiver()) {
			SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.bench.test/metadata",
					"https://idp.bench.test/sso", "https://idp.bench.test/slo");
			app.getBean(Connections.class)
				.save("bench", ConnectionSettings.metadataOnly(idp.metadataXml(false)), ConnectionOrigin.API, "bench");
			String token = app.getBean(ScimTokens.class).issue("bench", "benchmark", null, "bench").secret();
			Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type",
					"application/scim+json", "Accept", "application/scim+json");
			KeepAliveClients clients = new KeepAliveClients(
					URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")), CLIENTS);
			WebhookEndpoints endpoints = app.getBean(WebhookEndpoints.class);
			IntFunction<List<KeepAliveClients.Request>> floorCalls = (count) -> repeat(count,
					(i) -> KeepAliveClients.Request.get("/scim/v2/ServiceProviderConfig", headers));
			ProcessCpu cpu = (postgres != null) ? ProcessCpu.jvmAndPostgres(app.getBean(DataSource.class))
					: ProcessCpu.jvm();
			report.add("  server CPU: " + cpu.describe());
			Bench bench = new Bench(clients, receiver, endpoints, headers, cpu, new EnumMap<>(Subscriber.class));

			// Warm-up, measured nowhere: the JIT compiler, pools and caches, the sender's path too.
			int warm = Math.min(1000, USERS / 4);
			bench.creates("warm-alone", warm, Subscriber.NONE);
			bench.creates("warm-paused", warm, Subscriber.PAUSED);
			bench.creates("warm-hooked", warm, Subscriber.LIVE);
			bench.floor(floorCalls.apply(warm));
			PlannerStatistics.gather(app.getBean(DataSource.class));

			Measurement floor = null;
			Measurement alone = null;
			Measurement paused = null;
			Measurement hooked = null;
			// Each block's outbox cost against the no-endpoint block just before it: their spread
			// says how far one run's total can be trusted on a shared machine.
			List<Double> blockCosts = new ArrayList<>();
			for (int block = 0; block < BLOCKS; block++) {
				int size = (block + 1) * USERS / BLOCKS - block * USERS / BLOCKS;
				floor = plus(floor, bench.floor(floorCalls.apply(size)));
				Measurement aloneBlock = bench.creates("alone" + block + "-", size, Subscriber.NONE);
				Measurement pausedBlock = bench.creates("paused" + block + "-", size, Subscriber.PAUSED);
				blockCosts.add(100 * (pausedBlock.serverCpuMillisPerOperationCompiledAside()
						/ aloneBlock.serverCpuMillisPerOperationCompiledAside() - 1));
				alone = plus(alone, aloneBlock);
				paused = plus(paused, pausedBlock);
				hooked = plus(hooked, bench.creates("hooked" + block + "-", size, Subscriber.LIVE));
			}
			Map<Subscriber, Long> databaseCpu = new EnumMap<>(bench.databaseNanos());
			Measurement deliveries = bench.queuedThenResumed(DELIVERIES);

			report.add(floor.describe("floor: GET /ServiceProviderConfig", "requests"));
			report.add(alone.describe("create users, no webhook endpoint", "requests"));
			report.add(paused.describe("create users, one paused endpoint subscribed (its delivery row written)",
					"requests"));
			report.add(hooked.describe("create users, one endpoint subscribed (until the receiver has every event)",
					"requests"));
			report.add(deliveries.describe("deliver " + DELIVERIES + " queued user.created events to one endpoint "
					+ "(latency: between arrivals)", "deliveries"));
			report.add(String.format(Locale.ROOT,
					"  server CPU per create: %.2f ms alone, %.2f ms with the paused endpoint, %.2f ms with the live one "
							+ "(floor call %.2f ms; ratios to the floor %.2f, %.2f, %.2f)",
					alone.serverCpuMillisPerOperation(), paused.serverCpuMillisPerOperation(),
					hooked.serverCpuMillisPerOperation(), floor.serverCpuMillisPerOperation(),
					alone.serverCpuMillisPerOperation() / floor.serverCpuMillisPerOperation(),
					paused.serverCpuMillisPerOperation() / floor.serverCpuMillisPerOperation(),
					hooked.serverCpuMillisPerOperation() / floor.serverCpuMillisPerOperation()));
			if (cpu.includesPostgres()) {
				report.add(String.format(Locale.ROOT,
						"  of which PostgreSQL's processes: %.2f ms alone, %.2f ms with the paused endpoint, %.2f ms with the live one",
						databaseCpu.get(Subscriber.NONE) / 1e6 / alone.count(),
						databaseCpu.get(Subscriber.PAUSED) / 1e6 / paused.count(),
						databaseCpu.get(Subscriber.LIVE) / 1e6 / hooked.count()));
			}
			report.add(String.format(Locale.ROOT,
					"  the outbox's cost (paused endpoint): +%.1f%% server CPU per create, %.1f%% fewer creates per "
							+ "second (target <= 10%%)",
					100 * (paused.serverCpuMillisPerOperation() / alone.serverCpuMillisPerOperation() - 1),
					100 * (1 - paused.rate() / alone.rate())));
			report.add(String.format(Locale.ROOT,
					"  the same, the JIT compilers' threads aside: %.2f ms alone, %.2f ms with the paused endpoint, "
							+ "%.2f ms with the live one; the outbox +%.1f%%, with the sending +%.1f%%",
					alone.serverCpuMillisPerOperationCompiledAside(), paused.serverCpuMillisPerOperationCompiledAside(),
					hooked.serverCpuMillisPerOperationCompiledAside(),
					100 * (paused.serverCpuMillisPerOperationCompiledAside()
							/ alone.serverCpuMillisPerOperationCompiledAside() - 1),
					100 * (hooked.serverCpuMillisPerOperationCompiledAside()
							/ alone.serverCpuMillisPerOperationCompiledAside() - 1)));
			List<Double> sorted = blockCosts.stream().sorted().toList();
			report.add(String.format(Locale.ROOT,
					"  the outbox's cost block by block (server CPU per create, the JIT compilers' aside, paused against "
							+ "alone): %s; median %+.1f%%",
					blockCosts.stream().map((cost) -> String.format(Locale.ROOT, "%+.0f%%", cost)).toList(),
					(sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2));
			report.add(String.format(Locale.ROOT,
					"  with the sending (live endpoint): +%.1f%% server CPU per create, %.1f%% fewer creates per second",
					100 * (hooked.serverCpuMillisPerOperation() / alone.serverCpuMillisPerOperation() - 1),
					100 * (1 - hooked.rate() / alone.rate())));
			report.add(String.format(Locale.ROOT, "  server CPU per delivery %.2f ms; %.0f deliveries/s",
					deliveries.serverCpuMillisPerOperation(), deliveries.rate()));
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "webhooks-" + DATABASE + ".txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private static Measurement plus(Measurement sum, Measurement block) {
		return (sum == null) ? block : Measurement.combined(sum, block);
	}

	private static List<KeepAliveClients.Request> repeat(int count, IntFunction<KeepAliveClients.Request> request) {
		List<KeepAliveClients.Request> requests = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			requests.add(request.apply(i));
		}
		return requests;
	}

	private enum Subscriber {

		NONE, PAUSED, LIVE

	}

	/**
	 * @param databaseNanos the database server's part of the measured creates' CPU (not the
	 * warm-up's), by kind; zero on H2, which runs in the JVM
	 */
	private record Bench(KeepAliveClients clients, Receiver receiver, WebhookEndpoints endpoints,
			Map<String, String> headers, ProcessCpu cpu, Map<Subscriber, Long> databaseNanos) {

		/** The floor calls, with the database server's CPU added to the JVM's the clients measured. */
		Measurement floor(List<KeepAliveClients.Request> calls) throws Exception {
			long databaseStart = this.cpu.read().database();
			long compilerStart = Measurement.compilerThreadsCpuNanos();
			Measurement jvm = this.clients.run(calls, "floor calls", Bench::notOk);
			long compiler = Measurement.compilerThreadsCpuNanos() - compilerStart;
			long database = this.cpu.read().database() - databaseStart;
			return new Measurement(jvm.count(), jvm.elapsedNanos(), jvm.latencies(), jvm.cpuNanos() + database,
					jvm.clientCpuNanos(), (compilerStart < 0) ? -1 : compiler);
		}

		/**
		 * Creates {@code count} users; with a subscriber, an endpoint is made for the block (and
		 * removed after it, its queue with it), and with a live one the block ends when the
		 * receiver has every event. The receiver's threads count as a client's.
		 */
		Measurement creates(String prefix, int count, Subscriber subscriber) throws Exception {
			boolean hooked = subscriber == Subscriber.LIVE;
			var endpoint = (subscriber == Subscriber.NONE) ? null
					: this.endpoints.create(this.receiver.url(), List.of("user.created"), "bench", "bench").endpoint();
			if (subscriber == Subscriber.PAUSED) {
				this.endpoints.pause(endpoint.id(), true, "bench");
			}
			this.receiver.reset();
			long receiverCpuStart = this.receiver.cpuNanos();
			ProcessCpu.Reading cpuStart = this.cpu.read();
			long compilerStart = Measurement.compilerThreadsCpuNanos();
			long start = System.nanoTime();
			Measurement sent = this.clients.run(repeat(count, (i) -> new KeepAliveClients.Request("POST",
					"/scim/v2/Users", this.headers, user(prefix + i))), "creates", (i, answer) -> (answer.status() == 201) ? null
						: answer.head() + answer.body());
			if (hooked) {
				this.receiver.awaitCount(count);
			}
			long elapsed = System.nanoTime() - start;
			ProcessCpu.Reading used = this.cpu.read().since(cpuStart);
			long compiler = Measurement.compilerThreadsCpuNanos() - compilerStart;
			long cpu = used.total();
			if (!prefix.startsWith("warm")) {
				this.databaseNanos.merge(subscriber, used.database(), Long::sum);
			}
			if (endpoint != null) {
				this.endpoints.delete(endpoint.id(), "bench");
			}
			return new Measurement(count, elapsed, sent.latencies(), cpu,
					sent.clientCpuNanos() + this.receiver.cpuNanos() - receiverCpuStart,
					(compilerStart < 0) ? -1 : compiler);
		}

		/** Events queued while the endpoint is paused, then sent when it resumes: from the first arrival to the last. */
		Measurement queuedThenResumed(int count) throws Exception {
			var endpoint = this.endpoints.create(this.receiver.url(), List.of("user.created"), "bench", "bench")
				.endpoint();
			this.endpoints.pause(endpoint.id(), true, "bench");
			creates("queued-", count, Subscriber.NONE);
			this.receiver.reset();
			this.endpoints.pause(endpoint.id(), false, "bench");
			this.receiver.awaitCount(1);
			long receiverCpuStart = this.receiver.cpuNanos();
			long cpuStart = this.cpu.nanos();
			long start = System.nanoTime();
			this.receiver.awaitCount(count);
			long elapsed = System.nanoTime() - start;
			long cpu = this.cpu.nanos() - cpuStart;
			this.endpoints.delete(endpoint.id(), "bench");
			return new Measurement(count - 1, elapsed, this.receiver.gaps(), cpu,
					this.receiver.cpuNanos() - receiverCpuStart);
		}

		static String notOk(int index, KeepAliveConnection.Answer answer) {
			return (answer.status() == 200) ? null : answer.head();
		}

	}

	/** A receiver on 127.0.0.1 that answers 204 at once, and keeps when each request came and the CPU it used. */
	private static final class Receiver implements AutoCloseable {

		private final HttpServer server;

		private final ExecutorService handlers = Executors.newFixedThreadPool(2);

		private final AtomicLong cpu = new AtomicLong();

		private final List<Long> arrivals = new ArrayList<>();

		Receiver() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server.createContext("/hooks", (exchange) -> {
				long cpuStart = Measurement.threadCpuNanos();
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
				synchronized (this) {
					this.arrivals.add(System.nanoTime());
					notifyAll();
				}
				this.cpu.addAndGet(Measurement.threadCpuNanos() - cpuStart);
			});
			this.server.setExecutor(this.handlers);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
		}

		long cpuNanos() {
			return this.cpu.get();
		}

		synchronized void reset() {
			this.arrivals.clear();
		}

		synchronized void awaitCount(int count) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			while (this.arrivals.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IllegalStateException("The receiver got " + this.arrivals.size() + " of " + count);
				}
				wait(Math.max(1, left / 1_000_000));
			}
		}

		synchronized long[] gaps() {
			long[] gaps = new long[this.arrivals.size() - 1];
			for (int i = 1; i < this.arrivals.size(); i++) {
				gaps[i - 1] = this.arrivals.get(i) - this.arrivals.get(i - 1);
			}
			return gaps;
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.handlers.shutdownNow();
		}

	}

	private static byte[] user(String name) {
		return ("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1$s@example.com",
				 "name":{"givenName":"First %1$s","familyName":"Last %1$s"},
				 "emails":[{"primary":true,"value":"%1$s@example.com","type":"work"}],"active":true,
				 "title":"Engineer"}""".formatted(name)).getBytes(StandardCharsets.UTF_8);
	}

}
