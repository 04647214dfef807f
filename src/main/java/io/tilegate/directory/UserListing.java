package io.tilegate.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of the admin's user list, and how many users match in all.
 *
 * @param total the users matching the search, on every page
 */
public record UserListing(long total, List<Row> users) {

	public UserListing {
		users = List.copyOf(users);
	}

	/**
	 * @param source {@code saml} (the user has signed in, or been linked, through a
	 * connection), {@code scim} (a provisioning client owns the user) or {@code both}
	 * @param lastLoginAt the latest sign-in through any connection; {@code null} for never
	 */
	public record Row(UUID id, String userName, String firstName, String lastName, String email, String department,
			String title, boolean active, String source, Instant lastLoginAt) {
	}

}
