package io.tilegate.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events to read; each criterion is optional ({@code null}) and all given must match.
 *
 * @param userId events about this user
 * @param userName events about a user of this name, whatever its case: a deleted user's
 * events keep their name after the id means nothing any more. With {@code userId}, an event
 * matching either is read.
 * @param since events at or after this instant
 */
public record EventCriteria(EventType type, UUID userId, String userName, String connectionId, Instant since) {

	public static EventCriteria all() {
		return new EventCriteria(null, null, null, null, null);
	}

}
