package io.tilegate.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.Event;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event log, newest first: sign-ins accepted and refused with the reason, provisioning
 * changes, SCIM calls and admin actions, filtered by type, user, connection and time.
 */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

	static final int DEFAULT_SIZE = 50;

	static final int MAX_SIZE = 500;

	private static final String TYPES = Arrays.stream(EventType.values())
		.map(Enum::name)
		.collect(Collectors.joining(", "));

	private final EventLog events;

	private final Directory directory;

	private final ObjectMapper json;

	EventController(EventLog events, Directory directory, ObjectMapper json) {
		this.events = events;
		this.directory = directory;
		this.json = json;
	}

	@GetMapping
	EventList list(@RequestParam(required = false) String type, @RequestParam(required = false) String user,
			@RequestParam(required = false) String since, @RequestParam(required = false) String connection,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
		Paging.check(page, size, MAX_SIZE);
		EventCriteria criteria = criteria(blankToNull(type), blankToNull(user), blankToNull(since),
				blankToNull(connection));
		Page<Event> found = this.events.search(criteria, page, size);
		return new EventList(found.getTotalElements(), page, size, found.getContent().stream().map(this::view).toList());
	}

	private EventCriteria criteria(String type, String user, String since, String connection) {
		return EventCriteria.about(type(type), user, (name) -> this.directory.findByUserName(name).map(UserSummary::id),
				connection, instant(since));
	}

	private static EventType type(String type) {
		if (type == null) {
			return null;
		}
		return EventCriteria.parseType(type)
			.orElseThrow(() -> ApiException
				.badRequest("There is no event type '" + type + "'. The types are: " + TYPES + "."));
	}

	private static Instant instant(String since) {
		if (since == null) {
			return null;
		}
		return EventCriteria.parseSince(since)
			.orElseThrow(() -> ApiException.badRequest("since must be an instant such as 2026-11-22T08:00:00Z or a "
					+ "date such as 2026-11-22 (from midnight UTC); '" + since + "' is neither."));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private EventView view(Event event) {
		return new EventView(event.getId(), event.getReference(), event.getOccurredAt(), event.getType().name(),
				event.getConnectionId(), event.getUserId(), event.getUserName(), event.getActor(), event.getSummary(),
				detail(event.getDetail()));
	}

	private JsonNode detail(String detail) {
		if (detail == null) {
			return null;
		}
		String trimmed = detail.strip();
		if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
			try {
				return this.json.readTree(trimmed);
			}
			catch (JsonProcessingException ex) {
				// Cut at the size limit, or not JSON after all: shown as the text it is.
			}
		}
		return TextNode.valueOf(detail);
	}

	record EventList(long total, int page, int size, List<EventView> events) {
	}

	/** @param detail the event's JSON detail as JSON, any other detail as a string */
	record EventView(Long id, String reference, Instant occurredAt, String type, String connectionId, UUID userId,
			String userName, String actor, String summary, JsonNode detail) {
	}

}
