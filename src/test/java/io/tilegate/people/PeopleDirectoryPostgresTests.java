package io.tilegate.people;

import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The people directory on a real PostgreSQL: its search, name order and recursive walk up
 * the manager links are SQL that H2 forgives more than PostgreSQL.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class PeopleDirectoryPostgresTests extends PeopleDirectoryTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

}
