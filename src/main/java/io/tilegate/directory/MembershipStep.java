package io.tilegate.directory;

import java.util.List;

/**
 * One change to a group's members by user id, as a SCIM PATCH names it (RFC 7644 §3.5.2):
 * some added, some removed, or all of them set. A group changed by steps is not read whole:
 * each step touches only the ids it names, unless it sets them all.
 *
 * @param userIds ids as the client sent them; one added or set that is not a user of the
 * tenant refuses the whole change, one removed that is not a member is no error
 */
public record MembershipStep(Kind kind, List<String> userIds) {

	public MembershipStep {
		userIds = List.copyOf(userIds);
	}

	public enum Kind {

		ADD,

		REMOVE,

		/** The members become exactly these. */
		REPLACE

	}

}
