package io.tilegate.directory;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FoundationMigrationH2Tests extends FoundationMigrationTests {

	/**
	 * Spring Boot 3.5's own Flyway (11.7) warned at every start that H2 2.5 is newer than it
	 * had tested; the pom's Flyway has tested it.
	 */
	@Test
	void flywayHasTestedThisH2AndSaysNothingAboutIt(CapturedOutput output) {
		Flyway.configure()
			.dataSource("jdbc:h2:mem:flyway-knows-h2;DB_CLOSE_DELAY=-1", "sa", "")
			.locations("classpath:db/migration")
			.load()
			.migrate();

		assertThat(output.getAll()).contains("(H2 2.5)").doesNotContain("Flyway upgrade recommended");
	}

}
