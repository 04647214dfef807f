package io.tilegate.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts the changes to users and to persona and space memberships from the events that record
 * them. Every writer records one, whichever door the change came in by (a SAML sign-in, a SCIM
 * call, an admin, a recompute), so counting here misses none and no writer has to remember a
 * meter. Counted after commit: a change that rolled back (the loser of two parallel first
 * sign-ins, a mapping preview) never happened, and is not counted.
 *
 * <p>Tag values are bounded: the change, where it came from ({@code saml}, {@code scim} or
 * {@code admin}) and the connection. Never the user, nor the actor itself, which may be an
 * admin's user name or an API key's label.
 */
@Component
class EventMeters {

	static final String USER_CHANGES = "tilegate.user.changes";

	static final String MEMBERSHIP_CHANGES = "tilegate.personas.members.changed";

	static final String NO_CONNECTION = "none";

	private static final String SAML = "saml:";

	private static final String SCIM = "scim:";

	private final MeterRegistry registry;

	EventMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	// Runs at once when there is no transaction: the events are written already.
	@TransactionalEventListener(fallbackExecution = true)
	void recorded(EventsRecorded events) {
		events.events().forEach(this::recorded);
	}

	// Runs at once when there is no transaction: the event is written already.
	@TransactionalEventListener(fallbackExecution = true)
	void recorded(EventRecorded event) {
		switch (event.type()) {
			case USER_CREATED -> userChanged("created", event);
			case USER_UPDATED -> userChanged("updated", event);
			case USER_LINKED -> userChanged("linked", event);
			case USER_DEACTIVATED -> userChanged("deactivated", event);
			case USER_REACTIVATED -> userChanged("reactivated", event);
			case USER_DELETED -> userChanged("deleted", event);
			// A hand-add's SPACE_MEMBER_ADDED is followed by the recompute's SPACE_JOINED; that one counts.
			case PERSONA_JOINED -> membershipChanged("persona", "joined");
			case PERSONA_LEFT -> membershipChanged("persona", "left");
			case SPACE_JOINED -> membershipChanged("space", "joined");
			case SPACE_LEFT -> membershipChanged("space", "left");
			default -> {
			}
		}
	}

	private void userChanged(String change, EventRecorded event) {
		Counter.builder(USER_CHANGES)
			.description("Users created, updated, linked, deactivated, reactivated and deleted, by where the change came from")
			.tag("change", change)
			.tag("source", source(event.actor()))
			.tag("connection", connection(event))
			.register(this.registry)
			.increment();
	}

	private void membershipChanged(String membership, String change) {
		Counter.builder(MEMBERSHIP_CHANGES)
			.description("Users who joined or left a persona or a space")
			.tag("membership", membership)
			.tag("change", change)
			.register(this.registry)
			.increment();
	}

	/** The door a change came in by; every actor that is neither SAML nor SCIM is a person in the console or the API. */
	static String source(String actor) {
		if (actor != null && actor.startsWith(SAML)) {
			return "saml";
		}
		if (actor != null && actor.startsWith(SCIM)) {
			return "scim";
		}
		return "admin";
	}

	/**
	 * The event's connection; else the one a SAML or SCIM actor names ({@code saml:<connection>},
	 * {@code scim:<connection>:<token id>}), since a SCIM (de)activation records only its actor.
	 */
	static String connection(EventRecorded event) {
		if (event.connectionId() != null) {
			return event.connectionId();
		}
		String actor = event.actor();
		if (actor == null) {
			return NO_CONNECTION;
		}
		if (actor.startsWith(SAML)) {
			return actor.substring(SAML.length());
		}
		if (actor.startsWith(SCIM)) {
			int end = actor.indexOf(':', SCIM.length());
			return (end > SCIM.length()) ? actor.substring(SCIM.length(), end) : NO_CONNECTION;
		}
		return NO_CONNECTION;
	}

}
