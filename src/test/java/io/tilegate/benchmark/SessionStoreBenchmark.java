package io.tilegate.benchmark;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

import io.tilegate.TilegateApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What keeping sessions in the database costs (issue 12): returning-user sign-ins per second
 * and their p99, and a signed-in page's p99, with Spring Session JDBC as Tilegate runs in
 * production, beside the same figures with in-memory sessions, in one run. The target is that
 * database sessions cost at most 15% of sign-in throughput and add at most 2 ms to a page's
 * p99.
 *
 * <p>Two Tilegates run side by side in this JVM, each on a fresh database of its own: one as
 * configured, one with Spring Boot's {@code SessionAutoConfiguration} excluded, so that the
 * servlet container's own {@code HttpSession} (Tomcat's, in memory, cookie {@code JSESSIONID})
 * holds the session instead of {@code SPRING_SESSION}. Nothing else changes, and nothing
 * needed to: Tilegate's Spring Session beans ({@code SessionAttributes}, {@code SessionCookie},
 * {@code SessionOwnerIndex}) are customizers and an index resolver that nobody calls without
 * Spring Session, and {@code SignedInSessions} and {@code DeprovisionedUsers} read the session
 * table with plain SQL; Flyway creates it either way, and for the in-memory Tilegate it stays
 * empty, which the report shows. That Tilegate cannot end sessions on other nodes, which no
 * figure here depends on.
 *
 * <p>Every user signs in once on each, and {@code bench.warm-rounds} whole rounds follow, none
 * of it measured: with two Spring applications to compile, the JIT compiler is still busy long
 * after the first round, and CPU per operation falls by half over the first few. Then each round
 * measures, from {@code bench.clients} keep-alive connections unless said otherwise:
 * <ol>
 * <li>returning-user sign-ins: every user posts a fresh signed response with the same
 * attributes to the ACS, without a cookie, so each sign-in creates and writes a new session;</li>
 * <li>the first page after that sign-in, {@code GET /} with the new session's cookie, which also
 * stores the session's CSRF token (the page's sign-out form carries it);</li>
 * <li>signed-in pages: {@code GET /} again, {@code bench.views} times per session;</li>
 * <li>the same page from one connection, once per session: its p99 without the queueing that
 * {@code bench.clients} clients on a few cores add;</li>
 * <li>a floor: {@code GET /actuator/health/liveness}, anonymous and stateless, once per
 * user.</li>
 * </ol>
 * Every page answer is checked to be 200 and to name its user, and the floor's to set no
 * cookie. A shared machine drifts, so each step runs on both Tilegates in turn, on half of the
 * users each time: first, second, second, first, with the database one first in odd rounds and
 * the in-memory one in even ones; a figure is the median over the rounds, and a comparison the
 * median of each round's own pair. The CPU time is the whole JVM's (both Tilegates, the idle
 * one barely, and the clients); beside each CPU per operation is its ratio to the floor's in
 * the same round. An embedded PostgreSQL runs in processes of its own, so its share is not in
 * the CPU figures, only in the rates and latencies.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark test -Dtest=SessionStoreBenchmark}; add
 * {@code -Dbench.database=postgres} for an embedded PostgreSQL instead of in-memory H2.
 * {@code bench.users} (2,000), {@code bench.clients} (8), {@code bench.rounds} (3),
 * {@code bench.warm-rounds} (3) and {@code bench.views} (2) change the load. Figures are
 * printed and written to {@code target/benchmark/session-store-<database>.txt}; nothing is
 * asserted, because wall-clock numbers depend on the machine.
 */
@Tag("benchmark")
class SessionStoreBenchmark {

