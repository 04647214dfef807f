package io.tilegate.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.tilegate.TilegateApplication;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.scim.ScimTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * SCIM push provisioning over HTTP, as an IdP's agent drives it: {@value #CLIENTS} concurrent
 * clients create {@code bench.users} users and {@code bench.groups} groups with memberships,
 * then look every user up with {@code filter=userName eq} and deactivate them all with PATCH.
 * Beside it, a plain batched JDBC insert of the same user rows into the same database, and
 * the ratio. Run with {@code ./mvnw -Pbenchmark test -Dtest=ScimProvisioningBenchmark}; add
 * {@code -Dbench.database=postgres} for an embedded PostgreSQL, or {@code h2-file} for the
 * default H2 file database, instead of an in-memory H2. On PostgreSQL the server's CPU is this
 * JVM's and the database server's processes' together, as a node and its database spend it.
 * Figures are printed and written to {@code target/benchmark/scim-provisioning-<database>.txt}; nothing is
 * asserted, because wall-clock numbers depend on the machine.
 */
@Tag("benchmark")
class ScimProvisioningBenchmark {

	private static final int USERS = BenchmarkMode.size("bench.users", 10_000, 2_000);

	private static final int GROUPS = BenchmarkMode.size("bench.groups", 500, 100);

	private static final int CLIENTS = 4;

	/** How many blocks the creates and the floor calls alternate in. */
	private static final int BLOCKS = 10;

	private static final String DATABASE = System.getProperty("bench.database", "h2");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	/**
	 * Whose CPU the measurements count: this JVM's, and on PostgreSQL the database server's as
	 * well, whose share of a create runs in processes of its own. Set once the server is up.
	 */
	private static ProcessCpu serverCpu = ProcessCpu.jvm();

