package io.tilegate.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The break-glass password Tilegate makes up when {@code TILEGATE_ADMIN_PASSWORD} is not set. */
class GeneratedAdminPasswordTests {

	private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final int PASSWORDS = 10_000;

	@Test
	void noPasswordStartsWithADashThatAShellToolWouldReadAsAnOption() {
		for (int i = 0; i < PASSWORDS; i++) {
			String password = AdminAccounts.generatePassword();

			assertThat(password).doesNotStartWith("-").matches("[A-Za-z0-9]{24}");
		}
	}

	/**
	 * Strength kept: every one of the 62 characters turns up at every position, the first
	 * included. With 10,000 passwords a character is missing from a position with a chance
	 * of about 10^-67, so this fails only if the alphabet or the draw is narrowed.
	 */
	@Test
	void everyPositionDrawsFromAllSixtyTwoLettersAndDigits() {
		List<Set<Character>> seen = new ArrayList<>();
		for (int position = 0; position < 24; position++) {
			seen.add(new HashSet<>());
		}
		for (int i = 0; i < PASSWORDS; i++) {
			String password = AdminAccounts.generatePassword();
			for (int position = 0; position < password.length(); position++) {
				seen.get(position).add(password.charAt(position));
			}
		}

		for (Set<Character> characters : seen) {
			assertThat(characters).hasSize(LETTERS_AND_DIGITS.length());
		}
	}

}
