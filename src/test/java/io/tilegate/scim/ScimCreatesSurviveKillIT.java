package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tilegate.api.AdminHttp;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.PostgresDatabase;
import io.tilegate.system.TilegateProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 201 from SCIM means the user exists, even if Tilegate is killed the next instant: the IdP
 * never sends that user again. Eight provisioning clients create users against a forked
 * Tilegate, which is killed with SIGKILL once {@value #ACKNOWLEDGED} creates were answered;
 * after a restart every acknowledged user is there, once. On the default embedded H2 file,
 * which commits to disk in the background unless told otherwise, and on PostgreSQL.
 */
class ScimCreatesSurviveKillIT {

	private static final int ACKNOWLEDGED = 1500;

	private static final int CLIENTS = 8;

	private static final String PASSWORD = "kill-test-admin-password";

	private static final String CONNECTION = "okta";

	private Path workDir;

	@Test
	void onTheDefaultH2File() throws Exception {
		this.workDir = emptyFolder("h2-file");
		provisionKillRestartAndCount(List.of());
	}

	@Test
	void onPostgres() throws Exception {
		this.workDir = emptyFolder("postgres");
		PostgresDatabase database = new PostgresDatabase();
		EmbeddedPostgres postgres = database.server();
		try {
			provisionKillRestartAndCount(List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
		}
		finally {
			postgres.close();
		}
	}

	/** Under target/, so that the processes' logs are there to read when this fails. */
	private static Path emptyFolder(String name) throws IOException {
		Path folder = Path.of("target", "kill-test", name).toAbsolutePath();
		FileSystemUtils.deleteRecursively(folder);
		return Files.createDirectories(folder);
	}

	private void provisionKillRestartAndCount(List<String> database) throws Exception {
		Files.createDirectories(this.workDir.resolve("idp-metadata"));
		Files.writeString(this.workDir.resolve("idp-metadata").resolve(CONNECTION + ".xml"),
				SamlIdentityProvider.create("https://idp.okta.test/metadata", "https://idp.okta.test/sso",
						"https://idp.okta.test/slo")
					.metadataXml(false));
		List<String> arguments = new ArrayList<>(database);
		// The per-token rate limit would turn this load into 429s; it is not what is tested here.
		arguments.add("--tilegate.scim.requests-per-second=1000000");
		arguments.add("--tilegate.scim.burst=1000000");
		Map<String, String> environment = Map.of("TILEGATE_ADMIN_PASSWORD", PASSWORD);

		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		String token;
		long began = System.nanoTime();
		try (TilegateProcess first = TilegateProcess.start(this.workDir, "first.log", environment, arguments)) {
			phase("started", began);
			JsonHttpResponse issued = new AdminHttp(first.port()).basic("admin", PASSWORD)
				.post("/api/v1/connections/" + CONNECTION + "/scim-tokens", "{\"label\":\"kill test\"}");
			assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
			token = issued.json().path("token").asText();
			createUntilKilled(first, new ScimHttp(first.port(), token), acknowledged);
			phase(acknowledged.size() + " creates answered, then killed", began);
		}

		try (TilegateProcess second = TilegateProcess.start(this.workDir, "second.log", environment, arguments)) {
			phase("restarted", began);
			List<String> stored = new ScimHttp(second.port(), token).userNames();
			phase(stored.size() + " users listed", began);
			Set<String> distinct = new HashSet<>(stored);
			assertThat(stored).as("user names listed twice").hasSameSizeAs(distinct);
			Set<String> lost = new HashSet<>(acknowledged);
			lost.removeAll(distinct);
			assertThat(lost).as("users answered 201 and gone after kill -9 (%d of %d)", lost.size(), acknowledged.size())
				.isEmpty();
		}
	}

	private void phase(String what, long began) {
		System.out.printf("[kill test %s] %s after %.1f s%n", this.workDir.getFileName(), what,
				(System.nanoTime() - began) / 1e9);
	}

	/** Creates users from {@value #CLIENTS} clients, and kills the server in mid-stream. */
	private static void createUntilKilled(TilegateProcess server, ScimHttp scim, Set<String> acknowledged)
			throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		AtomicInteger sequence = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			running.add(clients.submit(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					String userName = "killed-" + sequence.incrementAndGet() + "@example.com";
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
					acknowledged.add(userName);
				}
				return null;
			}));
		}
		try {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (acknowledged.size() < ACKNOWLEDGED && System.nanoTime() < deadline) {
				for (Future<?> client : running) {
					if (client.isDone()) {
						client.get();
					}
				}
				Thread.sleep(5);
			}
			assertThat(acknowledged).as("creates answered before the deadline").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED);
			server.kill();
			for (Future<?> client : running) {
				client.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

}
