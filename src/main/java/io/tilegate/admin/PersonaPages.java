package io.tilegate.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.PersonaFacts;
import io.tilegate.images.Avatars;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.personas.Personas.PersonaDetails;
import io.tilegate.personas.Personas.PersonaEdit;
import io.tilegate.personas.FieldNames;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Personas as an admin manages them: the list with the directory-wide recompute's progress,
 * a rule editor made of condition rows, a preview of who would match, and delete. The form's
 * rule goes through the same checks as the API's.
 */
@Controller
class PersonaPages {

	static final int PREVIEW_SIZE = 20;

	private final Personas personas;

	private final Spaces spaces;

	private final PersonaRecomputes recomputes;

	private final CustomFields customFields;

	private final Connections connections;

	private final Avatars avatars;

	PersonaPages(Personas personas, Spaces spaces, PersonaRecomputes recomputes, CustomFields customFields,
			Connections connections, Avatars avatars) {
		this.avatars = avatars;
		this.personas = personas;
		this.spaces = spaces;
		this.recomputes = recomputes;
		this.customFields = customFields;
		this.connections = connections;
	}

	@GetMapping("/admin/personas")
	String list(Model model) {
		model.addAttribute("personas", this.personas.listPersonas());
		model.addAttribute("recompute", this.recomputes.status());
		return "admin/personas/list";
	}

	/**
	 * The re-evaluation's progress as the list shows it, for the list's script to fetch every
	 * second or two while one runs.
	 */
	@GetMapping("/admin/personas/recompute")
	String recomputeProgress(Model model) {
		model.addAttribute("recompute", this.recomputes.status());
		model.addAttribute("following", true);
		return "admin/personas/list :: recompute-state";
	}

	@PostMapping("/admin/personas/recompute")
	String recompute(Authentication authentication, RedirectAttributes redirect) {
		this.recomputes.start("re-evaluation asked for in the console by " + authentication.getName(),
				authentication.getName());
		redirect.addFlashAttribute("notice", "Re-evaluating everyone against every persona; progress is shown below.");
		return "redirect:/admin/personas";
	}

	@GetMapping("/admin/personas/new")
	String create(Model model) {
		return formPage(model, null, new PersonaForm().withRows(PersonaForm.ROWS), null);
	}

	@GetMapping("/admin/personas/{id}")
	String edit(@PathVariable String id, Model model) {
		PersonaDetails persona = persona(id);
		PersonaForm form = PersonaForm.of(persona.name(), persona.description(),
				persona.spaces().stream().map(Personas.Named::id).toList(), persona.rule());
		if (form == null) {
			model.addAttribute("deepRule", persona.rule().toPrettyString());
			form = new PersonaForm();
			form.setName(persona.name());
			form.setDescription(persona.description());
		}
		return formPage(model, persona, form.withRows(PersonaForm.ROWS), null);
	}

	/**
	 * One mapping for the form's buttons, told apart here rather than by {@code params}
	 * conditions: a {@code params} condition makes Spring read the body of every request while it
	 * looks for a handler, so an oversized upload anywhere would fail before its own page could
	 * explain it.
	 */
	@PostMapping(path = { "/admin/personas", "/admin/personas/{id}" })
	String submit(@PathVariable(required = false) String id, @RequestParam(required = false) String add,
			@RequestParam(required = false) String preview, @RequestParam(required = false) String apply,
			@RequestParam(required = false) Integer remove, @ModelAttribute("form") PersonaForm form, Model model,
			HttpServletResponse response, Authentication authentication, RedirectAttributes redirect) {
		if (add != null) {
			return addRow(id, form, model);
		}
		// Without script a row shows the inputs of its kind only once the page comes back.
		if (apply != null) {
			return formPage(model, (id != null) ? persona(id) : null, form.withRows(PersonaForm.ROWS), null);
		}
		if (remove != null) {
			return formPage(model, (id != null) ? persona(id) : null, form.withoutRow(remove), null);
		}
		if (preview != null) {
			return preview(id, form, model, response);
		}
		return save(id, form, model, response, authentication, redirect);
	}

	/**
	 * The preview alone, for the form's script: the answer replaces the last one beside the rule
	 * without leaving the page.
	 */
	@PostMapping("/admin/personas/preview")
	String previewFragment(@ModelAttribute("form") PersonaForm form, Model model, HttpServletResponse response) {
		String problem = findMatches(form, model);
		if (problem != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("previewProblem", problem);
		}
		return "admin/personas/preview :: result";
	}

