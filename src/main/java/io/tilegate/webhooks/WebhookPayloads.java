package io.tilegate.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.directory.UserDossier;
import io.tilegate.events.EventRecorded;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;

import org.springframework.stereotype.Component;

/**
 * The {@code data} of each webhook event: the user as {@code GET /api/v1/users/{id}} shows
 * them at the moment of the change, else (the resource is gone, or the event is about a
 * membership, a group or a connection) what the event log recorded of it.
 */
@Component
class WebhookPayloads {

	static final String TENANT = "default";

	private final DirectoryReports reports;

	private final Spaces spaces;

	WebhookPayloads(DirectoryReports reports, Spaces spaces) {
		this.reports = reports;
		this.spaces = spaces;
	}

	/**
	 * @param created the users the transaction created, as the directory handed them over:
	 * what {@link DirectoryReports#user} would read for them
	 */
	Object data(String type, EventRecorded event, EventDetail detail, Map<UUID, UserDossier> created) {
		Map<String, Object> data = new LinkedHashMap<>();
		switch (type) {
			case "user.created", "user.updated", "user.deactivated", "user.reactivated" -> {
				data.put("user", user(event, created).orElseGet(() -> userRef(event)));
				if (type.equals("user.updated") && detail.tree().has("changes")) {
					data.put("changes", detail.tree().get("changes"));
				}
			}
			case "user.deleted" -> data.put("user", userRef(event));
			case "persona.joined", "persona.left", "space.joined", "space.left" -> {
				data.put("user", userRef(event));
				detail.tree().fields().forEachRemaining((field) -> data.put(field.getKey(), field.getValue()));
			}
			case "connection.changed" -> {
				data.put("connection", Map.of("id", String.valueOf(event.connectionId())));
				data.put("change", event.type().name().endsWith("DELETED") ? "deleted" : "saved");
			}
			case "group.members_added", "group.members_removed" -> {
				detail.tree().fields().forEachRemaining((field) -> data.put(field.getKey(), field.getValue()));
				data.remove(type.endsWith("added") ? "removed" : "added");
				data.putIfAbsent("connection", event.connectionId());
			}
			default -> {
				detail.tree().fields().forEachRemaining((field) -> data.put(field.getKey(), field.getValue()));
				if (event.connectionId() != null) {
					data.putIfAbsent("connection", event.connectionId());
				}
			}
		}
		return data;
	}

	/**
	 * Whether the event's payload reads its user from the database, which must then hold what
	 * the transaction wrote.
	 */
	static boolean readsUser(EventRecorded event, Map<UUID, UserDossier> created) {
		return event.userId() != null && !created.containsKey(event.userId());
	}

	private Optional<Object> user(EventRecorded event, Map<UUID, UserDossier> created) {
		if (event.userId() == null) {
			return Optional.empty();
		}
		UserDossier handedOver = created.get(event.userId());
		if (handedOver != null) {
			// In no persona or space yet: joining one records an event, which would have dropped
			// the handed-over dossier, and the user would be read.
			return Optional.of(new UserPayload(handedOver, List.of(), List.of()));
		}
		return this.reports.user(TENANT, event.userId()).map((dossier) -> {
			Spaces.UserMemberships memberships = this.spaces.membershipsOf(event.userId());
			return new UserPayload(dossier, memberships.personas(), memberships.spaces());
		});
	}

	/**
	 * The user as {@code GET /api/v1/users/{id}} shows them, written out once with the message
	 * rather than first copied into a JSON tree: that copy was a fifth of what the outbox cost a
	 * SCIM create.
	 */
	record UserPayload(@JsonUnwrapped UserDossier user, List<Personas.Named> personas, List<Spaces.UserSpace> spaces) {
	}

	private static Map<String, Object> userRef(EventRecorded event) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", event.userId());
		user.put("userName", event.userName());
		return user;
	}

}
