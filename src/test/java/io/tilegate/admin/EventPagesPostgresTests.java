package io.tilegate.admin;

import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The events pages on a real PostgreSQL: the filters, the page of events with links to the
 * users still there, and a user's login history are SQL that H2 forgives more than PostgreSQL.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class EventPagesPostgresTests extends EventPagesTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

}
