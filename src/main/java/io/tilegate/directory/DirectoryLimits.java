package io.tilegate.directory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the directory's tables can keep, in one place for the services that write them: the
 * column lengths, the characters a name may hold, and the precision of a time stamp. A sign-in
 * skips what does not fit with a warning (it must not be blocked by one odd attribute); a
 * provisioning client is refused, so that it learns its value was not kept as sent.
 */
final class DirectoryLimits {

	static final int MAX_USER_NAME = 255;

	static final int MAX_LABEL = 255;

	static final int MAX_GROUP_NAME = 255;

	static final int MAX_CUSTOM_VALUE = 4000;

	static final int MAX_IDENTIFIER = 255;

	static final int MAX_OFFICE_ADDRESS = 1024;

	private DirectoryLimits() {
	}

	static void checkUserName(String userName) {
		if (userName == null || userName.isBlank()) {
			throw new ProfileRejectedException("userName", "A user name must not be empty.");
		}
		checkLength("userName", userName, MAX_USER_NAME);
		refuseControlCharacters("userName", userName);
	}

	/**
	 * Called for a value being written only, so that one kept from before the rule does not
	 * block every other change to its user.
	 */
	static void refuseControlCharacters(String field, String value) {
		String refusal = ControlCharacters.refusal(field, value);
		if (refusal != null) {
			throw new ProfileRejectedException(field, refusal);
		}
	}

	static void checkLength(String field, String value, int max) {
		if (value != null && value.length() > max) {
			throw new ProfileRejectedException(field, "The " + field + " value '" + value.substring(0, 40) + "…' has "
					+ value.length() + " characters; at most " + max + " can be kept.");
		}
	}

	/** The warning for a value a sign-in skipped. */
	static String tooLong(String field, String value, int max) {
		return "The " + field + " value '" + value.substring(0, Math.min(40, value.length())) + "…' has "
				+ value.length() + " characters; at most " + max + " are kept, so the stored value was left as it was.";
	}

	// What the database keeps (microseconds), so that a time stamp read back equals the one written.
	static Instant now(Clock clock) {
		return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
	}

}