	@Test
	void pushProvisioningAgainstRawInsert() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT,
				"SCIM provisioning benchmark, %s: %d users, %d groups, %d HTTP clients, %d cores, %s, Java %s",
				BenchmarkMode.describe(), USERS, GROUPS, CLIENTS, Runtime.getRuntime().availableProcessors(), DATABASE,
				System.getProperty("java.version")));
		EmbeddedPostgres postgres = DATABASE.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
		String url = switch (DATABASE) {
			case "postgres" -> postgres.getJdbcUrl("postgres", "postgres");
			// The default database as an operator gets it: a file, each commit written before
			// it is answered; -Dbench.h2-write-delay=500 shows H2's own default for comparison.
			case "h2-file" -> "jdbc:h2:file:" + freshH2File() + ";WRITE_DELAY="
					+ Integer.getInteger("bench.h2-write-delay", 0) + ";LOCK_TIMEOUT=10000";
			default -> "jdbc:h2:mem:scim-bench;DB_CLOSE_DELAY=-1";
		};
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--tilegate.base-url=https://intranet.example.com",
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--spring.main.banner-mode=off",
				"--logging.level.root=warn", "--server.tomcat.max-keep-alive-requests=-1",
				// The per-token throttle protects against a runaway IdP; here one token is the
				// whole load, so it is raised out of the way.
				"--tilegate.scim.requests-per-second=1000000", "--tilegate.scim.burst=1000000")) {
			SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.bench.test/metadata",
					"https://idp.bench.test/sso", "https://idp.bench.test/slo");
			app.getBean(Connections.class)
				.save("bench", ConnectionSettings.metadataOnly(idp.metadataXml(false)), ConnectionOrigin.API, "bench");
			String token = app.getBean(ScimTokens.class).issue("bench", "benchmark", null, "bench").secret();
			URI server = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
			Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type",
					"application/scim+json", "Accept", "application/scim+json");
			DataSource dataSource = app.getBean(DataSource.class);
			serverCpu = (postgres != null) ? ProcessCpu.jvmAndPostgres(dataSource) : ProcessCpu.jvm();
			report.add("  server CPU: " + serverCpu.describe());

			// Warm-up on users that are measured nowhere: the JIT compiler, pools and caches.
			int warm = Math.min(2000, USERS / 5);
			String[] warmIds = new String[warm];
			run(server, warm, (i) -> new Call("POST", "/scim/v2/Users", user("warm" + i)), 201, headers, warmIds);
			run(server, warm, (i) -> new Call("GET", lookup("warm" + i), null), 200, headers, null);
			run(server, warm, (i) -> new Call("PATCH", "/scim/v2/Users/" + warmIds[i], DEACTIVATE), 200, headers, null);
			run(server, warm, (i) -> new Call("GET", "/scim/v2/ServiceProviderConfig", null), 200, headers, null);
			rawInsert(dataSource, "warmraw", warm);
			bulkCreates(server, headers, "warmbulk", warm);
			PlannerStatistics.gather(dataSource);

			String[] ids = new String[USERS];
			BetweenFloorCalls fresh = createsBetweenFloorCalls(server, headers, "user", BLOCKS, ids);
			Measurement creates = fresh.creates();
			Measurement floor = fresh.floor();
			int perGroup = Math.max(1, USERS / GROUPS) * 2;
			Measurement groups = run(server, GROUPS,
					(g) -> new Call("POST", "/scim/v2/Groups", group(g, ids, perGroup)), 201, headers, null);
			Measurement lookups = run(server, USERS,
					(i) -> new Call("GET", lookup((i % 2 == 0) ? "user" + i : "USER" + i), null), 200, headers, null);
			Measurement deactivations = run(server, USERS,
					(i) -> new Call("PATCH", "/scim/v2/Users/" + ids[i], DEACTIVATE), 200, headers, null);
			Measurement raw = rawInsert(dataSource, "raw", USERS);
			Measurement bulk = bulkCreates(server, headers, "bulk", USERS);
			Measurement removals = removeMembersOneByOne(server, headers, dataSource);
			// An IdP's import reads the whole directory page by page; a page deep in it must cost
			// about what the first one does.
			int everyone = new JdbcTemplate(dataSource).queryForObject("select count(*) from app_user", Integer.class);
			int pages = (everyone + 99) / 100;
			Measurement imports = run(server, pages,
					(p) -> new Call("GET", "/scim/v2/Users?startIndex=" + (1 + p * 100) + "&count=100", null), 200,
					headers, null);
			Measurement firstPages = run(server, 200, (i) -> new Call("GET", "/scim/v2/Users?startIndex=1&count=100", null),
					200, headers, null);
			Measurement lastPages = run(server, 200,
					(i) -> new Call("GET", "/scim/v2/Users?startIndex=" + (everyone - 99) + "&count=100", null), 200,
					headers, null);

			// A node that has served for a while: each pooled connection has run many more distinct
			// statements than one create does (filters of every shape, the console's pages, the jobs).
			// H2 walks every cached query of a connection at the first write to each table in a
			// transaction, so a create may cost more on well-used connections than on fresh ones.
			List<String> shapes = filterShapes();
			for (int round = 0; round < 4; round++) {
				run(server, shapes.size(), (i) -> new Call("GET", "/scim/v2/Users?count=1&filter="
						+ URLEncoder.encode(shapes.get(i), StandardCharsets.UTF_8).replace("+", "%20"), null), 200,
						headers, null);
			}
			BetweenFloorCalls used = createsBetweenFloorCalls(server, headers, "used", BLOCKS / 2,
					new String[BLOCKS / 2 * (USERS / BLOCKS)]);
			Measurement usedCreates = used.creates();
			Measurement usedFloor = used.floor();

			report.add(creates.describe("create users (POST /Users, in " + BLOCKS + " blocks between the floor's)",
					"requests"));
			report.add(groups.describe("create groups with " + perGroup + " members each (POST /Groups)",
					"requests"));
			report.add(lookups.describe("look up users (GET /Users?filter=userName eq, mixed case)", "requests"));
			report.add(deactivations.describe("deactivate users (PATCH active false)", "requests"));
			// The floor of any SCIM call: HTTP, the token check, the security chain and the
			// call's event, on a resource that reads nothing else.
			report.add(floor.describe("floor: GET /ServiceProviderConfig (token check, call event, no resource)",
					"requests"));
			report.add(String.format(Locale.ROOT,
					"  raw batched JDBC insert of the same %d user rows (batches of 1,000, one commit each): %.0f rows/s",
					USERS, raw.rate()));
			report.add(String.format(Locale.ROOT,
					"  SCIM create rate / raw insert rate = %.1f%% (target >= 25%%); lookup p99 %.1f ms (target < 10 ms)",
					100 * creates.rate() / raw.rate(), lookups.percentileMillis(0.99)));
			report.add(String.format(Locale.ROOT, "  floor / raw insert rate = %.1f%%", 100 * floor.rate() / raw.rate()));
			report.add(bulk.describe("create users through /Bulk, " + BULK_OPERATIONS + " per request (latency per request)",
					"users"));
			report.add(String.format(Locale.ROOT,
					"  /Bulk create rate / raw insert rate = %.1f%% (target >= 25%%); CPU per user %.3f ms",
					100 * bulk.rate() / raw.rate(), bulk.cpuMillisPerOperation()));
			report.add(removals.describe("remove one member from a 10,000-member group (PATCH members[value eq], "
					+ "1 client)", "requests"));
			report.add(String.format(Locale.ROOT, "  remove-member p99 %.1f ms (target < 20 ms)",
					removals.percentileMillis(0.99)));
			report.add(imports.describe("read all " + everyone + " users, 100 per page (GET /Users?startIndex=&count=100)",
					"pages"));
			report.add(String.format(Locale.ROOT,
					"  first page / last page of %d users: CPU %.2f ms / %.2f ms each, p50 %.1f ms / %.1f ms", everyone,
					firstPages.cpuMillisPerOperation(), lastPages.cpuMillisPerOperation(), firstPages.percentileMillis(0.5),
					lastPages.percentileMillis(0.5)));
			report.add(String.format(Locale.ROOT, "  single create rate / floor rate = %.1f%% (target >= 50%%)",
					100 * creates.rate() / floor.rate()));
			report.add(String.format(Locale.ROOT,
					"  CPU per create / CPU per floor call = %.2f (%.2f ms / %.2f ms, server and clients in one JVM)",
					creates.cpuMillisPerOperation() / floor.cpuMillisPerOperation(), creates.cpuMillisPerOperation(),
					floor.cpuMillisPerOperation()));
			report.add(String.format(Locale.ROOT,
					"  server CPU per create = %.2f ms (target <= 2 ms), per floor call %.2f ms: the process's CPU less "
							+ "the clients' threads'",
					creates.serverCpuMillisPerOperation(), floor.serverCpuMillisPerOperation()));
			report.add(String.format(Locale.ROOT,
					"  the same, the JIT compilers' threads aside: %.2f ms per create (target <= 2 ms), %.2f ms per floor "
							+ "call, ratio %.2f",
					creates.serverCpuMillisPerOperationCompiledAside(), floor.serverCpuMillisPerOperationCompiledAside(),
					creates.serverCpuMillisPerOperationCompiledAside()
							/ floor.serverCpuMillisPerOperationCompiledAside()));
			report.add(String.format(Locale.ROOT,
					"  on connections that ran %d distinct filters first, the JIT compilers' threads aside: %.2f ms per "
							+ "create (target <= 2 ms), %.2f ms per floor call, ratio %.2f; single create rate / floor "
							+ "rate = %.1f%%",
					shapes.size(), usedCreates.serverCpuMillisPerOperationCompiledAside(),
					usedFloor.serverCpuMillisPerOperationCompiledAside(),
					usedCreates.serverCpuMillisPerOperationCompiledAside()
							/ usedFloor.serverCpuMillisPerOperationCompiledAside(),
					100 * usedCreates.rate() / usedFloor.rate()));
			report.add("  block by block, server CPU per create / per floor call in ms, the JIT compilers' threads aside: "
					+ fresh.blocks() + "; on the well-used connections " + used.blocks());
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "scim-provisioning-" + DATABASE + ".txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private static final int BULK_OPERATIONS = 100;

	/** Users created through {@code /Bulk}, {@value #BULK_OPERATIONS} creates per request, from the clients. */
	private static Measurement bulkCreates(URI server, Map<String, String> headers, String prefix, int count)
			throws Exception {
		Measurement requests = run(server, (count + BULK_OPERATIONS - 1) / BULK_OPERATIONS, (r) -> {
			StringBuilder body = new StringBuilder(
					"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
			for (int i = r * BULK_OPERATIONS; i < Math.min(count, (r + 1) * BULK_OPERATIONS); i++) {
				body.append((i > r * BULK_OPERATIONS) ? "," : "")
					.append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u")
					.append(i)
					.append("\",\"data\":")
					.append(new String(user(prefix + i), StandardCharsets.UTF_8))
					.append('}');
			}
			return new Call("POST", "/scim/v2/Bulk", body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
		}, 200, headers, null);
		try (KeepAliveConnection connection = new KeepAliveConnection(server)) {
			String created = connection.send("GET", "/scim/v2/Users?count=0&filter="
					+ URLEncoder.encode("userName sw \"" + prefix + "\"", StandardCharsets.UTF_8).replace("+", "%20"),
					headers, null).body();
			if (!created.contains("\"totalResults\":" + count + ",")) {
				throw new IllegalStateException("Not every /Bulk create succeeded: " + created);
			}
		}
		// Latencies are of whole requests.
		return new Measurement(count, requests.elapsedNanos(), requests.latencies(), requests.cpuNanos());
	}

	private static final byte[] DEACTIVATE = """
			{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
			 "Operations":[{"op":"replace","value":{"active":false}}]}""".getBytes(StandardCharsets.UTF_8);

	/** The body Okta sends when it creates a user. */
	private static byte[] user(String name) {
		int n = Math.abs(name.hashCode());
		return ("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
				 "userName":"%1$s@example.com","name":{"givenName":"First %1$s","familyName":"Last %1$s"},
				 "emails":[{"primary":true,"value":"%1$s@example.com","type":"work"}],
				 "displayName":"First %1$s Last %1$s","locale":"en-US","externalId":"00u%1$s","active":true,
				 "title":"Engineer","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
				   {"department":"Department %2$d","organization":"Example Corp"}}"""
			.formatted(name, n % 20)).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] group(int g, String[] ids, int members) {
		StringBuilder body = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],")
			.append("\"displayName\":\"Team ")
			.append(g)
			.append("\",\"members\":[");
		for (int m = 0; m < members; m++) {
			if (m > 0) {
				body.append(',');
			}
			body.append("{\"value\":\"").append(ids[(g * members / 2 + m) % ids.length]).append("\"}");
		}
		return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * @param blocks each block's server CPU per create and per floor call, the JIT compilers'
	 * threads aside, in the order run
	 */
	private record BetweenFloorCalls(Measurement creates, Measurement floor, List<String> blocks) {
	}

	/**
	 * Creates {@code ids.length} users named {@code prefix}N in {@code blocks} blocks, each after
	 * a block of as many floor calls: a fresh JVM goes on compiling for minutes, and the machine's
	 * load drifts, so two phases run one after the other would differ by when they ran as well as
	 * by what they do.
	 * @param ids where to keep each created user's id
	 */
	private static BetweenFloorCalls createsBetweenFloorCalls(URI server, Map<String, String> headers, String prefix,
			int blocks, String[] ids) throws Exception {
		Measurement creates = null;
		Measurement floor = null;
		List<String> perBlock = new ArrayList<>();
		for (int block = 0; block < blocks; block++) {
			int from = block * ids.length / blocks;
			int size = (block + 1) * ids.length / blocks - from;
			Measurement floorBlock = run(server, size, (i) -> new Call("GET", "/scim/v2/ServiceProviderConfig", null),
					200, headers, null);
			String[] blockIds = new String[size];
			Measurement createBlock = run(server, size,
					(i) -> new Call("POST", "/scim/v2/Users", user(prefix + (from + i))), 201, headers, blockIds);
			System.arraycopy(blockIds, 0, ids, from, size);
			perBlock.add(String.format(Locale.ROOT, "%.2f/%.2f", createBlock.serverCpuMillisPerOperationCompiledAside(),
					floorBlock.serverCpuMillisPerOperationCompiledAside()));
			floor = (floor == null) ? floorBlock : Measurement.combined(floor, floorBlock);
			creates = (creates == null) ? createBlock : Measurement.combined(creates, createBlock);
		}
		return new BetweenFloorCalls(creates, floor, perBlock);
	}

	/**
	 * Filters of as many shapes (attribute, operator, number of terms) as an IdP and scripts might
	 * send, each a statement of its own.
	 */
	private static List<String> filterShapes() {
		List<String> shapes = new ArrayList<>();
		for (String attribute : List.of("userName", "externalId", "displayName", "title", "name.familyName",
				"name.givenName", "emails.value")) {
			for (String operator : List.of("eq", "sw", "co")) {
				for (int terms = 1; terms <= 12; terms++) {
					StringBuilder filter = new StringBuilder();
					for (int t = 0; t < terms; t++) {
						filter.append((t > 0) ? " or " : "").append(attribute).append(' ').append(operator)
							.append(" \"nobody").append(t).append('"');
					}
					shapes.add(filter.toString());
				}
			}
		}
		return shapes;
	}

	private static String lookup(String name) {
		return "/scim/v2/Users?filter="
				+ URLEncoder.encode("userName eq \"" + name + "@example.com\"", StandardCharsets.UTF_8).replace("+", "%20");
	}

	private record Call(String method, String path, byte[] body) {
	}

	/**
	 * Sends {@code count} calls from {@link #CLIENTS} keep-alive connections.
	 * @param ids where to keep the id each answer carries, or {@code null}
	 */
	private static Measurement run(URI server, int count, IntFunction<Call> calls, int expectedStatus,
			Map<String, String> headers, String[] ids) throws Exception {
		List<Call> prepared = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			prepared.add(calls.apply(i));
		}
		long[] latencies = new long[count];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		List<String> firstFailure = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		AtomicLong clientCpu = new AtomicLong();
		long cpuStart = serverCpu.nanos();
		long compilerCpuStart = Measurement.compilerThreadsCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			running.add(clients.submit(() -> {
				long clientStart = Measurement.threadCpuNanos();
				try (KeepAliveConnection connection = new KeepAliveConnection(server)) {
					for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
						Call call = prepared.get(i);
						long sent = System.nanoTime();
						KeepAliveConnection.Answer answer = connection.send(call.method(), call.path(), headers,
								call.body());
						latencies[i] = System.nanoTime() - sent;
						if (answer.status() != expectedStatus) {
							if (failures.incrementAndGet() == 1) {
								synchronized (firstFailure) {
									firstFailure.add(call.method() + " " + call.path() + " -> " + answer.head()
											+ answer.body());
								}
							}
						}
						else if (ids != null) {
							Matcher id = ID.matcher(answer.body());
							ids[i] = id.find() ? id.group(1) : null;
						}
					}
				}
				finally {
					clientCpu.addAndGet(Measurement.threadCpuNanos() - clientStart);
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		clients.shutdown();
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " of " + count + " calls failed; first: " + firstFailure);
		}
		long compilerCpu = (compilerCpuStart < 0) ? -1 : Measurement.compilerThreadsCpuNanos() - compilerCpuStart;
		return new Measurement(count, elapsed, latencies, serverCpu.nanos() - cpuStart, clientCpu.get(),
				compilerCpu);
	}

	/**
	 * One member after another removed from a group of 10,000 with the body Okta and OneLogin
	 * send, from one client: calls to one group take turns on its row anyway. The members are
	 * written with batched JDBC; the first 100 removals warm up and are not counted, so the
	 * counted ones start at 10,000 members.
	 */
	private static Measurement removeMembersOneByOne(URI server, Map<String, String> headers, DataSource dataSource)
			throws Exception {
		int warm = 100;
		int members = 10_000 + warm;
		int count = 1_000;
		Timestamp now = Timestamp.from(Instant.now());
		List<Object[]> users = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			users.add(new Object[] { UUID.randomUUID(), "big" + i + "@example.com", "big" + i + "@example.com", now });
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.batchUpdate("insert into app_user (id, user_name, user_name_key, active, scim_managed, created_at, "
				+ "updated_at, version) values (?, ?, ?, true, true, ?, ?, 0)",
				users.stream().map((user) -> new Object[] { user[0], user[1], user[2], user[3], user[3] }).toList());
		long[] latencies = new long[count];
		long cpuStart = 0;
		long start = 0;
		try (KeepAliveConnection connection = new KeepAliveConnection(server)) {
			KeepAliveConnection.Answer created = connection.send("POST", "/scim/v2/Groups", headers,
					"{\"displayName\":\"Everyone\",\"members\":[]}".getBytes(StandardCharsets.UTF_8));
			Matcher id = ID.matcher(created.body());
			UUID group = UUID.fromString(id.find() ? id.group(1) : created.body());
			jdbc.batchUpdate("insert into group_membership (group_id, user_id) values (?, ?)",
					users.stream().map((user) -> new Object[] { group, user[0] }).toList());
			for (int i = 0; i < warm + count; i++) {
				if (i == warm) {
					cpuStart = serverCpu.nanos();
					start = System.nanoTime();
				}
				byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
						+ "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + users.get(i)[0] + "\\\"]\"}]}")
					.getBytes(StandardCharsets.UTF_8);
				long sent = System.nanoTime();
				KeepAliveConnection.Answer answer = connection.send("PATCH", "/scim/v2/Groups/" + group, headers, body);
				if (answer.status() != 204) {
					throw new IllegalStateException("PATCH remove member -> " + answer.head() + answer.body());
				}
				if (i >= warm) {
					latencies[i - warm] = System.nanoTime() - sent;
				}
			}
		}
		return new Measurement(count, System.nanoTime() - start, latencies, serverCpu.nanos() - cpuStart);
	}

	/**
	 * The rate no SCIM server can beat: the same user rows written with a plain batched
	 * insert, no HTTP, no JSON, no checks, no events. Batches of 1,000 rows, one commit each.
	 */
	private static Measurement rawInsert(DataSource dataSource, String prefix, int count) throws Exception {
		Timestamp now = Timestamp.from(Instant.now());
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("""
					insert into app_user (id, user_name, user_name_key, email, email_key, first_name, last_name,
					  company, department, title, active, scim_managed, external_id, created_at, updated_at, version)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, true, ?, ?, ?, 0)""")) {
				for (int i = 0; i < count; i++) {
					String name = prefix + i + "@example.com";
					insert.setObject(1, UUID.randomUUID());
					insert.setString(2, name);
					insert.setString(3, name.toLowerCase(Locale.ROOT));
					insert.setString(4, name);
					insert.setString(5, name.toLowerCase(Locale.ROOT));
					insert.setString(6, "First " + prefix + i);
					insert.setString(7, "Last " + prefix + i);
					insert.setString(8, "Example Corp");
					insert.setString(9, "Department " + i % 20);
					insert.setString(10, "Engineer");
					insert.setString(11, "00u" + prefix + i);
					insert.setTimestamp(12, now);
					insert.setTimestamp(13, now);
					insert.addBatch();
					if ((i + 1) % 1000 == 0 || i == count - 1) {
						insert.executeBatch();
						connection.commit();
					}
				}
			}
		}
		long elapsed = System.nanoTime() - start;
		return new Measurement(count, elapsed, new long[] { elapsed });
	}

	private static String freshH2File() throws IOException {
		Path folder = Path.of("target", "benchmark", "h2-file").toAbsolutePath();
		FileSystemUtils.deleteRecursively(folder);
		return Files.createDirectories(folder).resolve("tilegate").toString();
	}

}
