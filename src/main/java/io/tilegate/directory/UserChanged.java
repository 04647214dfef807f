package io.tilegate.directory;

import java.util.Objects;
import java.util.UUID;

/**
 * A user was changed in the directory: created, edited, linked, signed in through the full
 * mapping, (de)activated, given a manager, or added to or removed from a group. Published in
 * the writing transaction, so that what follows from it commits or rolls back with the change.
 *
 * @param userId the user
 * @param reason what changed, as the writer's context names it, e.g.
 * {@code SAML sign-in through okta} or {@code deactivated by admin}
 * @param created whether the user was created by this transaction: they hold nothing yet, no
 * membership and no session, so a follower need not look
 */
public record UserChanged(UUID userId, String reason, boolean created) {

	public UserChanged {
		Objects.requireNonNull(userId, "userId");
	}

	public UserChanged(UUID userId, String reason) {
		this(userId, reason, false);
	}

	/** A user created by the publishing transaction. */
	static UserChanged ofCreated(UUID userId, String reason) {
		return new UserChanged(userId, reason, true);
	}

}
