package io.tilegate.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.events.EventType;

/**
 * Which events of the log go out as which webhook events: a table, so a new kind of event
 * (an alert, say) goes out by adding its row. One event of the log may go out as two (a group's
 * members added and removed in one push), each only when its condition on the event's detail
 * holds.
 */
final class WebhookEventTypes {

	/** An endpoint that subscribes to this gets every event type, those added later included. */
	static final String ALL = "*";

	private static final Predicate<JsonNode> ALWAYS = (detail) -> true;

	private static final List<Mapping> TABLE = List.of(
			new Mapping(EventType.USER_CREATED, "user.created", ALWAYS),
			new Mapping(EventType.USER_UPDATED, "user.updated", ALWAYS),
			new Mapping(EventType.USER_DEACTIVATED, "user.deactivated", ALWAYS),
			new Mapping(EventType.USER_REACTIVATED, "user.reactivated", ALWAYS),
			new Mapping(EventType.USER_DELETED, "user.deleted", ALWAYS),
			new Mapping(EventType.GROUP_CREATED, "group.created", ALWAYS),
			// GROUP_UPDATED also records an adoption or a new external id, which are not renames.
			new Mapping(EventType.GROUP_UPDATED, "group.renamed",
					(detail) -> !Objects.equals(detail.path("from").path("displayName").asText(null),
							detail.path("to").path("displayName").asText(null))
							&& detail.path("to").has("displayName")),
			new Mapping(EventType.GROUP_DELETED, "group.deleted", ALWAYS),
			new Mapping(EventType.GROUP_MEMBERSHIP_CHANGED, "group.members_added",
					(detail) -> !detail.path("added").isEmpty()),
			new Mapping(EventType.GROUP_MEMBERSHIP_CHANGED, "group.members_removed",
					(detail) -> !detail.path("removed").isEmpty()),
			new Mapping(EventType.PERSONA_JOINED, "persona.joined", ALWAYS),
			new Mapping(EventType.PERSONA_LEFT, "persona.left", ALWAYS),
			new Mapping(EventType.SPACE_JOINED, "space.joined", ALWAYS),
			new Mapping(EventType.SPACE_LEFT, "space.left", ALWAYS),
			new Mapping(EventType.CONNECTION_SAVED, "connection.changed", ALWAYS),
			new Mapping(EventType.CONNECTION_DELETED, "connection.changed", ALWAYS),
			new Mapping(EventType.ALERT_RAISED, "alert.raised", ALWAYS),
			new Mapping(EventType.ALERT_CLEARED, "alert.cleared", ALWAYS));

	private static final Map<EventType, List<Mapping>> BY_SOURCE = bySource();

	private static final Set<String> NAMES = names();

	private WebhookEventTypes() {
	}

	/** The webhook events an event of the log goes out as, each with the condition it needs. */
	static List<Mapping> of(EventType type) {
		return BY_SOURCE.getOrDefault(type, List.of());
	}

	static boolean isMapped(EventType type) {
		return BY_SOURCE.containsKey(type);
	}

	/** Every dotted name an endpoint may subscribe to, in the table's order. */
	static Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		TABLE.forEach((mapping) -> names.add(mapping.type()));
		return names;
	}

	/**
	 * The names of a subscription as given, checked.
	 * @throws IllegalArgumentException naming the unknown names and listing the known ones
	 */
	static List<String> checked(Collection<String> requested) {
		if (requested == null || requested.isEmpty()) {
			throw new IllegalArgumentException("Say which events the endpoint wants: \"events\": [\"user.created\", …], "
					+ "or [\"*\"] for all of them.");
		}
		List<String> unknown = new ArrayList<>();
		Set<String> wanted = new LinkedHashSet<>();
		for (String name : requested) {
			String trimmed = (name != null) ? name.trim() : "";
			if (trimmed.equals(ALL)) {
				return List.of(ALL);
			}
			if (NAMES.contains(trimmed)) {
				wanted.add(trimmed);
			}
			else {
				unknown.add(trimmed);
			}
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown event type" + ((unknown.size() == 1) ? " " : "s ") + unknown
					+ "; the event types are " + String.join(", ", NAMES) + ", or \"*\" for all.");
		}
		return List.copyOf(wanted);
	}

	private static Map<EventType, List<Mapping>> bySource() {
		Map<EventType, List<Mapping>> bySource = new java.util.EnumMap<>(EventType.class);
		TABLE.forEach((mapping) -> bySource.computeIfAbsent(mapping.source(), (type) -> new ArrayList<>()).add(mapping));
		return bySource;
	}

	/** One row of the table: an event of the log that goes out as {@code type} when {@code when} holds of its detail. */
	record Mapping(EventType source, String type, Predicate<JsonNode> when) {

		/** Whether the event goes out as this type; the detail is read only for a condition that reads it. */
		boolean holds(EventDetail detail) {
			return this.when == ALWAYS || this.when.test(detail.tree());
		}

	}

}
