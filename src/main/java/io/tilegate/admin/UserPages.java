package io.tilegate.admin;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserDossier;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.UserListing;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.images.Avatar;
import io.tilegate.images.Avatars;
import io.tilegate.images.ProfileImage;
import io.tilegate.images.ProfileImages;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.sessions.SignedInSessions;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The directory's users as an admin manages them by hand: the searchable list and its CSV
 * export, one user's whole record with their sign-in history, and deactivate, reactivate and
 * delete.
 */
@Controller
class UserPages {

	static final String TENANT = "default";

	static final int PAGE_SIZE = 50;

	/** Rows read per query while exporting: the export never holds the whole directory. */
	static final int EXPORT_BATCH = 500;

	static final int HISTORY_SIZE = 20;

	static final List<EventType> SIGN_IN_TYPES = List.of(EventType.LOGIN_SUCCEEDED, EventType.LOGIN_REFUSED,
			EventType.LOGOUT, EventType.SESSION_ENDED);

	private final DirectoryReports reports;

	private final Directory directory;

	private final UserEntries entries;

	private final EventLog events;

	private final IdentityLinks links;

	private final Clock clock;

	private final Personas personas;

	private final Spaces spaces;

	private final SignedInSessions sessions;

	private final ProfileImages images;

	private final Avatars avatars;

	UserPages(DirectoryReports reports, Directory directory, UserEntries entries, EventLog events, Clock clock,
			Personas personas, Spaces spaces, SignedInSessions sessions, ProfileImages images, Avatars avatars,
			IdentityLinks links) {
		this.links = links;
		this.images = images;
		this.avatars = avatars;
		this.sessions = sessions;
		this.personas = personas;
		this.spaces = spaces;
		this.reports = reports;
		this.directory = directory;
		this.entries = entries;
		this.events = events;
		this.clock = clock;
	}

