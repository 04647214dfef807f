package io.tilegate.directory;

import java.util.List;

/**
 * What a group is to become, in full.
 *
 * @param externalId the pusher's own id for it, or {@code null}
 * @param memberIds user ids exactly as the pusher sent them; one that is not a user of the
 * tenant refuses the whole change
 */
public record DesiredGroup(String displayName, String externalId, List<String> memberIds) {

	public DesiredGroup {
		memberIds = List.copyOf(memberIds);
	}

}
