package io.tilegate.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.system.FreePort;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much memory a Tilegate node holds at rest (issue 15: under 300 MB resident with the
 * container's default settings), for the {@code Dockerfile}'s own command beside the command
 * it had before: resident set ({@code VmRSS}) at ready, after a minute idle, and after a little
 * use (SCIM creates and first sign-ins) and another minute idle, which is the figure an admin
 * sees on a node that has served.
 *
 * <p>Docker is not needed: the benchmark runs the jar's extracted layout with its class-data
 * sharing archive, as the image does ({@link ExtractedLayout}), with the JVM options and
 * environment it reads from the {@code Dockerfile}'s {@code ENTRYPOINT} and {@code ENV} lines.
 * Each command runs under each container memory limit of {@code -Dbench.container-memory}
 * ({@code none,1g} by default): {@code none} is {@code docker run} without {@code -m}, where the
 * JVM sees the whole host; a limit is emulated with {@code -XX:MaxRAM}, which sizes the heap as
 * the limit would, and, below 1,792 MB, with the serial collector a container's JVM then takes of
 * its own accord, for a command that names no collector. {@code -Dbench.jvm-options="…"} adds a
 * line with other options under each limit, to try them (with the image's environment).
 *
 * <p>Run with {@code ./mvnw -B -ntp package -DskipTests} and then
 * {@code ./mvnw -Pbenchmark test -Dtest=IdleMemoryBenchmark} ({@code -Dbench.mode=short}: 20 s
 * idle instead of 60, 100 creates and sign-ins instead of 300). Figures are printed and written
 * to {@code target/benchmark/idle-memory.txt}; nothing is asserted of them. Linux only ({@code /proc}).
 */
@Tag("benchmark")
class IdleMemoryBenchmark {

	private static final Duration IDLE = Duration.ofSeconds(BenchmarkMode.size("bench.idle-seconds", 60, 20));

	private static final int LOAD = BenchmarkMode.size("bench.load", 300, 100);

	/** The container memory limits to emulate; {@code none} is {@code docker run} without {@code -m}. */
	private static final List<String> LIMITS = List.of(System.getProperty("bench.container-memory", "none,1g").split(","));

	private static final String PASSWORD = "idle-memory-benchmark-password";

	private static final Path WORK = Path.of("target", "benchmark", "idle-memory").toAbsolutePath();

	/** The {@code Dockerfile}'s command before issue 15's memory work. */
	private static final List<String> BEFORE = List.of("-XX:MaxRAMPercentage=75",
			"-XX:SharedArchiveFile=" + ExtractedLayout.ARCHIVE);

	private final SignedResponses signed = new SignedResponses();

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void residentSetAtRestAfterStartAndAfterUse() throws Exception {
		FileSystemUtils.deleteRecursively(WORK);
		Files.createDirectories(WORK);
		ExtractedLayout layout = ExtractedLayout.extract(WORK.resolve("app"));
		layout.train(WORK.resolve("training/tilegate"));
		ExtractedLayout.DockerfileCommand image = ExtractedLayout.dockerfileCommand();

		List<String> tried = (System.getProperty("bench.jvm-options", "").isBlank()) ? List.of()
				: Arrays.asList(System.getProperty("bench.jvm-options").trim().split("\\s+"));
		Map<String, Variant> variants = new LinkedHashMap<>();
		for (String limit : LIMITS) {
			String tag = limit.trim();
			variants.put("before-" + tag, new Variant("the image's command before: " + String.join(" ", BEFORE),
					tag, BEFORE, Map.of()));
			variants.put("image-" + tag, new Variant("the image's command now: " + String.join(" ", image.jvmOptions())
					+ (image.environment().isEmpty() ? "" : ", " + image.environment()), tag,
					image.jvmOptions(), image.environment()));
			if (!tried.isEmpty()) {
				variants.put("tried-" + tag, new Variant("-Dbench.jvm-options: " + String.join(" ", tried), tag,
						tried, image.environment()));
			}
		}

		// One database made by a first start, copied for each variant: every one starts on the
		// same schema and SP key pair, as a restarted node does.
		int firstPort = FreePort.any();
		Process first = layout.launch(BEFORE, environment(WORK.resolve("data/tilegate"), firstPort), "first.log");
		try {
			ExtractedLayout.awaitAnswer(first, readiness(firstPort), (status) -> status == 200, System.nanoTime(),
					layout.folder().resolve("first.log"));
		}
		finally {
			ExtractedLayout.stop(first);
		}

		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT,
				"Tilegate's resident set at rest (VmRSS), %s, on %d cores and %d MB, %s %s", BenchmarkMode.describe(),
				Runtime.getRuntime().availableProcessors(), hostMegabytes(), System.getProperty("java.vm.name"),
				System.getProperty("java.version")));
		report.add(String.format(Locale.ROOT,
				"  use between the idle minutes: %d SCIM creates and %d first sign-ins; idle %d s each time", LOAD, LOAD,
				IDLE.toSeconds()));
		for (Map.Entry<String, Variant> entry : variants.entrySet()) {
			Variant variant = entry.getValue();
			List<String> emulation = containerEmulation(variant.limit(), variant.jvmOptions());
			report.add(String.format(Locale.ROOT, "  container limit %s: %s%s", variant.limit(), variant.description(),
					emulation.isEmpty() ? "" : " (emulated with " + String.join(" ", emulation) + ")"));
			report.add("    " + measure(layout, entry.getKey(), entry.getValue()));
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "idle-memory.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	private Footprint measure(ExtractedLayout layout, String name, Variant variant) throws Exception {
		Path data = WORK.resolve("data-" + name);
		FileSystemUtils.copyRecursively(WORK.resolve("data"), data);
		int port = FreePort.any();
		Map<String, String> environment = new HashMap<>(environment(data.resolve("tilegate"), port));
		environment.putAll(variant.environment());
		String log = "idle-" + name + ".log";
		long started = System.nanoTime();
		Process process = layout.launch(container(variant.limit(), variant.jvmOptions()), environment, log);
		try {
			double wall = ExtractedLayout.awaitAnswer(process, readiness(port), (status) -> status == 200, started,
					layout.folder().resolve(log));
			double cpu = ExtractedLayout.cpuSeconds(process);
			double atReady = ExtractedLayout.residentMegabytes(process.pid());
			Thread.sleep(IDLE.toMillis());
			double idle = ExtractedLayout.residentMegabytes(process.pid());
			double beforeUse = ExtractedLayout.cpuSeconds(process);
			use(port, name);
			double useCpu = ExtractedLayout.cpuSeconds(process) - beforeUse;
			double afterUse = ExtractedLayout.residentMegabytes(process.pid());
			Thread.sleep(IDLE.toMillis());
			double idleAfterUse = ExtractedLayout.residentMegabytes(process.pid());
			assertThat(Files.readString(layout.folder().resolve(log))).as("the JVM used the archive (see %s)", log)
				.doesNotContain("Unable to use shared archive");
			return new Footprint(wall, cpu, atReady, idle, afterUse, idleAfterUse, 1000 * useCpu / (2 * LOAD));
		}
		finally {
			ExtractedLayout.stop(process);
		}
	}

	/** A connection and its SCIM token through the admin API, then SCIM creates and first sign-ins. */
	private void use(int port, String prefix) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String admin = "Basic " + Base64.getEncoder()
			.encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		String connection = this.json.writeValueAsString(
				Map.of("id", SignedResponses.CONNECTION, "metadataXml", this.signed.idp().metadataXml(false)));
		send(http, post(port, "/api/v1/connections", admin, connection), 201);
		String token = this.json
			.readTree(send(http, post(port, "/api/v1/connections/" + SignedResponses.CONNECTION + "/scim-tokens", admin,
					"{\"label\":\"idle memory benchmark\"}"), 201))
			.get("token")
			.asText();
		List<KeepAliveClients.Request> creates = IntStream.range(0, LOAD)
			.mapToObj((i) -> new KeepAliveClients.Request("POST", "/scim/v2/Users",
					Map.of("Authorization", "Bearer " + token, "Content-Type", "application/scim+json"),
					scimUser(prefix + "-scim" + i)))
			.toList();
		KeepAliveClients clients = new KeepAliveClients(URI.create("http://127.0.0.1:" + port), 4);
		clients.run(creates, "SCIM creates",
				(i, answer) -> answer.head().startsWith("HTTP/1.1 201") ? null : answer.head().lines().findFirst().orElse(""));
		clients.run(SignedResponses.acsPosts(this.signed.responses(prefix + "-saml", LOAD, 0)), "first sign-ins",
				(i, answer) -> SignedResponses.signInProblem(answer));
	}

	private static HttpRequest post(int port, String path, String authorization, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
			.isEqualTo(expected);
		return response.body();
	}

	private static byte[] scimUser(String name) {
		return ("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "userName":"%1$s@example.com","name":{"givenName":"First %1$s","familyName":"Last %1$s"},
				 "emails":[{"primary":true,"value":"%1$s@example.com","type":"work"}],
				 "displayName":"First %1$s Last %1$s","active":true}""".formatted(name))
			.getBytes(StandardCharsets.UTF_8);
	}

	/** The options with the container's limit emulated, and its collector where none is named. */
	private static List<String> container(String limit, List<String> options) {
		List<String> all = new ArrayList<>(containerEmulation(limit, options));
		all.addAll(options);
		return all;
	}

	/**
	 * In a container the JVM sizes its heap from the limit, which {@code -XX:MaxRAM} reproduces;
	 * it also takes the serial collector below 1,792 MB, which {@code -XX:MaxRAM} does not (the
	 * JVM reads that choice from the memory it sees), so it is named where the options name none.
	 */
	private static List<String> containerEmulation(String limit, List<String> options) {
		List<String> emulation = new ArrayList<>();
		if (limit.equals("none")) {
			return emulation;
		}
		emulation.add("-XX:MaxRAM=" + limit);
		boolean namesCollector = options.stream().anyMatch((option) -> option.matches("-XX:\\+Use\\w+GC"));
		if (!namesCollector && megabytes(limit) < 1792) {
			emulation.add("-XX:+UseSerialGC");
		}
		return emulation;
	}

	private static long hostMegabytes() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
	}

	private static long megabytes(String size) {
		String value = size.toLowerCase(Locale.ROOT);
		long number = Long.parseLong(value.replaceAll("[^0-9]", ""));
		return value.endsWith("g") ? number * 1024 : value.endsWith("m") ? number : number >> 20;
	}

	private static Map<String, String> environment(Path database, int port) {
		// The SCIM throttle and Tomcat's 100 requests per connection raised out of the way of a
		// longer use (-Dbench.load=) from 4 keep-alive clients with one token.
		return Map.of("SERVER_PORT", Integer.toString(port), "TILEGATE_ADMIN_PASSWORD", PASSWORD,
				"TILEGATE_BASE_URL", SignedResponses.BASE, "SPRING_DATASOURCE_URL",
				"jdbc:h2:file:" + database + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000",
				"SERVER_TOMCAT_MAX_KEEP_ALIVE_REQUESTS", "-1", "TILEGATE_SCIM_REQUESTS_PER_SECOND", "1000000",
				"TILEGATE_SCIM_BURST", "1000000");
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	private record Variant(String description, String limit, List<String> jvmOptions, Map<String, String> environment) {
	}

	/**
	 * @param useCpuMillis the process's CPU per SCIM create or first sign-in during the use, what
	 * a setting that saves memory may cost in collections (the JIT compilers' work included: a
	 * longer use, {@code -Dbench.load=}, makes that share smaller)
	 */
	private record Footprint(double wallSeconds, double cpuSeconds, double atReady, double idle, double afterUse,
			double idleAfterUse, double useCpuMillis) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"resident: at ready %.0f MB, idle %.0f MB; after use %.0f MB, idle again %.0f MB "
							+ "(start-up: wall %.1f s, CPU %.1f s; use: CPU %.2f ms per operation)",
					this.atReady, this.idle, this.afterUse, this.idleAfterUse, this.wallSeconds, this.cpuSeconds,
					this.useCpuMillis);
		}

	}

}
