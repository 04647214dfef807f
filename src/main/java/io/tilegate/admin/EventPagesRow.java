package io.tilegate.admin;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;

/**
 * One event as the list and the event page show it.
 *
 * @param userExists whether the event's user is still in the directory, and so can be linked
 * @param bad whether the event is a refusal or a rejection, which the list marks
 */
record EventPagesRow(String reference, Instant occurredAt, String type, boolean bad, UUID userId, String userName,
		boolean userExists, String connectionId, String actor, String summary) {

	private static final Set<EventType> BAD = Set.of(EventType.LOGIN_REFUSED, EventType.SCIM_TOKEN_REFUSED,
			EventType.ADMIN_SIGN_IN_REFUSED, EventType.CONNECTION_REJECTED);

	static EventPagesRow of(Event event, Set<UUID> existingUsers) {
		return new EventPagesRow(event.getReference(), event.getOccurredAt(), event.getType().name(),
				BAD.contains(event.getType()), event.getUserId(), event.getUserName(),
				event.getUserId() != null && existingUsers.contains(event.getUserId()), event.getConnectionId(),
				event.getActor(), event.getSummary());
	}

}
