package io.tilegate.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user as a provisioning client (SCIM) reads them: every field it may write, the read-only
 * ones it is shown, and the version its changes are checked against.
 *
 * @param manager the resolved manager, or {@code null}
 * @param pendingManager the reference a client sent for a manager not known yet; {@code null}
 * once resolved
 * @param groups the user's groups of one connection (the one asking), by name
 * @param displayName the name the provisioning client gave the person, or {@code null}
 * @param officeAddress the office address, as one line
 * @param scimAttributes the rest of what the client sent, as JSON only SCIM reads; or
 * {@code null}
 * @param customValues by custom field name; fields without a value are left out
 * @param version changes with every change to the user, memberships and custom values included
 */
public record UserEntry(UUID id, String tenantId, String userName, String externalId, String firstName,
		String lastName, String email, String phone, String photoUrl, String title, String company, String department,
		String employeeNumber, String displayName, String officeAddress, String costCenter, String division,
		String scimAttributes, LocalDate hireDate, boolean active, Manager manager, String pendingManager,
		List<Group> groups, Map<String, String> customValues, Instant createdAt, Instant updatedAt, long version) {

	public UserEntry {
		groups = List.copyOf(groups);
		customValues = Map.copyOf(customValues);
	}

	/** @param displayName first and last name, else the user name */
	public record Manager(UUID id, String displayName) {
	}

	public record Group(UUID id, String displayName) {
	}

}
