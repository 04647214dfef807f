package io.tilegate.access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.TilegateApplication;
import io.tilegate.config.TilegateProperties;
import io.tilegate.events.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The break-glass admin across real starts of Tilegate on one database. On both databases:
 * nodes starting together create it once (the insert-if-absent is plain SQL).
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class BreakGlassAdminTests {

	private static final Pattern GENERATED = Pattern
		.compile("Break-glass admin created: user 'admin', password '([A-Za-z0-9_-]+)'");

	/** A fresh, empty database that outlives one start of the application. */
	protected abstract String newDatabaseUrl();

	protected List<String> databaseArguments() {
		return List.of();
	}

	@Test
	void nodesStartingTogetherCreateOneAdminAndShowOnePassword(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext tilegate = start(newDatabaseUrl(), "")) {
			JdbcTemplate jdbc = tilegate.getBean(JdbcTemplate.class);
			jdbc.update("delete from admin_account");
			int seenBefore = output.getOut().length();
			int nodes = 6;
			List<AdminAccounts> starting = new ArrayList<>();
			for (int i = 0; i < nodes; i++) {
				starting.add(anotherNode(tilegate, ""));
			}
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService threads = Executors.newFixedThreadPool(nodes);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (AdminAccounts node : starting) {
					done.add(threads.submit(() -> {
						go.await();
						node.ensureBreakGlassAdmin();
						return null;
					}));
				}
				go.countDown();
				for (Future<?> each : done) {
					each.get();
				}
			}
			finally {
				threads.shutdownNow();
			}

			List<String> shown = generatedPasswords(output.getOut().substring(seenBefore));
			assertThat(shown).hasSize(1);
			assertThat(jdbc.queryForObject("select count(*) from admin_account", Integer.class)).isEqualTo(1);
			assertThat(adminApiStatus(tilegate, "admin", shown.get(0))).isEqualTo(200);
		}
	}

	@Test
	void anAdminWhoseEventCannotBeWrittenIsNotCreatedAndNoPasswordIsShown(CapturedOutput output) {
		try (ConfigurableApplicationContext tilegate = start(newDatabaseUrl(), "")) {
			JdbcTemplate jdbc = tilegate.getBean(JdbcTemplate.class);
			jdbc.update("delete from admin_account");
			jdbc.update("delete from event_log where type = 'ADMIN_ACTION'");
			jdbc.execute("alter table event_log add constraint refuse_admin_actions check (type <> 'ADMIN_ACTION')");
			int seenBefore = output.getOut().length();

			assertThatThrownBy(() -> anotherNode(tilegate, "").ensureBreakGlassAdmin())
				.isInstanceOf(DataIntegrityViolationException.class);
			assertThatThrownBy(() -> anotherNode(tilegate, "correct horse battery staple").ensureBreakGlassAdmin())
				.isInstanceOf(DataIntegrityViolationException.class);

			assertThat(jdbc.queryForObject("select count(*) from admin_account", Integer.class)).isZero();
			assertThat(generatedPasswords(output.getOut().substring(seenBefore))).isEmpty();
			assertThat(output.getOut().substring(seenBefore).lines().filter((line) -> line.contains("AdminAccounts")))
				.noneMatch((line) -> line.contains("Break-glass admin 'admin' created"));

			jdbc.execute("alter table event_log drop constraint refuse_admin_actions");
			anotherNode(tilegate, "").ensureBreakGlassAdmin();
			List<String> shown = generatedPasswords(output.getOut().substring(seenBefore));
			assertThat(shown).hasSize(1);
			assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'ADMIN_ACTION'", Integer.class))
				.isEqualTo(1);
			assertThat(adminApiStatus(tilegate, "admin", shown.get(0))).isEqualTo(200);
		}
	}

	protected ConfigurableApplicationContext start(String databaseUrl, String adminPassword) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + databaseUrl,
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--tilegate.admin-password=" + adminPassword));
		arguments.addAll(databaseArguments());
		return new SpringApplicationBuilder(TilegateApplication.class).run(arguments.toArray(String[]::new));
	}

	/**
	 * The break-glass admin's start-up step as another node (or a restart) on the same database
	 * runs it, with its own configured password. Cheaper than a whole second start, and the
	 * running node checks passwords against the database on every call, so it sees the result.
	 */
	protected static AdminAccounts anotherNode(ConfigurableApplicationContext tilegate, String adminPassword) {
		TilegateProperties properties = tilegate.getBean(TilegateProperties.class);
		return new AdminAccounts(tilegate.getBean(JdbcTemplate.class), tilegate.getBean(EventLog.class),
				Clock.systemUTC(), new TilegateProperties(properties.baseUrl(), properties.idpMetadataDir(),
						adminPassword, properties.saml(), properties.scim(), properties.events(), properties.metadata(),
						properties.admin(), properties.personas(), properties.images()),
				tilegate.getBean(PlatformTransactionManager.class));
	}

	protected static String storedHash(ConfigurableApplicationContext tilegate) {
		return tilegate.getBean(JdbcTemplate.class)
			.queryForObject("select password_hash from admin_account where user_name = 'admin'", String.class);
	}

	protected static List<String> generatedPasswords(String log) {
		List<String> passwords = new ArrayList<>();
		Matcher matcher = GENERATED.matcher(log);
		while (matcher.find()) {
			passwords.add(matcher.group(1));
		}
		return passwords;
	}

	protected static int adminApiStatus(ConfigurableApplicationContext tilegate, String user, String password) {
		String port = tilegate.getEnvironment().getProperty("local.server.port");
		String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/api-keys"))
			.header("Authorization", "Basic " + basic)
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
