package io.tilegate.connections;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What provisioning needs of a connection, without its metadata.
 *
 * @param version changes whenever anything about the connection changes
 * @param adminGroups groups whose members sign in as admins
 * @param maxSessionAge the longest a session signed in through the connection lasts;
 * {@code null} when it is the user session timeout
 */
public record ConnectionPolicy(String id, long version, AttributeMapping mapping, boolean linkByEmail,
		boolean samlUpdatesScimManaged, List<String> adminGroups, Duration maxSessionAge) {

	public ConnectionPolicy {
		adminGroups = List.copyOf(adminGroups);
	}

	/**
	 * Whether asserted groups make the user an admin. Group names are compared ignoring case,
	 * as an admin types them by hand and IdPs treat them so.
	 */
	public boolean grantsAdmin(Collection<String> groups) {
		return groups.stream().anyMatch((group) -> this.adminGroups.stream().anyMatch(group::equalsIgnoreCase));
	}

	/**
	 * Whether a sign-in makes the user an admin: through the groups it asserted, or through the
	 * user's groups of this connection once it is done, so that a group pushed by SCIM counts
	 * though the assertion may not carry it and the sign-in does not change its members.
	 */
	public boolean grantsAdmin(Collection<String> asserted, Collection<String> afterSignIn) {
		return !this.adminGroups.isEmpty() && (grantsAdmin(asserted) || grantsAdmin(afterSignIn));
	}

}
