package io.tilegate.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tilegate.system.FreePort;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much CPU and time Tilegate takes from {@code java} to ready (issue 15), beside a stock
 * Spring Security service provider started the same way: the packaged jar as {@code java -jar}
 * runs it, the same jar's extracted layout, that layout with the class-data sharing archive of a
 * training run, and the {@code Dockerfile}'s own command (its JVM options and environment, read
 * from its {@code ENTRYPOINT} and {@code ENV} lines, in a container whose memory limit
 * {@code -XX:MaxRAM} emulates: {@code -Dbench.container-memory}, 1g by default). Rolling
 * deploys and autoscaling wait on this.
 *
 * <p>The floor is {@code stocksp.StockServiceProvider} (Spring's {@code saml2Login} defaults,
 * one registration from IdP metadata, no database), packaged as Tilegate is in its image: its
 * classes in a plain jar beside a {@code lib/} folder of the plain jars it loads classes from
 * (those of Tilegate's {@code lib/} that a first run of it loaded a class from, less those a
 * stock SP's dependencies do not bring, so it carries no jar it would not have), its own class-data sharing archive from a training run made the same
 * way, and the same JVM options as the image. It is ready when its server answers a first
 * request (a redirect to the IdP); Tilegate when {@code /actuator/health/readiness} answers 200,
 * after its application runners (the IdP metadata folder) and the break-glass admin check.
 *
 * <p>The jar is the one {@code ./mvnw package} left in {@code target/}; the stock SP's classes
 * come from {@code target/test-classes}. Tilegate is started once to create its database, then
 * each variant {@code bench.rounds} times in turn (5; 1 in short mode), on the same H2 file, with
 * {@code TILEGATE_ADMIN_PASSWORD} set as in production. The CPU time is the process's own, read
 * at ready; on Linux it is also split into the JIT compilers' threads and the rest. A shared
 * machine's wall clock moves with its load, the CPU time far less, so the CPU time is the figure
 * to compare. Each figure is the median over the rounds, beside its ratio to the plain jar's,
 * and the image's CPU seconds are set against the stock SP's (issue 15's target: at most 1.3).
 *
 * <p>Run with {@code ./mvnw -B -ntp package -DskipTests} and then
 * {@code ./mvnw -Pbenchmark test -Dtest=StartupBenchmark} ({@code -Dbench.mode=short} for one
 * round). Figures are printed and written to {@code target/benchmark/startup.txt}. Nothing is
 * asserted of them; the benchmark fails when a JVM does not become ready or refuses its archive,
 * since the figures would then not be what they say.
 */
@Tag("benchmark")
class StartupBenchmark {

	private static final int ROUNDS = BenchmarkMode.size("bench.rounds", 5, 1);

	private static final String LIMIT = System.getProperty("bench.container-memory", "1g");

	private static final Path WORK = Path.of("target", "benchmark", "startup").toAbsolutePath();

	private static final Path STOCK = WORK.resolve("stocksp");

	private static final String STOCK_JAR = "stocksp.jar";

	/**
	 * Jars of Tilegate's {@code lib/} that Spring or the stock SP would use if present, but that a
	 * stock SP built on {@code spring-boot-starter-web}, {@code spring-boot-starter-security} and
	 * {@code spring-security-saml2-service-provider} does not have: with Hibernate Validator on
	 * the class path, Spring MVC alone bootstraps Bean Validation (some 440 classes), and JPA's,
	 * Thymeleaf's and the actuator's presence is looked for. Without them the floor is what such
	 * an SP starts; if it needed one of them, its first run would fail and so would the benchmark.
	 */
	private static final Pattern NOT_IN_A_STOCK_SP = Pattern.compile(
			"(hibernate-validator|jakarta\\.validation-api|classmate|jboss-logging|spring-data-.*|spring-orm|spring-tx"
					+ "|jakarta\\.persistence-api|thymeleaf.*|spring-boot-actuator.*|jakarta\\.inject-api)-[0-9].*\\.jar");

	private static ExtractedLayout layout;

	private static ExtractedLayout.DockerfileCommand image;

	@Test
	void startUp() throws Exception {
		FileSystemUtils.deleteRecursively(WORK);
		Files.createDirectories(WORK);
		layout = ExtractedLayout.extract(WORK.resolve("app"));
		image = ExtractedLayout.dockerfileCommand();
		ExtractedLayout.Run training = layout.train(WORK.resolve("training/tilegate"));
		ExtractedLayout.Run stockTraining = packageStockServiceProvider();
		Start first = start(Variant.CDS, 0);

		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT, "Tilegate start-up to ready, %s, %d round(s), %s %s", BenchmarkMode.describe(),
				ROUNDS, System.getProperty("java.vm.name"), System.getProperty("java.version")));
		report.add(String.format(Locale.ROOT,
				"  extracted layout with CDS, on a new database (Flyway migrates, SP key pair made): %s", first));
		report.add(String.format(Locale.ROOT, "  training run (image build, once): wall %.1f s, CPU %.1f s; archive %d MB",
				training.wallSeconds(), training.cpuSeconds(),
				Files.size(layout.folder().resolve(ExtractedLayout.ARCHIVE)) >> 20));
		report.add(String.format(Locale.ROOT,
				"  stock SP's training run: wall %.1f s, CPU %.1f s; archive %d MB; %d jars in its lib/ (Tilegate's: %d)",
				stockTraining.wallSeconds(), stockTraining.cpuSeconds(),
				Files.size(STOCK.resolve(ExtractedLayout.ARCHIVE)) >> 20, countJars(STOCK.resolve("lib")),
				countJars(layout.folder().resolve("lib"))));
		report.add("  the image's command: " + String.join(" ", imageOptions(ExtractedLayout.ARCHIVE))
				+ (image.environment().isEmpty() ? "" : ", " + image.environment()));
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
			report.add(String.format(Locale.ROOT, "  %-58s %s; against the plain jar: CPU x%.2f, wall x%.2f",
					variant.description, median, median.cpuSeconds() / plain.cpuSeconds(),
					median.wallSeconds() / plain.wallSeconds()));
		}
		Start imageStart = Start.median(starts.get(Variant.IMAGE.ordinal()));
		Start stockStart = Start.median(starts.get(Variant.STOCK.ordinal()));
		report.add(String.format(Locale.ROOT,
				"  the image's command / the stock SP's, same options and CDS: CPU x%.2f (target <= 1.3), wall x%.2f",
				imageStart.cpuSeconds() / stockStart.cpuSeconds(), imageStart.wallSeconds() / stockStart.wallSeconds()));
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "startup.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	/**
	 * The stock SP as an image would hold it: {@code stocksp.jar} (its classes from
	 * {@code target/test-classes}, a manifest naming its main class and class path) beside
	 * {@code lib/}, and its class-data sharing archive. A first run with every jar of
	 * Tilegate's {@code lib/} on its class path tells which of them it loads classes from;
	 * only those go into its own {@code lib/}.
	 */
	private static ExtractedLayout.Run packageStockServiceProvider() throws IOException, InterruptedException {
		Files.createDirectories(STOCK.resolve("lib"));
		Files.writeString(STOCK.resolve("idp-metadata.xml"), new SignedResponses().idp().metadataXml(false));
		Path tilegateLib = layout.folder().resolve("lib");
		List<String> everyJar;
		try (Stream<Path> jars = Files.list(tilegateLib)) {
			everyJar = jars.map((jar) -> tilegateLib.relativize(jar).toString()).sorted().toList();
		}
		writeStockJar(everyJar.stream().map((jar) -> tilegateLib.resolve(jar).toUri().toString()).toList());
		ExtractedLayout.runToEnd(STOCK, List.of("-Xlog:class+load=info:file=class-load.txt",
				"-Dstocksp.idp-metadata=idp-metadata.xml", "-Dspring.context.exit=onRefresh", "-jar", STOCK_JAR),
				Map.of(), "class-load-run.log");
		Set<String> used = new LinkedHashSet<>();
		Matcher source = Pattern.compile("source: (?:jar:)?file:(\\S*/lib/)?([^/\\s!]+\\.jar)")
			.matcher(Files.readString(STOCK.resolve("class-load.txt")));
		while (source.find()) {
			if (source.group(1) != null && everyJar.contains(source.group(2))
					&& !NOT_IN_A_STOCK_SP.matcher(source.group(2)).matches()) {
				used.add(source.group(2));
			}
		}
		assertThat(used).as("the jars the stock SP loaded classes from").isNotEmpty();
		for (String jar : used) {
			Files.copy(tilegateLib.resolve(jar), STOCK.resolve("lib").resolve(jar));
		}
		writeStockJar(used.stream().map((jar) -> "lib/" + jar).toList());
		ExtractedLayout.Run training = ExtractedLayout.runToEnd(STOCK,
				List.of("-Xmx1g", "-XX:ArchiveClassesAtExit=" + ExtractedLayout.ARCHIVE,
						"-Dstocksp.idp-metadata=idp-metadata.xml", "-Dspring.context.exit=onRefresh", "-jar", STOCK_JAR),
				Map.of(), "training.log");
		assertThat(STOCK.resolve(ExtractedLayout.ARCHIVE)).as("the stock SP's archive").isRegularFile();
		return training;
	}

	private static void writeStockJar(List<String> classPath) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "stocksp.StockServiceProvider");
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
		Path classes = Path.of("target", "test-classes").toAbsolutePath();
		try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(STOCK.resolve(STOCK_JAR)), manifest);
				Stream<Path> files = Files.walk(classes.resolve("stocksp"))) {
			for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
				jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
				jar.write(Files.readAllBytes(file));
				jar.closeEntry();
			}
		}
	}

	private static long countJars(Path folder) throws IOException {
		try (Stream<Path> jars = Files.list(folder)) {
			return jars.filter((jar) -> jar.toString().endsWith(".jar")).count();
		}
	}

	/** The image's JVM options, its archive named as given, in the emulated container. */
	private static List<String> imageOptions(String archive) {
		List<String> options = new ArrayList<>();
		options.add("-XX:MaxRAM=" + LIMIT);
		for (String option : image.jvmOptions()) {
			options.add(option.startsWith("-XX:SharedArchiveFile=") ? "-XX:SharedArchiveFile=" + archive : option);
		}
		return options;
	}

	private static Start start(Variant variant, int round) throws IOException, InterruptedException {
		String jar = ExtractedLayout.packagedJar().getFileName().toString();
		List<String> arguments = new ArrayList<>();
		switch (variant) {
			case PLAIN -> arguments.addAll(List.of("-jar", ExtractedLayout.packagedJar().toString()));
			case EXTRACTED -> arguments.addAll(List.of("-jar", jar));
			case CDS -> arguments.addAll(List.of("-XX:SharedArchiveFile=" + ExtractedLayout.ARCHIVE, "-jar", jar));
			case IMAGE -> {
				arguments.addAll(imageOptions(ExtractedLayout.ARCHIVE));
				arguments.addAll(List.of("-jar", jar));
			}
			case STOCK -> {
				arguments.addAll(imageOptions(ExtractedLayout.ARCHIVE));
				arguments.addAll(List.of("-Dstocksp.idp-metadata=idp-metadata.xml", "-jar", STOCK_JAR));
			}
		}
		Path workDir = switch (variant) {
			case PLAIN -> WORK;
			case STOCK -> STOCK;
			default -> layout.folder();
		};
		String log = "start-" + variant.name().toLowerCase(Locale.ROOT) + "-" + round + ".log";
		int port = FreePort.any();
		Map<String, String> environment = new java.util.HashMap<>();
		if (variant == Variant.IMAGE || variant == Variant.STOCK) {
			environment.putAll(image.environment());
		}
		URI ready;
		if (variant == Variant.STOCK) {
			arguments.add("--server.port=" + port);
			ready = URI.create("http://127.0.0.1:" + port + "/");
		}
		else {
			environment.putAll(Map.of("SERVER_PORT", Integer.toString(port), "TILEGATE_ADMIN_PASSWORD",
					"startup-benchmark-password", "SPRING_DATASOURCE_URL", "jdbc:h2:file:" + WORK.resolve("data/tilegate")
							+ ";AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000"));
			ready = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
		}
		long started = System.nanoTime();
		Process process = ExtractedLayout.launch(workDir, arguments, environment, log);
		try {
			// The stock SP has no readiness endpoint: its first answer, whatever it is, is its ready.
			double wall = ExtractedLayout.awaitAnswer(process, ready,
					(status) -> variant == Variant.STOCK || status == 200, started, workDir.resolve(log));
			Start start = new Start(wall, ExtractedLayout.cpuSeconds(process),
					ExtractedLayout.compilerCpuSeconds(process.pid()));
			if (variant == Variant.CDS || variant == Variant.IMAGE || variant == Variant.STOCK) {
				assertThat(Files.readString(workDir.resolve(log)))
					.as("the JVM used the archive (see %s)", workDir.resolve(log))
					.doesNotContain("Unable to use shared archive");
			}
			return start;
		}
		finally {
			ExtractedLayout.stop(process);
		}
	}

	private enum Variant {

		PLAIN("java -jar (nested jars)"), EXTRACTED("extracted layout"),
		CDS("extracted layout + CDS (the image before, no limit)"),
		IMAGE("the image's command, container limit " + LIMIT),
		STOCK("stock Spring Security SP, packaged and run the same way");

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