	@GetMapping("/admin/users")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) String linked,
			@RequestParam(defaultValue = "1") String page, Model model) {
		String search = blankToNull(q);
		LinkMethod linkedBy = "email".equals(linked) ? LinkMethod.EMAIL : null;
		int number = pageNumber(page, PAGE_SIZE);
		UserListing listing = this.reports.listUsers(TENANT, search, linkedBy, (number - 1) * PAGE_SIZE, PAGE_SIZE);
		int pages = (int) Math.max(1, (listing.total() + PAGE_SIZE - 1) / PAGE_SIZE);
		model.addAttribute("q", (search != null) ? search : "");
		model.addAttribute("linkedByEmail", linkedBy != null);
		List<UserPagesRow> users = listing.users().stream().map(UserPagesRow::of).toList();
		model.addAttribute("users", users);
		model.addAttribute("avatars", this.avatars.of(users, UserPagesRow::id, UserPagesRow::name));
		model.addAttribute("total", listing.total());
		model.addAttribute("page", number);
		model.addAttribute("pages", pages);
		model.addAttribute("previous", (number > 1) ? listUrl(search, linkedBy, number - 1) : null);
		model.addAttribute("next", (number < pages) ? listUrl(search, linkedBy, number + 1) : null);
		model.addAttribute("csv", link("/admin/users.csv", Collections.singletonMap("q", search)));
		return "admin/users/list";
	}

	/**
	 * Every user the search matches, read a batch at a time and written as it is read, so that
	 * a directory of 100,000 users costs the memory of one batch.
	 */
	@GetMapping("/admin/users.csv")
	void export(@RequestParam(required = false) String q, HttpServletResponse response) throws IOException {
		String search = blankToNull(q);
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		response.setContentType("text/csv");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"tilegate-users-" + today + ".csv\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Writer out = response.getWriter();
		UserPagesCsv.header(out);
		int offset = 0;
		while (true) {
			List<UserListing.Row> batch = this.reports.listUsers(TENANT, search, offset, EXPORT_BATCH).users();
			for (UserListing.Row row : batch) {
				UserPagesCsv.row(out, row);
			}
			if (batch.size() < EXPORT_BATCH) {
				break;
			}
			offset += batch.size();
		}
		out.flush();
	}

	@GetMapping("/admin/users/{id}")
	String user(@PathVariable String id, Model model) {
		UserDossier user = dossier(id);
		Optional<ProfileImage> image = this.images.current(user.id());
		model.addAttribute("user", user);
		model.addAttribute("avatar", Avatar.of(user.id(), user.displayName(), image.isPresent()));
		model.addAttribute("photo", UserPagesPhoto.of(user, image, this.images.fetchProblem(user.id())));
		List<UserDossier.Person> people = new ArrayList<>(user.directReports());
		if (user.manager() != null) {
			people.add(user.manager());
		}
		model.addAttribute("avatars", this.avatars.of(people, UserDossier.Person::id, UserDossier.Person::displayName));
		model.addAttribute("history", this.events.latest(
				new EventCriteria(null, user.id(), null, null, null), SIGN_IN_TYPES, HISTORY_SIZE));
		model.addAttribute("allEvents", link("/admin/events", Map.of("user", user.id().toString())));
		model.addAttribute("userPersonas", this.personas.personasOf(user.id()));
		model.addAttribute("userSpaces", this.spaces.spacesOf(user.id()));
		return "admin/users/user";
	}

	@PostMapping("/admin/users/{id}/deactivate")
	String deactivate(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		UserDossier user = dossier(id);
		boolean changed = changeStatus(() -> this.directory.deactivate(user.id(), authentication.getName()));
		redirect.addFlashAttribute("notice", changed
				? "Deactivated: " + user.displayName() + "'s sessions have ended, on every node; sign-in is "
						+ "refused until reactivated."
				: user.displayName() + " was already deactivated; nothing changed.");
		return "redirect:/admin/users/" + user.id();
	}

	/**
	 * Removes one of the user's identity links: what lets a connection link the user through a
	 * new NameID when its IdP changed how it names them, as a second NameID is otherwise refused.
	 */
	@PostMapping("/admin/users/{id}/unlink")
	String unlink(@PathVariable String id, @RequestParam String connectionId, @RequestParam String nameId,
			Authentication authentication, RedirectAttributes redirect) {
		UserDossier user = dossier(id);
		boolean removed = this.links.unlink(user.id(), connectionId, nameId, authentication.getName());
		redirect.addFlashAttribute("notice", removed
				? "Unlinked NameID " + nameId + " of " + connectionId + ". The next sign-in through " + connectionId
						+ " links " + user.displayName() + " again, by user name or by email in a verified domain."
				: user.displayName() + " had no link of NameID " + nameId + " through " + connectionId
						+ "; nothing changed.");
		return "redirect:/admin/users/" + user.id();
	}

	@PostMapping("/admin/users/{id}/reactivate")
	String reactivate(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		UserDossier user = dossier(id);
		boolean changed = changeStatus(() -> this.directory.reactivate(user.id(), authentication.getName()));
		redirect.addFlashAttribute("notice", changed
				? "Reactivated: " + user.displayName() + " can sign in again. If the IdP has deactivated them too, "
						+ "it must reactivate them as well."
				: user.displayName() + " was already active; nothing changed.");
		return "redirect:/admin/users/" + user.id();
	}

	@GetMapping("/admin/users/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("user", dossier(id));
		return "admin/users/delete";
	}

	@PostMapping("/admin/users/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		UserDossier user = dossier(id);
		if (this.entries.deleteUser(TENANT, user.id(), new Provenance(authentication.getName(), null)).isEmpty()) {
			throw notFound();
		}
		// The directory announces no change of a user it deleted, so the deleting door ends
		// their sessions, now that the deletion has committed.
		this.sessions.endSessionsOf(user.id());
		redirect.addFlashAttribute("notice", "Deleted " + user.displayName() + " (" + user.userName()
				+ "). The event log keeps a record. If the IdP still assigns them, they are created again at their "
				+ "next sign-in or SCIM push.");
		return "redirect:/admin/users";
	}

	private UserDossier dossier(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
		return this.reports.user(TENANT, uuid).orElseThrow(UserPages::notFound);
	}

	// Deleted between reading it and changing it: as unknown as if it had never been there.
	private static boolean changeStatus(BooleanSupplier change) {
		try {
			return change.getAsBoolean();
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

	private static String listUrl(String search, LinkMethod linkedBy, int page) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("q", search);
		query.put("linked", (linkedBy != null) ? "email" : null);
		query.put("page", Integer.toString(page));
		return link("/admin/users", query);
	}

	/** A path with its query, each value encoded whole ("+" included); {@code null} values left out. */
	static String link(String path, Map<String, String> query) {
		StringBuilder link = new StringBuilder(path);
		query.forEach((name, value) -> {
			if (value != null) {
				link.append((link.indexOf("?") < 0) ? '?' : '&')
					.append(name)
					.append('=')
					.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
			}
		});
		return link.toString();
	}

	// A hand-edited page number is read as the first page rather than answered with an error.
	static int pageNumber(String page, int pageSize) {
		try {
			int number = Integer.parseInt(page.strip());
			return (number < 1 || number > Integer.MAX_VALUE / pageSize) ? 1 : number;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
