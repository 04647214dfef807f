package io.tilegate.directory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;

import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The directory with what it needs and nothing more: Flyway, JPA, the event log and the
 * connections, on a private in-memory H2 (or on PostgreSQL, see
 * {@code io.tilegate.system.PostgresDatabase}). No web or security layer.
 *
 * <p>{@code @DataJpaTest} wraps each test in a transaction that is rolled back; tests of
 * code that opens its own transactions put {@code @Transactional(propagation = NOT_SUPPORTED)}
 * on the class and clear the tables with {@link DirectoryTables}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ Directory.class, CustomFields.class, Managers.class, NewUserRows.class, IdentityLinks.class, GroupMemberships.class,
		UserEntries.class, UnicodeOrder.class, DatabaseProduct.class, EventLog.class, Connections.class, DirectorySlice.SystemClock.class })
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:tilegate-${random.uuid}")
public @interface DirectorySlice {

	@TestConfiguration(proxyBeanMethods = false)
	class SystemClock {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
