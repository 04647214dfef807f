package io.tilegate.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A user as the home page and the admin API show them.
 *
 * @param manager the resolved manager, or {@code null}
 * @param pendingManager the manager's user name or email as an IdP sent it, while no such
 * user exists yet; {@code null} once resolved
 * @param customValues in the order the fields were defined; fields without a value are left out
 */
public record UserProfile(UUID id, String userName, String firstName, String lastName, String email, String phone,
		String company, String department, String title, LocalDate hireDate, String photoUrl, boolean active,
		Manager manager, String pendingManager, List<Group> groups, List<CustomValue> customValues,
		Instant createdAt, Instant updatedAt) {

	public UserProfile {
		groups = List.copyOf(groups);
		customValues = List.copyOf(customValues);
	}

	/** Someone not in the directory yet, with nothing but the user name they would get. */
	public static UserProfile unknown(String userName) {
		return new UserProfile(null, userName, null, null, null, null, null, null, null, null, null, true, null, null,
				List.of(), List.of(), null, null);
	}

	public String displayName() {
		String name = ((this.firstName == null ? "" : this.firstName) + " "
				+ (this.lastName == null ? "" : this.lastName)).trim();
		return name.isEmpty() ? this.userName : name;
	}

	public record Manager(UUID id, String displayName, String userName) {
	}

	/** @param connectionId the connection whose IdP owns the group; {@code null} for none */
	public record Group(String name, String connectionId) {
	}

	public record CustomValue(String name, String label, String value) {
	}

}
