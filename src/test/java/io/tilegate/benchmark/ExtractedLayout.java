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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tilegate's packaged jar run as the {@code Dockerfile} runs it, for the benchmarks that start it
 * in a JVM of its own ({@link StartupBenchmark}, {@link IdleMemoryBenchmark}): the jar
 * {@code ./mvnw package} left in {@code target/}, its extracted layout ({@code tilegate.jar}
 * beside {@code lib/}), the class-data sharing archive of a training run, and the JVM options
 * and environment the {@code Dockerfile}'s {@code ENTRYPOINT} and {@code ENV} lines give.
 */
final class ExtractedLayout {

	static final String ARCHIVE = "application.jsa";

	static final Duration START_TIMEOUT = Duration.ofMinutes(5);

	private final Path folder;

	private final String jarName;

	private ExtractedLayout(Path folder, String jarName) {
		this.folder = folder;
		this.jarName = jarName;
	}

	/** Extracts the packaged jar into {@code folder}, as the {@code Dockerfile}'s build stage does. */
	static ExtractedLayout extract(Path folder) throws IOException, InterruptedException {
		Path jar = packagedJar();
		runToEnd(folder.getParent(),
				List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", folder.toString()),
				Map.of(), folder.getFileName() + "-extract.log");
		return new ExtractedLayout(folder, jar.getFileName().toString());
	}

	static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("tilegate-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No tilegate-*.jar in target/: run './mvnw -B -ntp package -DskipTests' first"))
				.toAbsolutePath();
		}
	}

	Path folder() {
		return this.folder;
	}

	String jarName() {
		return this.jarName;
	}

	/**
	 * The {@code Dockerfile}'s training run, which writes {@link #ARCHIVE}: relative paths from
	 * the extracted folder, which the archive records.
	 * @param database the throw-away H2 file the run builds the context on
	 */
	Run train(Path database) throws IOException, InterruptedException {
		Run training = runToEnd(this.folder, List.of("-Xmx1g", "-XX:ArchiveClassesAtExit=" + ARCHIVE,
				"-Dspring.context.exit=onRefresh", "-jar", this.jarName),
				Map.of("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + database), "training.log");
		assertThat(this.folder.resolve(ARCHIVE)).as("the training run's archive; see " + this.folder.resolve("training.log"))
			.isRegularFile();
		return training;
	}

	/** Starts Tilegate from the extracted folder with these JVM options before {@code -jar}. */
	Process launch(List<String> jvmOptions, Map<String, String> environment, String log) throws IOException {
		List<String> arguments = new ArrayList<>(jvmOptions);
		arguments.add("-jar");
		arguments.add(this.jarName);
		return launch(this.folder, arguments, environment, log);
	}

	static Process launch(Path workDir, List<String> arguments, Map<String, String> environment, String log)
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

	/** Runs a JVM to its end, as the training runs and the extraction do. */
	static Run runToEnd(Path workDir, List<String> arguments, Map<String, String> environment, String log)
			throws IOException, InterruptedException {
		long started = System.nanoTime();
		Process process = launch(workDir, arguments, environment, log);
		// Read before the process ends: afterwards the JVM cannot tell its CPU time any more.
		long cpu = 0;
		while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
			cpu = process.info().totalCpuDuration().map(Duration::toNanos).orElse(cpu);
		}
		assertThat(process.exitValue()).as("exit of java %s; see %s", arguments, workDir.resolve(log)).isZero();
		return new Run((System.nanoTime() - started) / 1e9, cpu / 1e9);
	}

	/**
	 * Waits until {@code url} answers with a status that {@code ready} accepts, and returns the
	 * wall seconds since {@code startedNanos}.
	 */
	static double awaitAnswer(Process process, URI url, java.util.function.IntPredicate ready, long startedNanos,
			Path log) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
		while (System.nanoTime() - startedNanos < START_TIMEOUT.toNanos()) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The JVM exited with " + process.exitValue() + "; see " + log);
			}
			try {
				if (ready.test(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())) {
					return (System.nanoTime() - startedNanos) / 1e9;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException(url + " did not answer within " + START_TIMEOUT + "; see " + log);
	}

	static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}

	static double cpuSeconds(Process process) {
		return process.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
	}

	/** The process's resident set ({@code VmRSS} of Linux's {@code /proc/<pid>/status}), in MB. */
	static double residentMegabytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No VmRSS in /proc/" + pid + "/status");
	}

	/** The CPU time of the JIT compilers' threads, from Linux's /proc; -1 elsewhere. */
	static double compilerCpuSeconds(long pid) {
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

	/**
	 * What the {@code Dockerfile} runs: the JVM options of its {@code ENTRYPOINT} between
	 * {@code java} and {@code -jar}, and the variables of its {@code ENV} lines, so that a
	 * benchmark measures the image's own settings rather than a copy that could drift from them.
	 */
	static DockerfileCommand dockerfileCommand() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*\\])\\s*$").matcher(dockerfile);
		assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT in exec form").isTrue();
		List<String> command = new ObjectMapper().readValue(entrypoint.group(1), new TypeReference<List<String>>() {
		});
		int jar = command.indexOf("-jar");
		assertThat(command.get(0)).isEqualTo("java");
		assertThat(jar).as("-jar in the ENTRYPOINT").isPositive();
		Map<String, String> environment = new LinkedHashMap<>();
		Matcher env = Pattern.compile("(?m)^ENV\\s+([A-Z_][A-Z0-9_]*)=(\\S+)\\s*$").matcher(dockerfile);
		while (env.find()) {
			environment.put(env.group(1), env.group(2).replace("\"", ""));
		}
		return new DockerfileCommand(List.copyOf(command.subList(1, jar)), Map.copyOf(environment));
	}

	record DockerfileCommand(List<String> jvmOptions, Map<String, String> environment) {
	}

	record Run(double wallSeconds, double cpuSeconds) {
	}

}
