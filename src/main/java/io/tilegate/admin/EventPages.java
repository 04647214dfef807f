package io.tilegate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.Event;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.images.Avatars;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The event log as an admin debugging a sign-in reads it: filtered by type, user, connection
 * and time, newest first, and one event with its detail made readable (a profile change as a
 * diff, a login's decoded assertion, a refused response's XML).
 */
@Controller
class EventPages {

	static final int PAGE_SIZE = 50;

	private final EventLog events;

	private final Directory directory;

	private final DirectoryReports reports;

	private final Connections connections;

	private final EventPagesDetail details;

	private final long retentionDays;

	private final Avatars avatars;

	EventPages(EventLog events, Directory directory, DirectoryReports reports, Connections connections,
			ObjectMapper json, TilegateProperties properties, Avatars avatars) {
		this.avatars = avatars;
		this.events = events;
		this.directory = directory;
		this.reports = reports;
		this.connections = connections;
		this.details = new EventPagesDetail(json);
		this.retentionDays = properties.events().retention().toDays();
	}

	@GetMapping("/admin/events")
	String list(@RequestParam(required = false) String type, @RequestParam(required = false) String user,
			@RequestParam(required = false) String connection, @RequestParam(required = false) String since,
			@RequestParam(defaultValue = "1") String page, Model model, HttpServletResponse response) {
		String typeFilter = UserPages.blankToNull(type);
		String userFilter = UserPages.blankToNull(user);
		String connectionFilter = UserPages.blankToNull(connection);
		String sinceFilter = UserPages.blankToNull(since);
		model.addAttribute("type", (typeFilter != null) ? typeFilter.toUpperCase(Locale.ROOT) : "");
		model.addAttribute("user", (userFilter != null) ? userFilter : "");
		model.addAttribute("connection", (connectionFilter != null) ? connectionFilter : "");
		model.addAttribute("since", (sinceFilter != null) ? sinceFilter : "");
		model.addAttribute("types", Arrays.stream(EventType.values()).map(Enum::name).toList());
		model.addAttribute("connections", connectionChoices(connectionFilter));
		model.addAttribute("retentionDays", this.retentionDays);
		model.addAttribute("filtered", typeFilter != null || userFilter != null || connectionFilter != null
				|| sinceFilter != null);
		List<String> problems = new ArrayList<>();
		EventType eventType = eventType(typeFilter, problems);
		Instant from = since(sinceFilter, problems);
		if (!problems.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", String.join(" ", problems));
			model.addAttribute("events", List.of());
			model.addAttribute("total", 0L);
			return "admin/events/list";
		}
		int number = UserPages.pageNumber(page, PAGE_SIZE);
		Page<Event> found = this.events.search(criteria(eventType, userFilter, connectionFilter, from), number - 1,
				PAGE_SIZE);
		Map<UUID, String> names = this.reports.displayNames(UserPages.TENANT,
				found.getContent().stream().map(Event::getUserId).filter((id) -> id != null).toList());
		int pages = Math.max(1, found.getTotalPages());
		model.addAttribute("events",
				found.getContent().stream().map((event) -> EventPagesRow.of(event, names.keySet())).toList());
		model.addAttribute("avatars", this.avatars.of(names.entrySet(), Map.Entry::getKey, Map.Entry::getValue));
		model.addAttribute("total", found.getTotalElements());
		model.addAttribute("page", number);
		model.addAttribute("pages", pages);
		model.addAttribute("previous", (number > 1)
				? listUrl(typeFilter, userFilter, connectionFilter, sinceFilter, number - 1) : null);
		model.addAttribute("next", (number < pages)
				? listUrl(typeFilter, userFilter, connectionFilter, sinceFilter, number + 1) : null);
		return "admin/events/list";
	}

	@GetMapping("/admin/events/{reference}")
	String event(@PathVariable String reference, Model model) {
		Event event = this.events.findByReference(reference)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		Map<UUID, String> names = (event.getUserId() != null)
				? this.reports.displayNames(UserPages.TENANT, List.of(event.getUserId())) : Map.of();
		model.addAttribute("event", EventPagesRow.of(event, names.keySet()));
		names.forEach((userId, name) -> model.addAttribute("avatar", this.avatars.of(userId, name)));
		model.addAttribute("detail", this.details.read(event));
		return "admin/events/event";
	}

	private EventCriteria criteria(EventType type, String user, String connection, Instant since) {
		return EventCriteria.about(type, user, (name) -> this.directory.findByUserName(name).map(UserSummary::id),
				connection, since);
	}

	// Events of a connection deleted since still carry its id: it stays selectable when asked for.
	private List<String> connectionChoices(String selected) {
		List<String> ids = new ArrayList<>(this.connections.list().stream().map(Connection::getId).toList());
		if (selected != null && !ids.contains(selected)) {
			ids.add(selected);
		}
		return ids;
	}

	private static EventType eventType(String type, List<String> problems) {
		if (type == null) {
			return null;
		}
		Optional<EventType> known = EventCriteria.parseType(type);
		if (known.isEmpty()) {
			problems.add("There is no event type '" + type + "'; pick one from the list.");
		}
		return known.orElse(null);
	}

	static Instant since(String since, List<String> problems) {
		if (since == null) {
			return null;
		}
		Optional<Instant> instant = EventCriteria.parseSince(since);
		if (instant.isEmpty()) {
			problems.add("“Since” must be a date such as 2026-11-22 (from midnight UTC) or a date and time "
					+ "in UTC such as 2026-11-22T08:00; '" + since + "' is neither.");
		}
		return instant.orElse(null);
	}

	private static String listUrl(String type, String user, String connection, String since, int page) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("type", type);
		query.put("user", user);
		query.put("connection", connection);
		query.put("since", since);
		query.put("page", Integer.toString(page));
		return UserPages.link("/admin/events", query);
	}

}
