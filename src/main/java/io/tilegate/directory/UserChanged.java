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
 * @param written the user as {@link DirectoryReports#user} reads them once this write is
 * flushed, when the writer held all of it in memory (a create that gave nobody a manager);
 * else {@code null}. True only until the transaction changes the directory again: the
 * user's manager gains a report when a user created later in it names them.
 */
public record UserChanged(UUID userId, String reason, boolean created, UserDossier written) {

	public UserChanged {
		Objects.requireNonNull(userId, "userId");
	}

	public UserChanged(UUID userId, String reason) {
		this(userId, reason, false, null);
	}

	/** A user created by the publishing transaction, as it wrote them when it knows. */
	static UserChanged ofCreated(UUID userId, String reason, UserDossier written) {
		return new UserChanged(userId, reason, true, written);
	}

}
