package io.tilegate.events;

/**
 * Published for every event the log writes, in the writer's transaction, for those who count
 * what happened rather than read it ({@code EventMeters}); those written together are
 * published together, in one {@link EventsRecorded}. Carries no user and no summary: whoever
 * needs those reads the log.
 *
 * @param connectionId the connection the event names, or {@code null}
 * @param actor who caused it, as the event log names them
 */
public record EventRecorded(EventType type, String connectionId, String actor) {
}
