package io.tilegate.directory;

import java.util.Locale;

/**
 * The rule on the characters of what names a user or a group: a user name, a group name, an
 * external id. Control characters (C0, DEL and C1; Unicode's {@code Cc}) are refused: they are
 * invisible or move the cursor wherever these values are shown (the console, the log, a CSV
 * export), PostgreSQL refuses a NUL that H2 keeps, and no IdP has a reason to send one; a C1
 * character is mostly text decoded with the wrong charset. Every other character, in any
 * script, is allowed.
 */
final class ControlCharacters {

	private ControlCharacters() {
	}

	/**
	 * @param attribute the name the client knows the value by, e.g. {@code userName}
	 * @return why the value is refused, or {@code null} when it has no control character
	 */
	static String refusal(String attribute, String value) {
		if (value == null) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				return String.format(Locale.ROOT, "The %s has the control character U+%04X at position %d; names and "
						+ "ids in Tilegate hold no control characters (tab, newline, NUL, escape, ...). Correct the "
						+ "value in the IdP.", attribute, (int) c, i + 1);
			}
		}
		return null;
	}

}
