package io.tilegate.directory;

import java.util.List;

/**
 * What a push did.
 *
 * @param group the group as it is now, members included
 * @param changedFields the SCIM names of what changed: {@code displayName}, {@code externalId},
 * {@code members}
 */
public record GroupPush(PushedGroup group, Outcome outcome, List<String> changedFields) {

	public GroupPush {
		changedFields = List.copyOf(changedFields);
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
