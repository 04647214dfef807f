package io.tilegate.access;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same starts on a real PostgreSQL: insert-if-absent and the rotation are plain SQL.
 * The server is started here rather than by {@code PostgresDatabase}, because these tests
 * start Tilegate themselves instead of through a Spring test context.
 */
class BreakGlassAdminPostgresTests extends BreakGlassAdminTests {

	private static EmbeddedPostgres postgres;

	private static int databases;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Override
	protected String newDatabaseUrl() {
		String name = "admin_" + (++databases);
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

	@Override
	protected List<String> databaseArguments() {
		return List.of("--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
	}

}
