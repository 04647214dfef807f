package io.tilegate.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tilegate.system.FreePort;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much CPU and time Tilegate takes from {@code java} to ready (issue 15): the packaged jar
 * as {@code java -jar} runs it, the same jar's extracted layout, and the extracted layout with
 * the class-data sharing archive of a training run, as the {@code Dockerfile} builds and runs
 * it. Rolling deploys and autoscaling wait on this.
 *
 * <p>The jar is the one {@code ./mvnw package} left in {@code target/}. The benchmark extracts
 * it ({@code java -Djarmode=tools -jar … extract}), makes the archive with Spring Boot's
 * training run ({@code -XX:ArchiveClassesAtExit} and {@code -Dspring.context.exit=onRefresh}),
 * starts Tilegate once to create its database, and then starts each variant
 * {@code bench.rounds} times in turn (5; 1 in short mode), on the same H2 file, with
 * {@code TILEGATE_ADMIN_PASSWORD} set as in production. A start ends when
 * {@code /actuator/health/readiness} answers 200: the application runners (the IdP metadata
 * folder) and the break-glass admin check have run by then. The CPU time is the Tilegate
 * process's own, read at that moment; on Linux it is also split into the JIT compilers'
 * threads and the rest. A shared machine's wall clock moves with its load, the CPU time far
 * less, so the CPU time is the figure to compare. Each figure is the median over the rounds,
 * beside its ratio to the plain jar's.
 *
 * <p>Run with {@code ./mvnw -B -ntp package -DskipTests} and then
 * {@code ./mvnw -Pbenchmark test -Dtest=StartupBenchmark} ({@code -Dbench.mode=short} for one
 * round). Figures are printed and written to {@code target/benchmark/startup.txt}. Nothing is
 * asserted of them; the benchmark fails when Tilegate does not become ready or the JVM refuses
 * the archive, since the figures would then not be what they say.
 */
@Tag("benchmark")
class StartupBenchmark {

	private static final int ROUNDS = BenchmarkMode.size("bench.rounds", 5, 1);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

	private static final Path WORK = Path.of("target", "benchmark", "startup").toAbsolutePath();

	private static final Path APP = WORK.resolve("app");

	private static final String ARCHIVE = "application.jsa";

