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
 * @param emailDomains the email domains the IdP owns, in lower case
 */
public record ConnectionPolicy(String id, long version, AttributeMapping mapping, boolean linkByEmail,
		boolean samlUpdatesScimManaged, List<String> adminGroups, Duration maxSessionAge,
		List<String> emailDomains) {

	public ConnectionPolicy {
		adminGroups = List.copyOf(adminGroups);
		emailDomains = List.copyOf(emailDomains);
	}

	/**
	 * Whether a sign-in through this connection may be linked to an existing user by this
	 * email: the connection links by email, and the email's domain is one it lists (exactly:
	 * see {@link EmailDomains}).
	 */
	public boolean linksByEmail(String email) {
		return this.linkByEmail && this.emailDomains.contains(EmailDomains.domainOf(email));
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
