package io.tilegate.admin;

import java.time.Instant;
import java.util.UUID;

import io.tilegate.directory.UserListing;

/**
 * One line of the users list.
 *
 * @param name the name a person is known by: first and last name, else the user name
 * @param source {@code SAML}, {@code SCIM} or {@code SAML + SCIM}
 */
record UserPagesRow(UUID id, String name, String userName, String email, String department, boolean active,
		Instant lastLoginAt, String source) {

	static UserPagesRow of(UserListing.Row row) {
		return new UserPagesRow(row.id(), name(row.firstName(), row.lastName(), row.userName()), row.userName(),
				row.email(), row.department(), row.active(), row.lastLoginAt(), source(row.source()));
	}

	static String name(String firstName, String lastName, String userName) {
		String name = ((firstName != null) ? firstName.strip() : "") + " " + ((lastName != null) ? lastName.strip() : "");
		return name.isBlank() ? userName : name.strip();
	}

	static String source(String source) {
		return switch (source) {
			case "both" -> "SAML + SCIM";
			case "scim" -> "SCIM";
			default -> "SAML";
		};
	}

}
