package io.tilegate.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.access.AdminActor;
import io.tilegate.directory.Directory;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces.SpaceDetails;
import io.tilegate.personas.Spaces.SpaceEdit;
import io.tilegate.personas.Spaces;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spaces: list, create, read, change and remove them, with the personas whose members they
 * get; their members with why each belongs; and people added or taken back by hand.
 */
@RestController
@RequestMapping("/api/v1/spaces")
class SpaceController {

	static final String LISTED_BY = "GET /api/v1/spaces";

	private static final Set<String> FIELDS = Set.of("name", "description", "personas",
			// What GET answers, so that a script can send it back changed.
			"id", "members", "handAdded", "version", "createdAt", "updatedAt");

	private static final int DEFAULT_SIZE = 50;

	private static final int MAX_SIZE = 200;

	private final Spaces spaces;

	private final PersonaRecomputes recomputes;

	private final Directory directory;

	SpaceController(Spaces spaces, PersonaRecomputes recomputes, Directory directory) {
		this.spaces = spaces;
		this.recomputes = recomputes;
		this.directory = directory;
	}

	@GetMapping
	List<SpaceDetails> list() {
		return this.spaces.listSpaces();
	}

	@GetMapping("/{id}")
	SpaceDetails get(@PathVariable String id) {
		return this.spaces.space(requireId(id)).orElseThrow(() -> noSuchSpace(id));
	}

	@PostMapping
	ResponseEntity<SavedSpace> create(@RequestBody JsonNode body, @AuthenticationPrincipal AdminActor actor) {
		SpaceEdit edit = edit(body);
		SpaceDetails saved = save(null, edit, actor).orElseThrow();
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/v1/spaces/" + saved.id()))
			.body(new SavedSpace(saved, recompute(edit, saved, "created", actor)));
	}

	@PutMapping("/{id}")
	SavedSpace update(@PathVariable String id, @RequestBody JsonNode body, @AuthenticationPrincipal AdminActor actor) {
		SpaceEdit edit = edit(body);
		SpaceDetails saved = save(requireId(id), edit, actor).orElseThrow(() -> noSuchSpace(id));
		return new SavedSpace(saved, recompute(edit, saved, "changed", actor));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		if (!this.spaces.deleteSpace(requireId(id), actor.name())) {
			throw noSuchSpace(id);
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/members")
	PersonaController.MemberList<Spaces.SpaceMember> members(@PathVariable String id,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
		Paging.check(page, size, MAX_SIZE);
		UUID spaceId = get(id).id();
		Personas.Page<Spaces.SpaceMember> members = this.spaces.spaceMembers(spaceId, page * size, size);
		return new PersonaController.MemberList<>(members.total(), page, size, members.items());
	}

	@PostMapping("/{id}/members/{userId}")
	ResponseEntity<HandAdd> add(@PathVariable String id, @PathVariable String userId,
			@AuthenticationPrincipal AdminActor actor) {
		SpaceDetails space = get(id);
		UUID user = requireUser(userId);
		boolean added = this.spaces.addToSpace(space.id(), user, actor.name());
		String userName = this.directory.user(user).orElseThrow().userName();
		return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new HandAdd(space.id(), user, true, added ? userName + " was added by hand to " + space.name() + "."
					: userName + " was already added by hand to " + space.name() + "; nothing changed."));
	}

	@DeleteMapping("/{id}/members/{userId}")
	HandAdd remove(@PathVariable String id, @PathVariable String userId, @AuthenticationPrincipal AdminActor actor) {
		SpaceDetails space = get(id);
		UUID user = requireUser(userId);
		if (!this.spaces.removeFromSpace(space.id(), user, actor.name())) {
			throw ApiException.notFound("User " + userId + " was not added to " + space.name() + " by hand; members who "
					+ "come through a persona leave when they no longer match its rule.");
		}
		boolean stillMember = this.spaces.spacesOf(user).stream().anyMatch((s) -> s.id().equals(space.id()));
		return new HandAdd(space.id(), user, false, stillMember
				? "No longer added by hand; still a member of " + space.name() + " through a persona."
				: "No longer added by hand, and no longer a member of " + space.name() + ".");
	}

	private Optional<SpaceDetails> save(UUID id, SpaceEdit edit, AdminActor actor) {
		try {
			return this.spaces.saveSpace(id, edit, actor.name());
		}
		catch (IllegalStateException ex) {
			throw ApiException.conflict(ex.getMessage() + " Nothing was saved.");
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage() + " Nothing was saved.");
		}
	}

	private PersonaRecomputes.Status recompute(SpaceEdit edit, SpaceDetails saved, String what, AdminActor actor) {
		if (edit.personas() == null) {
			return null;
		}
		return this.recomputes.start("space '" + saved.name() + "' " + what + " by " + actor.name(), actor.name());
	}

	private static SpaceEdit edit(JsonNode body) {
		PersonaBodies.object(body, FIELDS, "space");
		return new SpaceEdit(PersonaBodies.text(body, "name"), PersonaBodies.text(body, "description"),
				PersonaBodies.ids(body, "personas", PersonaController.LISTED_BY));
	}

	private UUID requireUser(String userId) {
		UUID id = PersonaBodies.id(userId, "user", "GET /api/v1/users");
		if (this.directory.user(id).isEmpty()) {
			throw ApiException.notFound("There is no user with id '" + userId + "'; ids are listed by GET /api/v1/users.");
		}
		return id;
	}

	private static UUID requireId(String id) {
		return PersonaBodies.id(id, "space", LISTED_BY);
	}

	private static ApiException noSuchSpace(String id) {
		return ApiException.notFound("There is no space with id '" + id + "'; ids are listed by " + LISTED_BY + ".");
	}

	/** @param recompute {@code null} when the space's personas did not change */
	record SavedSpace(SpaceDetails space, PersonaRecomputes.Status recompute) {
	}

	/** @param handAdded whether the user is now added by hand */
	record HandAdd(UUID spaceId, UUID userId, boolean handAdded, String message) {
	}

}
