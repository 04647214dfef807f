package io.tilegate.scim;

import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database created in en-US, as production databases often are: its collation puts
 * "émile" before "fred" and "a-3" before "B-1", so only code point order gives the pages
 * H2 gives.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class ScimSortPostgresTests extends ScimSortTests {

	@RegisterExtension
	static final PostgresDatabase postgres = PostgresDatabase.collatingLike("en-US");

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

}
