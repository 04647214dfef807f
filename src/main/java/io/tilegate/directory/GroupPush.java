package io.tilegate.directory;

import java.util.List;
import java.util.UUID;

/**
 * What a push did.
 *
 * @param group the group as it is now, with its members unless the change left them unread
 * ({@link PushedGroups#change})
 * @param changedFields the SCIM names of what changed: {@code displayName}, {@code externalId},
 * {@code members}
 * @param changedMemberIds the users whose groups changed: those added and removed, and every
 * member before and after when the group was renamed, since rules match groups by name
 */
public record GroupPush(PushedGroup group, Outcome outcome, List<String> changedFields, List<UUID> changedMemberIds) {

	public GroupPush {
		changedFields = List.copyOf(changedFields);
		changedMemberIds = List.copyOf(changedMemberIds);
	}

	public enum Outcome {

		/** A new group. */
		CREATED,

		/** A group SAML sign-ins had asserted, which SCIM now owns. */
		ADOPTED,

		UPDATED,

		UNCHANGED

	}

}
