package io.tilegate.connections;

import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same on a real PostgreSQL, through the V4 migration: URL, refresh time and error. */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class ConnectionMetadataUrlPostgresTests extends ConnectionMetadataUrlTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

}
