package io.tilegate.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.access.AdminActor;
import io.tilegate.personas.InvalidPersonaRuleException;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas.PersonaDetails;
import io.tilegate.personas.Personas.PersonaEdit;
import io.tilegate.personas.Personas;

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
 * Personas: list, create, read, change and remove them, list their members, and preview a
 * rule before saving it. A save answers at once; the members follow from a directory-wide
 * recompute in the background whose progress the answer and {@code GET …/recompute} show.
 */
@RestController
@RequestMapping("/api/v1/personas")
class PersonaController {

	static final String LISTED_BY = "GET /api/v1/personas";

	private static final Set<String> FIELDS = Set.of("name", "description", "rule", "spaces",
			// What GET answers, so that a script can send it back changed.
			"id", "ruleText", "members", "version", "createdAt", "updatedAt");

	private static final int DEFAULT_SIZE = 50;

	private static final int MAX_SIZE = 200;

	private static final int DEFAULT_SAMPLE = 20;

	private final Personas personas;

	private final PersonaRecomputes recomputes;

	PersonaController(Personas personas, PersonaRecomputes recomputes) {
		this.personas = personas;
		this.recomputes = recomputes;
	}

	@GetMapping
	List<PersonaDetails> list() {
		return this.personas.listPersonas();
	}

	@GetMapping("/{id}")
	PersonaDetails get(@PathVariable String id) {
		return this.personas.persona(requireId(id)).orElseThrow(() -> noSuchPersona(id));
	}

	@PostMapping
	ResponseEntity<SavedPersona> create(@RequestBody JsonNode body, @AuthenticationPrincipal AdminActor actor) {
		PersonaDetails saved = save(null, body, actor).orElseThrow();
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/v1/personas/" + saved.id()))
			.body(new SavedPersona(saved, this.recomputes.start("persona '" + saved.name() + "' created by "
					+ actor.name(), actor.name())));
	}

	@PutMapping("/{id}")
	SavedPersona update(@PathVariable String id, @RequestBody JsonNode body,
			@AuthenticationPrincipal AdminActor actor) {
		PersonaDetails saved = save(requireId(id), body, actor).orElseThrow(() -> noSuchPersona(id));
		return new SavedPersona(saved,
				this.recomputes.start("persona '" + saved.name() + "' changed by " + actor.name(), actor.name()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		if (!this.personas.deletePersona(requireId(id), actor.name())) {
			throw noSuchPersona(id);
		}
		this.recomputes.start("persona " + id + " deleted by " + actor.name(), actor.name());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/members")
	MemberList<Personas.Member> members(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
		Paging.check(page, size, MAX_SIZE);
		UUID personaId = get(id).id();
		Personas.Page<Personas.Member> members = this.personas.personaMembers(personaId, page * size, size);
		return new MemberList<>(members.total(), page, size, members.items());
	}

	/** The body is {@code {"rule": {...}}}, or the rule itself. */
	@PostMapping("/preview")
	Personas.Preview preview(@RequestBody JsonNode body, @RequestParam(defaultValue = "" + DEFAULT_SAMPLE) int size) {
		Paging.check(0, size, MAX_SIZE);
		JsonNode rule = (body != null && body.isObject() && body.has("rule") && !body.has("type")) ? body.get("rule")
				: body;
		try {
			return this.personas.preview(rule, size);
		}
		catch (InvalidPersonaRuleException ex) {
			throw ApiException.badRequest(ex.getMessage());
		}
	}

	/** The directory-wide recompute running now, or the last one. */
	@GetMapping("/recompute")
	ResponseEntity<PersonaRecomputes.Status> recompute() {
		PersonaRecomputes.Status status = this.recomputes.status();
		return (status != null) ? ResponseEntity.ok(status) : ResponseEntity.noContent().build();
	}

	/** Re-evaluates every persona now, e.g. date rules without waiting for the daily run. */
	@PostMapping("/recompute")
	ResponseEntity<PersonaRecomputes.Status> startRecompute(@AuthenticationPrincipal AdminActor actor) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(this.recomputes.start("recompute asked for by " + actor.name(), actor.name()));
	}

	private Optional<PersonaDetails> save(UUID id, JsonNode body, AdminActor actor) {
		PersonaBodies.object(body, FIELDS, "persona");
		if (!body.has("rule") || body.get("rule").isNull()) {
			throw ApiException.badRequest("A persona needs a \"rule\", e.g. {\"type\":\"hireDate\",\"withinDays\":90}. "
					+ "Nothing was saved.");
		}
		PersonaEdit edit = new PersonaEdit(PersonaBodies.text(body, "name"), PersonaBodies.text(body, "description"),
				body.get("rule"), PersonaBodies.ids(body, "spaces", SpaceController.LISTED_BY));
		try {
			return this.personas.savePersona(id, edit, actor.name());
		}
		catch (IllegalStateException ex) {
			throw ApiException.conflict(ex.getMessage() + " Nothing was saved.");
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage() + " Nothing was saved.");
		}
	}

	private static UUID requireId(String id) {
		return PersonaBodies.id(id, "persona", LISTED_BY);
	}

	private static ApiException noSuchPersona(String id) {
		return ApiException.notFound("There is no persona with id '" + id + "'; ids are listed by " + LISTED_BY + ".");
	}

	/** @param recompute the directory-wide recompute that settles the persona's members */
	record SavedPersona(PersonaDetails persona, PersonaRecomputes.Status recompute) {
	}

	record MemberList<T>(long total, int page, int size, List<T> members) {
	}

}
