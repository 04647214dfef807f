package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tilegate as an operator runs it: the packaged jar ({@code java -jar}), started in a working
 * folder of its own, in a process of its own that a test can kill with SIGKILL. For tests
 * that are about the process itself; everything else runs in the test's JVM.
 */
public final class TilegateProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final Path workDir;

	private final Path log;

	private final int port;

	private final Process process;

	private TilegateProcess(Path workDir, Path log, int port, Process process) {
		this.workDir = workDir;
		this.log = log;
		this.port = port;
		this.process = process;
	}

	/**
	 * Starts the jar named by the {@code tilegate.jar} system property (Failsafe sets it to the
	 * one {@code mvn package} built) and waits until it answers HTTP.
	 * @param workDir the process's working folder: the default H2 file and the IdP metadata
	 * folder are relative to it
	 * @param logName the file in {@code workDir} that takes the process's output
	 */
	public static TilegateProcess start(Path workDir, String logName, Map<String, String> environment,
			List<String> arguments) {
		String jar = System.getProperty("tilegate.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No Tilegate jar at '" + jar + "': run these tests with 'mvn verify', "
					+ "which packages the jar and sets -Dtilegate.jar for Failsafe.");
		}
		int port = FreePort.any();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		// A short-lived test server: the quick compiler alone starts it sooner on two busy cores.
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-jar");
		command.add(Path.of(jar).toAbsolutePath().toString());
		command.add("--server.port=" + port);
		command.addAll(arguments);
		Path log = workDir.resolve(logName);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		try {
			TilegateProcess started = new TilegateProcess(workDir, log, port, builder.start());
			started.awaitReady();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** SIGKILL: no shutdown hook, no connection pool closed, no database file closed. */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/** What the process printed, for a failure message. */
	public String output() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			waitForExit();
		}
	}

	private void waitForExit() {
		try {
			if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Tilegate exited with " + this.process.exitValue() + " while starting in "
						+ this.workDir + ":\n" + output());
			}
			try {
				if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		close();
		throw new IllegalStateException("Tilegate did not answer within " + START_TIMEOUT + ":\n" + output());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
