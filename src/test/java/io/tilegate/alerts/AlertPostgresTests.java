package io.tilegate.alerts;

import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The alert table's conditional updates and its DATE column on PostgreSQL (V20). */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class AlertPostgresTests extends AlertTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

}
