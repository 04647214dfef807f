package io.tilegate.people;

import java.util.UUID;

import io.tilegate.access.AdminSessions;
import io.tilegate.directory.SignedInUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The people directory's pages. The browser chain lets in only the signed-in, and ends the
 * session of anyone deactivated since; a person who is not active, or not in the viewer's
 * tenant, is a 404 like an id that never existed.
 *
 * <p>The break-glass admin is nobody in the directory, so has no colleagues: they are sent to
 * the console's page of the same people, which shows everyone, deactivated users included.
 */
@Controller
class PeoplePages {

	private final People people;

	PeoplePages(People people) {
		this.people = people;
	}

	@GetMapping("/people")
	String search(@AuthenticationPrincipal SignedInUser viewer, Authentication authentication,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "1") String page, Model model) {
		if (viewer == null) {
			return notInTheDirectory(authentication, "/admin/users");
		}
		model.addAttribute("search", this.people.search(viewer.userId(), q, pageNumber(page, People.SEARCH_PAGE_SIZE)));
		return "people/search";
	}

	@GetMapping("/people/{id}")
	String person(@AuthenticationPrincipal SignedInUser viewer, Authentication authentication, @PathVariable String id,
			Model model) {
		if (viewer == null) {
			return notInTheDirectory(authentication, "/admin/users/" + personId(id));
		}
		model.addAttribute("page", this.people.person(viewer.userId(), personId(id)).orElseThrow(PeoplePages::notFound));
		return "people/person";
	}

	@GetMapping("/people/{id}/org-chart")
	String orgChart(@AuthenticationPrincipal SignedInUser viewer, Authentication authentication,
			@PathVariable String id, @RequestParam(defaultValue = "1") String page, Model model) {
		if (viewer == null) {
			return notInTheDirectory(authentication, "/admin/users/" + personId(id));
		}
		model.addAttribute("chart", this.people
			.orgChart(viewer.userId(), personId(id), pageNumber(page, People.CHART_PAGE_SIZE))
			.orElseThrow(PeoplePages::notFound));
		return "people/org-chart";
	}

	private static String notInTheDirectory(Authentication authentication, String consolePage) {
		return AdminSessions.isAdmin(authentication) ? "redirect:" + consolePage : "redirect:/login";
	}

	private static UUID personId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
	}

	// A hand-edited page number is read as the first page rather than answered with an error.
	private static int pageNumber(String page, int pageSize) {
		try {
			int number = Integer.parseInt(page.strip());
			return (number < 1 || number > Integer.MAX_VALUE / pageSize) ? 1 : number;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

}
