package io.tilegate.directory;

import java.util.List;

/**
 * What a group is to become when its members change step by step rather than in full.
 *
 * @param externalId the pusher's own id for it, or {@code null}
 * @param members applied in order to the members the group has
 */
public record GroupChange(String displayName, String externalId, List<MembershipStep> members) {

	public GroupChange {
		members = List.copyOf(members);
	}

}
