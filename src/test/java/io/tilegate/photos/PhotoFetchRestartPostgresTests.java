package io.tilegate.photos;

import java.io.IOException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * On a real PostgreSQL, started here rather than by {@code PostgresDatabase}: these tests start
 * Tilegate themselves instead of through a Spring test context.
 */
class PhotoFetchRestartPostgresTests extends PhotoFetchRestartTests {

	private static EmbeddedPostgres postgres;

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
		return postgres.getJdbcUrl("postgres", "postgres");
	}

	@Override
	protected List<String> databaseArguments() {
		return List.of("--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
	}

}
