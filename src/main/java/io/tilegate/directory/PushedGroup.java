package io.tilegate.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A group of a connection as SCIM sees it, whether SCIM pushed it or SAML sign-ins asserted it.
 *
 * @param scimManaged pushed (created, adopted or changed) by SCIM, so SAML leaves it alone
 * @param version goes up with every change of name, external id or members
 * @param members the members, or {@code null} when they were not asked for
 */
public record PushedGroup(UUID id, String connectionId, String displayName, String externalId, boolean scimManaged,
		Instant createdAt, Instant lastModified, long version, List<GroupMember> members) {

	public PushedGroup {
		members = (members != null) ? List.copyOf(members) : null;
	}

	PushedGroup withMembers(List<GroupMember> members) {
		return new PushedGroup(this.id, this.connectionId, this.displayName, this.externalId, this.scimManaged,
				this.createdAt, this.lastModified, this.version, members);
	}

}