	private static final int USERS = Integer.getInteger("bench.users", 2000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private static final int WARM_ROUNDS = Integer.getInteger("bench.warm-rounds", 3);

	private static final int VIEWS = Integer.getInteger("bench.views", 2);

	private static final String DATABASE = System.getProperty("bench.database", "h2");

	private static final String FLOOR_PATH = "/actuator/health/liveness";

	private static final double TARGET_THROUGHPUT_COST = 0.15;

	private static final double TARGET_ADDED_PAGE_P99_MILLIS = 2;

	private final SignedResponses signed = new SignedResponses();

	@Test
	void databaseSessionsAgainstInMemory() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT,
				"Session store benchmark: %d users, %d HTTP clients, %d rounds (after %d to warm up), %d views of the "
						+ "page per session, %d cores, %s, Java %s",
				USERS, CLIENTS, ROUNDS, WARM_ROUNDS, VIEWS, Runtime.getRuntime().availableProcessors(), DATABASE,
				System.getProperty("java.version")));
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		EmbeddedPostgres postgres = DATABASE.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
		try (Tilegate database = new Tilegate(Store.DATABASE, url(postgres, Store.DATABASE));
				Tilegate memory = new Tilegate(Store.MEMORY, url(postgres, Store.MEMORY))) {
			long started = System.nanoTime();
			List<KeepAliveClients.Request> firstSignIns = SignedResponses
				.acsPosts(this.signed.responses("user", USERS, 0));
			database.measure(Step.SIGN_IN, firstSignIns, 0, USERS);
			memory.measure(Step.SIGN_IN, firstSignIns, 0, USERS);
			long warmedUp = 0;
			long compilingBefore = 0;
			for (int round = 1; round <= WARM_ROUNDS + ROUNDS; round++) {
				boolean measured = round > WARM_ROUNDS;
				if (round == WARM_ROUNDS + 1) {
					warmedUp = System.nanoTime();
					compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
				}
				Tilegate first = (round % 2 == 1) ? database : memory;
				Tilegate second = (first == database) ? memory : database;
				List<KeepAliveClients.Request> returning = SignedResponses
					.acsPosts(this.signed.responses("user", USERS, 0));
				for (Step step : Step.values()) {
					// First, second, second, first, each on half of the users: a drift of the
					// machine's speed during the step weighs on both alike.
					Measurement firstHalf = first.measure(step, returning, 0, USERS / 2);
					Measurement secondsFirstHalf = second.measure(step, returning, 0, USERS / 2);
					Measurement secondsSecondHalf = second.measure(step, returning, USERS / 2, USERS);
					Measurement secondHalf = first.measure(step, returning, USERS / 2, USERS);
					if (measured) {
						first.keep(step, Measurement.combined(firstHalf, secondHalf));
						second.keep(step, Measurement.combined(secondsFirstHalf, secondsSecondHalf));
					}
				}
			}
			long finished = System.nanoTime();
			long compiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore;

			report.add(String.format(Locale.ROOT,
					"  database: Spring Session JDBC (SPRING_SESSION), cookie %s; in-memory: the servlet container's "
							+ "HttpSession, cookie %s",
					Store.DATABASE.cookie, Store.MEMORY.cookie));
			if (postgres != null) {
				report.add("  PostgreSQL runs in processes of its own: the CPU figures leave its share out");
			}
			database.describe(report);
			memory.describe(report);
			compare(report, database, memory);
			report.add(String.format(Locale.ROOT,
					"  SPRING_SESSION rows at the end: database Tilegate %d, in-memory Tilegate %d",
					database.sessionRows(), memory.sessionRows()));
			report.add(String.format(Locale.ROOT,
					"  wall time: first sign-ins and warm-up %.0f s, measured rounds %.0f s; JIT compiling during the "
							+ "measured rounds %.1f s; system load average %.1f before, %.1f after",
					(warmedUp - started) / 1e9, (finished - warmedUp) / 1e9, compiling / 1e3, loadBefore,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "session-store-" + DATABASE + ".txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private static void compare(List<String> report, Tilegate database, Tilegate memory) {
		report.add("database against in-memory (the median over the rounds of each round's own pair):");
		List<Measurement> databaseSignIns = database.measured.get(Step.SIGN_IN);
		List<Measurement> memorySignIns = memory.measured.get(Step.SIGN_IN);
		double cost = 1 - pairedMedian(databaseSignIns, memorySignIns, (d, m) -> d.rate() / m.rate());
		report.add(String.format(Locale.ROOT,
				"  sign-in throughput: database / in-memory = %.1f%%, a cost of %.1f%% (target <= %.0f%%: %s); "
						+ "rounds %s sign-ins/s",
				100 * (1 - cost), 100 * cost, 100 * TARGET_THROUGHPUT_COST, verdict(cost <= TARGET_THROUGHPUT_COST),
				perRound(databaseSignIns, memorySignIns,
						(d, m) -> String.format(Locale.ROOT, "%.0f/%.0f", d.rate(), m.rate()))));
		// With every core busy, throughput is cores / CPU per sign-in: the same cost, read from
		// the figure that the machine's other load moves least.
		double cpuCost = 1 - pairedMedian(databaseSignIns, memorySignIns,
				(d, m) -> m.cpuMillisPerOperation() / d.cpuMillisPerOperation());
		report.add(String.format(Locale.ROOT,
				"  the same by CPU per sign-in (throughput = cores / CPU): a cost of %.1f%% (target <= %.0f%%: %s)",
				100 * cpuCost, 100 * TARGET_THROUGHPUT_COST, verdict(cpuCost <= TARGET_THROUGHPUT_COST)));
		report.add(String.format(Locale.ROOT, "  sign-in p99: database - in-memory = %+.1f ms",
				pairedMedian(databaseSignIns, memorySignIns, SessionStoreBenchmark::p99Difference)));
		for (Step page : List.of(Step.PAGE, Step.PAGE_ALONE)) {
			List<Measurement> databasePages = database.measured.get(page);
			List<Measurement> memoryPages = memory.measured.get(page);
			double added = pairedMedian(databasePages, memoryPages, SessionStoreBenchmark::p99Difference);
			report.add(String.format(Locale.ROOT,
					"  signed-in page p99, %s: database - in-memory = %+.1f ms (target <= +%.0f ms: %s); rounds %s",
					(page == Step.PAGE) ? CLIENTS + " clients" : "one client", added, TARGET_ADDED_PAGE_P99_MILLIS,
					verdict(added <= TARGET_ADDED_PAGE_P99_MILLIS), perRound(databasePages, memoryPages,
							(d, m) -> String.format(Locale.ROOT, "%.1f/%.1f ms", d.percentileMillis(0.99),
									m.percentileMillis(0.99)))));
		}
		report.add(String.format(Locale.ROOT, "  signed-in page throughput, %d clients: database / in-memory = %.1f%%",
				CLIENTS, 100 * pairedMedian(database.measured.get(Step.PAGE), memory.measured.get(Step.PAGE),
						(d, m) -> d.rate() / m.rate())));
		for (Step step : Step.values()) {
			List<Measurement> databaseSteps = database.measured.get(step);
			List<Measurement> memorySteps = memory.measured.get(step);
			report.add(String.format(Locale.ROOT, "  CPU per %s: database - in-memory = %+.2f ms (%+.0f%%)", step.one,
					pairedMedian(databaseSteps, memorySteps,
							(d, m) -> d.cpuMillisPerOperation() - m.cpuMillisPerOperation()),
					100 * pairedMedian(databaseSteps, memorySteps,
							(d, m) -> d.cpuMillisPerOperation() / m.cpuMillisPerOperation() - 1)));
		}
	}

	private static String verdict(boolean met) {
		return met ? "met" : "MISSED";
	}

	private static double p99Difference(Measurement database, Measurement memory) {
		return database.percentileMillis(0.99) - memory.percentileMillis(0.99);
	}

	private static String url(EmbeddedPostgres postgres, Store store) throws Exception {
		String name = "sessions_" + store.name().toLowerCase(Locale.ROOT);
		if (postgres == null) {
			return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
		}
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

	/** Where the sessions are kept, and what the session cookie is called then. */
	private enum Store {

		DATABASE("database", "SESSION"),

		MEMORY("in-memory", "JSESSIONID",
				"--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.session.SessionAutoConfiguration");

		private final String label;

		private final String cookie;

		private final List<String> arguments;

		Store(String label, String cookie, String... arguments) {
			this.label = label;
			this.cookie = cookie;
			this.arguments = List.of(arguments);
		}

	}

	/** What a round measures on each Tilegate, in this order. */
	private enum Step {

		SIGN_IN("returning-user sign-ins (POST to the ACS without a cookie: a new session each)", "sign-in",
				"sign-ins"),

		FIRST_PAGE("first page after the sign-in (GET /, which stores the session's CSRF token)", "first page",
				"pages"),

		PAGE("signed-in page (GET /, " + VIEWS + " more views per session)", "signed-in page", "pages"),

		PAGE_ALONE("signed-in page, one client at a time (GET /, once per session)", "page from one client", "pages"),

		FLOOR("floor (GET " + FLOOR_PATH + ", anonymous, no session)", "floor request", "requests");

		private final String label;

		private final String one;

		private final String unit;

		Step(String label, String one, String unit) {
			this.label = label;
			this.one = one;
			this.unit = unit;
		}

	}

	/** One running Tilegate, its users' current session cookies, and what was measured on it. */
	private final class Tilegate implements AutoCloseable {

		private final Store store;

		private final ConfigurableApplicationContext app;

		private final KeepAliveClients clients;

		private final KeepAliveClients alone;

		private final String[] cookies = new String[USERS];

		private final Map<Step, List<Measurement>> measured = new EnumMap<>(Step.class);

		Tilegate(Store store, String url) {
			this.store = store;
			List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
					"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
					"--tilegate.base-url=" + SignedResponses.BASE, "--tilegate.idp-metadata-dir=target/no-idp-metadata",
					"--spring.main.banner-mode=off", "--logging.level.root=warn",
					"--server.tomcat.max-keep-alive-requests=-1"));
			arguments.addAll(store.arguments);
			this.app = new SpringApplicationBuilder(TilegateApplication.class).run(arguments.toArray(String[]::new));
			SessionStoreBenchmark.this.signed.register(this.app);
			URI server = URI.create("http://localhost:" + this.app.getEnvironment().getProperty("local.server.port"));
			this.clients = new KeepAliveClients(server, CLIENTS);
			this.alone = new KeepAliveClients(server, 1);
			for (Step step : Step.values()) {
				this.measured.put(step, new ArrayList<>());
			}
		}

		/** Measures a step on users {@code from} to {@code to} (excluded). */
		Measurement measure(Step step, List<KeepAliveClients.Request> signIns, int from, int to) throws Exception {
			return switch (step) {
				case SIGN_IN -> this.clients.run(signIns.subList(from, to), "sign-ins",
						(index, answer) -> signedIn(from + index, answer));
				case FIRST_PAGE -> pages(this.clients, 1, from, to);
				case PAGE -> pages(this.clients, VIEWS, from, to);
				case PAGE_ALONE -> pages(this.alone, 1, from, to);
				case FLOOR -> this.clients.run(
						Collections.nCopies(to - from, KeepAliveClients.Request.get(FLOOR_PATH, Map.of())),
						"floor requests", Tilegate::isFloor);
			};
		}

		void keep(Step step, Measurement measurement) {
			this.measured.get(step).add(measurement);
		}

		/** Keeps the cookie of the session a sign-in created. */
		private String signedIn(int user, KeepAliveConnection.Answer answer) {
			String problem = SignedResponses.signInProblem(answer);
			if (problem != null) {
				return problem;
			}
			this.cookies[user] = cookie(answer.head());
			return (this.cookies[user] != null) ? null : "no " + this.store.cookie + " cookie set";
		}

		/** Each user's home page, {@code views} times over, with their session cookie. */
		private Measurement pages(KeepAliveClients clients, int views, int from, int to) throws Exception {
			List<KeepAliveClients.Request> requests = new ArrayList<>((to - from) * views);
			for (int view = 0; view < views; view++) {
				for (int user = from; user < to; user++) {
					requests.add(KeepAliveClients.Request.get("/",
							Map.of("Cookie", this.store.cookie + "=" + this.cookies[user])));
				}
			}
			return clients.run(requests, "pages", (index, answer) -> {
				int user = from + index % (to - from);
				if (answer.status() != 200) {
					return answer.head().lines().findFirst().orElse("");
				}
				// The page names its user: the sign-in page or someone else's would not.
				return answer.body().contains("<h1>First" + user + " Last" + user + "</h1>") ? null
						: "200, but not user " + user + "'s page";
			});
		}

		private static String isFloor(int index, KeepAliveConnection.Answer answer) {
			if (answer.status() != 200 || !answer.body().contains("UP")) {
				return answer.head().lines().findFirst().orElse("");
			}
			return answer.head().toLowerCase(Locale.ROOT).contains("\r\nset-cookie:")
					? "the floor request set a cookie: " + answer.head() : null;
		}

		/** The value of the session cookie this answer sets, or {@code null}. */
		private String cookie(String head) {
			String prefix = "set-cookie: " + this.store.cookie.toLowerCase(Locale.ROOT) + "=";
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
					String value = line.substring(prefix.length());
					int end = value.indexOf(';');
					return (end >= 0) ? value.substring(0, end) : value;
				}
			}
			return null;
		}

		long sessionRows() {
			return this.app.getBean(JdbcTemplate.class).queryForObject("select count(*) from SPRING_SESSION", Long.class);
		}

		void describe(List<String> report) {
			report.add(String.format(Locale.ROOT, "%s sessions (median of %d rounds):", this.store.label, ROUNDS));
			List<Measurement> floors = this.measured.get(Step.FLOOR);
			for (Step step : Step.values()) {
				List<Measurement> measured = this.measured.get(step);
				report.add(String.format(Locale.ROOT,
						"  %s: %d per round, %.0f %s/s, latency p50 %.1f ms, p99 %.1f ms, CPU %.2f ms each = %.1f x floor",
						step.label, measured.get(0).count(), median(measured, Measurement::rate), step.unit,
						median(measured, (m) -> m.percentileMillis(0.5)),
						median(measured, (m) -> m.percentileMillis(0.99)),
						median(measured, Measurement::cpuMillisPerOperation), pairedMedian(measured, floors,
								(m, floor) -> m.cpuMillisPerOperation() / floor.cpuMillisPerOperation())));
				report.add("    rounds (rate, p99, CPU): " + String.join(", ", measured.stream()
					.map((m) -> String.format(Locale.ROOT, "%.0f/s %.1f ms %.2f ms", m.rate(),
							m.percentileMillis(0.99), m.cpuMillisPerOperation()))
					.toList()));
			}
		}

		@Override
		public void close() {
			this.app.close();
		}

	}

	private static double median(List<Measurement> measured, ToDoubleFunction<Measurement> figure) {
		return median(measured.stream().mapToDouble(figure).boxed().toList());
	}

	/** The median over the rounds of a figure that compares two measurements of the same round. */
	private static double pairedMedian(List<Measurement> first, List<Measurement> second,
			ToDoubleBiFunction<Measurement, Measurement> figure) {
		List<Double> figures = new ArrayList<>();
		for (int round = 0; round < first.size(); round++) {
			figures.add(figure.applyAsDouble(first.get(round), second.get(round)));
		}
		return median(figures);
	}

	private static List<String> perRound(List<Measurement> database, List<Measurement> memory,
			BiFunction<Measurement, Measurement, String> figure) {
		List<String> figures = new ArrayList<>();
		for (int round = 0; round < database.size(); round++) {
			figures.add(figure.apply(database.get(round), memory.get(round)));
		}
		return figures;
	}

	private static double median(List<Double> figures) {
		List<Double> sorted = figures.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
