package io.tilegate.personas;

import java.util.List;
import java.util.UUID;

import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

/**
 * What one test sees of a user's personas when other tests of its Spring context save their own:
 * only the personas, and the persona events, whose names carry the test's tag.
 */
final class OwnPersonas {

	private OwnPersonas() {
	}

	/** The names of the user's personas that carry the tag. */
	static List<String> of(Personas personas, UUID userId, String tag) {
		return personas.personasOf(userId).stream().map(Personas.Named::name)
			.filter((name) -> name.contains(tag)).toList();
	}

	/** The summaries of the user's events of this type about a persona that carries the tag. */
	static List<String> events(EventLog events, EventType type, UUID userId, String tag) {
		return events.search(type, userId, null, 50).stream().map(Event::getSummary)
			.filter((summary) -> summary.contains(tag + "'")).toList();
	}

}