	@Test
	void startUp() throws Exception {
		Path jar = packagedJar();
		FileSystemUtils.deleteRecursively(WORK);
		Files.createDirectories(WORK);
		run(WORK, List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", APP.toString()),
				"extract.log");
		String extracted = jar.getFileName().toString();
		// As in the Dockerfile: relative paths from the extracted folder, which the archive records.
		Start training = run(APP, List.of("-Xmx1g", "-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Dspring.context.exit=onRefresh",
				"-jar", extracted), "training.log");
		assertThat(APP.resolve(ARCHIVE)).as("the training run's archive; see " + APP.resolve("training.log"))
			.isRegularFile();
		Start first = start(Variant.CDS, 0);

		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT, "Tilegate start-up to ready, %s, %d round(s), %s %s", BenchmarkMode.describe(),
				ROUNDS, System.getProperty("java.vm.name"), System.getProperty("java.version")));
		report.add(String.format(Locale.ROOT,
				"  extracted layout with CDS, on a new database (Flyway migrates, SP key pair made): %s", first));
		report.add(String.format(Locale.ROOT, "  training run (image build, once): wall %.1f s, CPU %.1f s; archive %d MB",
				training.wallSeconds(), training.cpuSeconds(), Files.size(APP.resolve(ARCHIVE)) >> 20));
		List<List<Start>> starts = new ArrayList<>();
		for (Variant variant : Variant.values()) {
			starts.add(new ArrayList<>());
		}
		for (int round = 0; round < ROUNDS; round++) {
			// The order turns each round, so a drift in the machine's load falls on every variant.
			for (int i = 0; i < Variant.values().length; i++) {
				Variant variant = Variant.values()[(round + i) % Variant.values().length];
				starts.get(variant.ordinal()).add(start(variant, round + 1));
			}
		}
		Start plain = Start.median(starts.get(Variant.PLAIN.ordinal()));
		report.add("restarts, median over the rounds (wall and CPU seconds from java to ready):");
		for (Variant variant : Variant.values()) {
			Start median = Start.median(starts.get(variant.ordinal()));
			report.add(String.format(Locale.ROOT, "  %-28s %s; against the plain jar: CPU x%.2f, wall x%.2f",
					variant.description, median, median.cpuSeconds() / plain.cpuSeconds(),
					median.wallSeconds() / plain.wallSeconds()));
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "startup.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("tilegate-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No tilegate-*.jar in target/: run './mvnw -B -ntp package -DskipTests' first"))
				.toAbsolutePath();
		}
	}

	private static Start start(Variant variant, int round) throws IOException, InterruptedException {
		List<String> arguments = switch (variant) {
			case PLAIN -> List.of("-jar", packagedJar().toString());
			case EXTRACTED -> List.of("-jar", packagedJar().getFileName().toString());
			case CDS -> List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-jar", packagedJar().getFileName().toString());
		};
		Path workDir = (variant == Variant.PLAIN) ? WORK : APP;
		String log = "start-" + variant.name().toLowerCase(Locale.ROOT) + "-" + round + ".log";
		int port = FreePort.any();
		Process process = launch(workDir, arguments, log,
				Map.of("SERVER_PORT", Integer.toString(port), "TILEGATE_ADMIN_PASSWORD", "startup-benchmark-password",
						"SPRING_DATASOURCE_URL", "jdbc:h2:file:" + WORK.resolve("data/tilegate")
								+ ";AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000"));
		try {
			Start ready = awaitReady(process, port, workDir.resolve(log));
			if (variant == Variant.CDS) {
				assertThat(Files.readString(workDir.resolve(log)))
					.as("the JVM used the archive (see %s)", workDir.resolve(log))
					.doesNotContain("Unable to use shared archive");
			}
			return ready;
		}
		finally {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	/** Runs a JVM to its end, as the training run and the extraction do. */
	private static Start run(Path workDir, List<String> arguments, String log)
			throws IOException, InterruptedException {
		long started = System.nanoTime();
		Process process = launch(workDir, arguments, log, Map.of("SPRING_DATASOURCE_URL",
				"jdbc:h2:file:" + WORK.resolve("training/tilegate")));
		// Read before the process ends: afterwards the JVM cannot tell its CPU time any more.
		long cpu = 0;
		while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
			cpu = process.info().totalCpuDuration().map(Duration::toNanos).orElse(cpu);
		}
		assertThat(process.exitValue()).as("exit of java %s; see %s", arguments, workDir.resolve(log)).isZero();
		return new Start((System.nanoTime() - started) / 1e9, cpu / 1e9, -1);
	}

	private static Process launch(Path workDir, List<String> arguments, String log, Map<String, String> environment)
			throws IOException {
		Files.createDirectories(workDir);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve(log).toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static Start awaitReady(Process process, int port, Path log) throws IOException, InterruptedException {
		long started = System.nanoTime();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() - started < START_TIMEOUT.toNanos()) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Tilegate exited with " + process.exitValue() + "; see " + log);
			}
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					double wall = (System.nanoTime() - started) / 1e9;
					double cpu = process.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
					return new Start(wall, cpu, compilerCpuSeconds(process.pid()));
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Tilegate was not ready within " + START_TIMEOUT + "; see " + log);
	}

	/** The CPU time of the JIT compilers' threads, from Linux's /proc; -1 elsewhere. */
	private static double compilerCpuSeconds(long pid) {
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		if (!Files.isDirectory(tasks)) {
			return -1;
		}
		long ticks = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
			for (Path thread : threads) {
				// "pid (name) state …": the name may hold spaces, so the fields count from its ')'.
				String stat = Files.readString(thread.resolve("stat"));
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// USER_HZ: 100 on every Linux the JDK runs on.
		return ticks / 100.0;
	}

	private enum Variant {

		PLAIN("java -jar (nested jars)"), EXTRACTED("extracted layout"), CDS("extracted layout + CDS");

		private final String description;

		Variant(String description) {
			this.description = description;
		}

	}

	/**
	 * @param compilerSeconds the JIT compilers' share of {@code cpuSeconds}, or -1 when unknown
	 */
	private record Start(double wallSeconds, double cpuSeconds, double compilerSeconds) {

		static Start median(List<Start> starts) {
			return starts.stream().sorted(Comparator.comparingDouble(Start::cpuSeconds)).toList().get(starts.size() / 2);
		}

		@Override
		public String toString() {
			String jit = (this.compilerSeconds < 0) ? ""
					: String.format(Locale.ROOT, " (JIT compilers %.1f s)", this.compilerSeconds);
			return String.format(Locale.ROOT, "wall %5.1f s, CPU %5.1f s%s", this.wallSeconds, this.cpuSeconds, jit);
		}

	}

}
