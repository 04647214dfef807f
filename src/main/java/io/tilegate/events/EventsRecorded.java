package io.tilegate.events;

import java.util.List;

/**
 * Published once for the events {@link EventLog#recordAll} writes together, in the writer's
 * transaction: one application event per recorded event costs a recompute that records
 * hundreds of thousands more than writing them.
 */
public record EventsRecorded(List<EventRecorded> events) {
}
