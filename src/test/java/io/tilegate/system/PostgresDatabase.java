package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

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
 * (no Docker, no network). One server per test class; it stops when the class's Spring
 * context is closed, so that no cached context is left pointing at a dead server.
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
 * {@code @DirtiesContext} closes the context, and so the server, when the class is done;
 * without it both live until the JVM exits. Needs {@code @AutoConfigureTestDatabase(replace = NONE)}
 * on slice tests, or Spring swaps the database for an in-memory one.
 */
public final class PostgresDatabase implements AfterAllCallback {

	private final Map<String, String> initdbLocale;

	private EmbeddedPostgres postgres;

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

	/** Points {@code spring.datasource.*} at this server, starting it on first use. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> server().getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	public synchronized EmbeddedPostgres server() {
		if (this.postgres == null) {
			try {
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
				this.initdbLocale.forEach(builder::setLocaleConfig);
				this.postgres = builder.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
			}
		}
		return this.postgres;
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.postgres == null) {
			return;
		}
		EmbeddedPostgres server = this.postgres;
		this.postgres = null;
		// This callback runs before Spring's own, which closes a dirtied context; a context left
		// in Spring's cache with its server gone would keep failing to refill its pool. So the
		// server goes when the context goes.
		ApplicationContext spring = SpringExtension.getApplicationContext(context);
		if (spring instanceof ConfigurableApplicationContext configurable && configurable.isActive()) {
			configurable.addApplicationListener((ContextClosedEvent event) -> {
				if (event.getApplicationContext() == configurable) {
					stop(server);
				}
			});
		}
		else {
			stop(server);
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
