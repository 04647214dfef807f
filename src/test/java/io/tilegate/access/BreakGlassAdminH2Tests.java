package io.tilegate.access;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On H2 also: the generated password shown once and not again on the next start, and a
 * configured one rotated. Their SQL is the same as the concurrent first start's, which runs
 * on both databases.
 */
class BreakGlassAdminH2Tests extends BreakGlassAdminTests {

	@Override
	protected String newDatabaseUrl() {
		return "jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	@Test
	void aGeneratedPasswordIsShownOnceAndWorks(CapturedOutput output) {
		try (ConfigurableApplicationContext tilegate = start(newDatabaseUrl(), "")) {
			List<String> shown = generatedPasswords(output.getOut());
			assertThat(shown).hasSize(1);
			String password = shown.get(0);
			assertThat(password).hasSize(24);
			String hash = storedHash(tilegate);
			assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(password);
			assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(password, hash)).isTrue();
			assertThat(adminApiStatus(tilegate, "admin", password)).isEqualTo(200);
			assertThat(adminApiStatus(tilegate, "admin", password + "x")).isEqualTo(401);
			int seenBefore = output.getOut().length();

			anotherNode(tilegate, "").ensureBreakGlassAdmin();

			assertThat(output.getOut().substring(seenBefore)).doesNotContain("Break-glass admin created");
			assertThat(storedHash(tilegate)).isEqualTo(hash);
			assertThat(adminApiStatus(tilegate, "admin", password)).isEqualTo(200);
		}
	}

	@Test
	void aConfiguredPasswordIsNeverShownAndChangingItRotatesIt(CapturedOutput output) {
		String first = "first-configured-Pa55word";
		String second = "second-configured-Pa55word";
		try (ConfigurableApplicationContext tilegate = start(newDatabaseUrl(), first)) {
			assertThat(storedHash(tilegate)).startsWith("{bcrypt}");
			assertThat(adminApiStatus(tilegate, "admin", first)).isEqualTo(200);

			anotherNode(tilegate, second).ensureBreakGlassAdmin();

			assertThat(adminApiStatus(tilegate, "admin", first)).isEqualTo(401);
			assertThat(adminApiStatus(tilegate, "admin", second)).isEqualTo(200);
		}
		assertThat(output.getOut()).doesNotContain(first)
			.doesNotContain(second)
			.doesNotContain("Break-glass admin created")
			.contains("password changed to the one in TILEGATE_ADMIN_PASSWORD");
	}

}
