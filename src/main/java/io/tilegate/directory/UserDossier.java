package io.tilegate.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Everything the admin sees of one user: profile, custom fields, manager and reports,
 * groups with the side that owns them, and the identity links they sign in through.
 *
 * @param manager the resolved manager, or {@code null}
 * @param pendingManager the manager's user name or email as the IdP sent it, while no such
 * user exists yet
 * @param status {@code active} or {@code deactivated}
 * @param source as in {@link UserListing.Row#source()}
 */
public record UserDossier(UUID id, String userName, String displayName, String firstName, String lastName,
		String email, String phone, String company, String department, String title, String employeeNumber,
		String externalId, LocalDate hireDate, String photoUrl, boolean active, String status, String source, Person manager,
		String pendingManager, List<Person> directReports, List<CustomValue> customFields, List<Group> groups,
		List<Link> identityLinks, Instant createdAt, Instant updatedAt) {

	public UserDossier {
		directReports = List.copyOf(directReports);
		customFields = List.copyOf(customFields);
		groups = List.copyOf(groups);
		identityLinks = List.copyOf(identityLinks);
	}

	public record Person(UUID id, String userName, String displayName) {
	}

	public record CustomValue(String name, String label, String value) {
	}

	/**
	 * @param connectionId the connection whose IdP sends the group
	 * @param source {@code scim} for a group a provisioning client pushes, else {@code saml}
	 * (kept in step with the groups of each sign-in)
	 */
	public record Group(UUID id, String name, String connectionId, String source) {
	}

	/** @param linkedBy how the link was made; {@code null} for one made before that was recorded */
	public record Link(String connectionId, String nameId, Instant createdAt, Instant lastLoginAt, LinkMethod linkedBy) {
	}

}