	private String addRow(String id, PersonaForm form, Model model) {
		form.withRows(PersonaForm.ROWS);
		return formPage(model, (id != null) ? persona(id) : null, form.withRows(form.getConditions().size() + 1), null);
	}

	private String preview(String id, PersonaForm form, Model model, HttpServletResponse response) {
		PersonaDetails persona = (id != null) ? persona(id) : null;
		String problem = findMatches(form, model);
		if (problem != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return formPage(model, persona, form.withRows(PersonaForm.ROWS), problem);
	}

	/** Puts the preview of the form's rule in the model; the problem, if the rule has one. */
	private String findMatches(PersonaForm form, Model model) {
		try {
			Personas.Preview found = this.personas.preview(form.rule(), PREVIEW_SIZE);
			model.addAttribute("preview", found);
			model.addAttribute("avatars",
					this.avatars.of(found.sample(), Personas.Person::id, Personas.Person::displayName));
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	private String save(String id, PersonaForm form, Model model, HttpServletResponse response,
			Authentication authentication, RedirectAttributes redirect) {
		PersonaDetails persona = (id != null) ? persona(id) : null;
		PersonaDetails saved;
		try {
			PersonaEdit edit = new PersonaEdit(form.getName(), form.getDescription(), form.rule(),
					List.copyOf(form.getSpaces()));
			saved = this.personas.savePersona((persona != null) ? persona.id() : null, edit, authentication.getName())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		catch (IllegalStateException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return formPage(model, persona, form.withRows(PersonaForm.ROWS), ex.getMessage() + " Nothing was saved.");
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			String message = ex.getMessage();
			return formPage(model, persona, form.withRows(PersonaForm.ROWS),
					message.endsWith("Nothing was saved.") ? message : message + " Nothing was saved.");
		}
		this.recomputes.start("persona '" + saved.name() + "' " + ((persona == null) ? "created" : "changed")
				+ " in the console by " + authentication.getName(), authentication.getName());
		redirect.addFlashAttribute("notice", "Saved persona '" + saved.name() + "': " + saved.ruleText()
				+ ". Re-evaluating everyone against it in the background; progress is shown below.");
		return "redirect:/admin/personas";
	}

	@GetMapping("/admin/personas/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("persona", persona(id));
		return "admin/personas/delete";
	}

	@PostMapping("/admin/personas/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		PersonaDetails persona = persona(id);
		if (!this.personas.deletePersona(persona.id(), authentication.getName())) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		this.recomputes.start("persona '" + persona.name() + "' deleted in the console by " + authentication.getName(),
				authentication.getName());
		redirect.addFlashAttribute("notice", "Deleted persona '" + persona.name() + "'. Its members leave the spaces "
				+ "it brought them into, unless another persona or a hand-add keeps them there.");
		return "redirect:/admin/personas";
	}

	private String formPage(Model model, PersonaDetails persona, PersonaForm form, String problem) {
		model.addAttribute("persona", persona);
		model.addAttribute("form", form);
		model.addAttribute("blankCondition", new PersonaForm.Condition());
		model.addAttribute("action", (persona != null) ? "/admin/personas/" + persona.id() : "/admin/personas");
		model.addAttribute("spaces", this.spaces.listSpaces());
		model.addAttribute("fields", fields());
		model.addAttribute("connections", this.connections.list().stream().map(Connection::getId).sorted().toList());
		if (problem != null) {
			model.addAttribute("problem", problem);
		}
		return "admin/personas/edit";
	}

	/** A field a condition can test: its key in the rule, and the name the admin knows it by. */
	record FieldChoice(String key, String label) {
	}

	private List<FieldChoice> fields() {
		List<FieldChoice> fields = new ArrayList<>();
		PersonaFacts.FIELDS.keySet()
			.forEach((key) -> fields.add(new FieldChoice(key, FieldNames.DEFAULT_FIELDS.getOrDefault(key, key))));
		this.customFields.customFields()
			.forEach((field) -> fields.add(new FieldChoice("custom." + field.name(),
					(field.label() != null && !field.label().isBlank()) ? field.label() : field.name())));
		return fields;
	}

	private PersonaDetails persona(String id) {
		try {
			return this.personas.persona(UUID.fromString(id))
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
