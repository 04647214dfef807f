package io.tilegate.directory;

import java.util.UUID;

/**
 * An active user as their colleagues see them in the people directory.
 *
 * @param displayName the name a provisioning client gave them, else first and last name, else
 * the user name
 * @param office the profile's office address, else the value of the first office-like custom
 * field they have ({@link Colleagues#officeFields}); {@code null} for none
 * @param managerId the manager they report to; {@code null} for none, and for a manager who
 * was deactivated, whom colleagues do not see
 */
public record Colleague(UUID id, String userName, String displayName, String email, String phone, String company,
		String department, String title, String office, UUID managerId) {
}
