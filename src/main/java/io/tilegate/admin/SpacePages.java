package io.tilegate.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.images.Avatars;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces.SpaceDetails;
import io.tilegate.personas.Spaces.SpaceEdit;
import io.tilegate.personas.Spaces;
import jakarta.servlet.http.HttpServletResponse;

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
 * Spaces as an admin manages them: the list, their personas, their members and why each one
 * is there, and members added by hand.
 */
@Controller
class SpacePages {

	static final int MEMBERS_SHOWN = 200;

	private final Personas personas;

	private final Spaces spaces;

	private final PersonaRecomputes recomputes;

	private final Directory directory;

	private final Avatars avatars;

	SpacePages(Personas personas, Spaces spaces, PersonaRecomputes recomputes, Directory directory, Avatars avatars) {
		this.avatars = avatars;
		this.personas = personas;
		this.spaces = spaces;
		this.recomputes = recomputes;
		this.directory = directory;
	}

	@GetMapping("/admin/spaces")
	String list(Model model) {
		model.addAttribute("spaces", this.spaces.listSpaces());
		return "admin/spaces/list";
	}

	@GetMapping("/admin/spaces/new")
	String create(Model model) {
		return formPage(model, null, "", "", List.of(), null);
	}

	@GetMapping("/admin/spaces/{id}/edit")
	String edit(@PathVariable String id, Model model) {
		SpaceDetails space = space(id);
		return formPage(model, space, space.name(), space.description(),
				space.personas().stream().map(Personas.Named::id).toList(), null);
	}

	@PostMapping({ "/admin/spaces", "/admin/spaces/{id}/edit" })
	String save(@PathVariable(required = false) String id, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String description,
			@RequestParam(name = "personas", required = false) List<UUID> chosen, Model model,
			HttpServletResponse response, Authentication authentication, RedirectAttributes redirect) {
		SpaceDetails space = (id != null) ? space(id) : null;
		List<UUID> personaIds = (chosen != null) ? chosen : List.of();
		SpaceDetails saved;
		try {
			saved = this.spaces
				.saveSpace((space != null) ? space.id() : null, new SpaceEdit(name, description, personaIds),
						authentication.getName())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		catch (IllegalStateException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return formPage(model, space, name, description, personaIds, ex.getMessage() + " Nothing was saved.");
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return formPage(model, space, name, description, personaIds, ex.getMessage() + " Nothing was saved.");
		}
		boolean personasChanged = (space == null) ? !personaIds.isEmpty()
				: !space.personas().stream().map(Personas.Named::id).toList().equals(
						saved.personas().stream().map(Personas.Named::id).toList());
		String notice = "Saved space '" + saved.name() + "'.";
		if (personasChanged) {
			this.recomputes.start("space '" + saved.name() + "' " + ((space == null) ? "created" : "changed")
					+ " in the console by " + authentication.getName(), authentication.getName());
			notice += " Its members follow from its personas in the background; progress is on the Personas page.";
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/admin/spaces/" + saved.id();
	}

	@GetMapping("/admin/spaces/{id}")
	String space(@PathVariable String id, Model model) {
		return spacePage(model, space(id), "");
	}

	@PostMapping("/admin/spaces/{id}/members")
	String handAdd(@PathVariable String id, @RequestParam(defaultValue = "") String userName, Model model,
			HttpServletResponse response, Authentication authentication, RedirectAttributes redirect) {
		SpaceDetails space = space(id);
		Optional<UserSummary> user = userName.isBlank() ? Optional.empty()
				: this.directory.findByUserName(userName.strip());
		if (user.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", userName.isBlank() ? "Give the user name of the person to add."
					: "There is no user '" + userName.strip() + "'; check the spelling on the Users page. Nobody was added.");
			return spacePage(model, space, userName);
		}
		boolean added = this.spaces.addToSpace(space.id(), user.get().id(), authentication.getName());
		redirect.addFlashAttribute("notice", added ? "Added " + user.get().userName() + " to " + space.name()
				+ " by hand. They stay until removed here, whatever the personas say."
				: user.get().userName() + " was already added by hand to " + space.name() + "; nothing changed.");
		return "redirect:/admin/spaces/" + space.id();
	}

	@GetMapping("/admin/spaces/{id}/members/{userId}/remove")
	String confirmRemove(@PathVariable String id, @PathVariable String userId, Model model) {
		SpaceDetails space = space(id);
		model.addAttribute("space", space);
		model.addAttribute("member", user(userId));
		model.addAttribute("personas", this.spaces.spacesOf(user(userId).id())
			.stream()
			.filter((s) -> s.id().equals(space.id()))
			.flatMap((s) -> s.personas().stream())
			.toList());
		return "admin/spaces/remove-member";
	}

	@PostMapping("/admin/spaces/{id}/members/{userId}/remove")
	String remove(@PathVariable String id, @PathVariable String userId, Authentication authentication,
			RedirectAttributes redirect) {
		SpaceDetails space = space(id);
		UserSummary user = user(userId);
		if (!this.spaces.removeFromSpace(space.id(), user.id(), authentication.getName())) {
			redirect.addFlashAttribute("notice", user.userName() + " was not added to " + space.name()
					+ " by hand; nothing changed. Members who come through a persona leave when they no longer match its rule.");
			return "redirect:/admin/spaces/" + space.id();
		}
		boolean stillMember = this.spaces.spacesOf(user.id()).stream().anyMatch((s) -> s.id().equals(space.id()));
		redirect.addFlashAttribute("notice", stillMember
				? user.userName() + " is no longer added by hand, and is still a member of " + space.name()
						+ " through a persona."
				: user.userName() + " is no longer added by hand, and no longer a member of " + space.name() + ".");
		return "redirect:/admin/spaces/" + space.id();
	}

	@GetMapping("/admin/spaces/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("space", space(id));
		return "admin/spaces/delete";
	}

	@PostMapping("/admin/spaces/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		SpaceDetails space = space(id);
		if (!this.spaces.deleteSpace(space.id(), authentication.getName())) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		redirect.addFlashAttribute("notice", "Deleted space '" + space.name() + "'. Its " + space.members()
				+ " members no longer see it; its personas stay.");
		return "redirect:/admin/spaces";
	}

	private String spacePage(Model model, SpaceDetails space, String userName) {
		Personas.Page<Spaces.SpaceMember> members = this.spaces.spaceMembers(space.id(), 0, MEMBERS_SHOWN);
		model.addAttribute("space", space);
		model.addAttribute("members", members.items());
		model.addAttribute("avatars",
				this.avatars.of(members.items(), Spaces.SpaceMember::id, Spaces.SpaceMember::displayName));
		model.addAttribute("membersTotal", members.total());
		model.addAttribute("userName", userName);
		return "admin/spaces/space";
	}

	private String formPage(Model model, SpaceDetails space, String name, String description, List<UUID> chosen,
			String problem) {
		model.addAttribute("space", space);
		model.addAttribute("name", name);
		model.addAttribute("description", (description != null) ? description : "");
		model.addAttribute("chosen", new ArrayList<>(chosen));
		model.addAttribute("allPersonas", this.personas.listPersonas());
		model.addAttribute("action", (space != null) ? "/admin/spaces/" + space.id() + "/edit" : "/admin/spaces");
		if (problem != null) {
			model.addAttribute("problem", problem);
		}
		return "admin/spaces/edit";
	}

	private SpaceDetails space(String id) {
		return this.spaces.space(uuid(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private UserSummary user(String id) {
		return this.directory.user(uuid(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
