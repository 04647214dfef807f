package io.tilegate.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Published for every event the log writes, in the writer's transaction, for those who count
 * what happened ({@code EventMeters}) or pass it on in the same transaction (the webhooks'
 * outbox); those written together are published together, in one {@link EventsRecorded}.
 * Carries no summary: that is written for the admin reading the log.
 *
 * @param connectionId the connection the event names, or {@code null}
 * @param actor who caused it, as the event log names them
 * @param reference the event's reference in the log
 * @param occurredAt when it was recorded, by the application's clock
 * @param userId the user it is about, or {@code null}
 * @param userName that user's name at the time, or {@code null}
 * @param detail the event's detail as written (JSON where the writer gave an object), or {@code null}
 */
public record EventRecorded(EventType type, String connectionId, String actor, String reference, Instant occurredAt,
		UUID userId, String userName, String detail) {
}
