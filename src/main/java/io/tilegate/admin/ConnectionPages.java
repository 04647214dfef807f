package io.tilegate.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tilegate.admin.ConnectionPageModel.ConnectionForm;
import io.tilegate.admin.ConnectionPageModel.PageInput;
import io.tilegate.connections.Connection;
import io.tilegate.connections.ConnectionExistsException;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.connections.IdpMetadataFetcher;
import io.tilegate.connections.IdpMetadataRefresh;
import io.tilegate.connections.InvalidConnectionException;
import io.tilegate.connections.MetadataRefresh;
import io.tilegate.directory.CustomFields;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The console's connections: the list, a new connection from an uploaded metadata file or a
 * metadata URL, and the forms of one connection's page (metadata, options, attribute mapping,
 * custom fields, admin groups, delete). The page itself is drawn by {@link ConnectionPageModel};
 * its SCIM tokens are {@link ScimTokenPages}'.
 */
@Controller
@RequestMapping("/admin/connections")
class ConnectionPages {

	/** IdP metadata is a few kilobytes; anything over this is the wrong file. */
	static final long MAX_METADATA_UPLOAD = 1024 * 1024;

	private static final String OVERRIDE_PREFIX = "override.";

	private final Connections connections;

	private final ConnectionPageModel pages;

	private final IdpMetadataFetcher fetcher;

	private final IdpMetadataRefresh refresh;

	private final CustomFields customFields;

	private final EventLog events;

	private final Clock clock;

	ConnectionPages(Connections connections, ConnectionPageModel pages, IdpMetadataFetcher fetcher,
			IdpMetadataRefresh refresh, CustomFields customFields, EventLog events, Clock clock) {
		this.connections = connections;
		this.pages = pages;
		this.fetcher = fetcher;
		this.refresh = refresh;
		this.customFields = customFields;
		this.events = events;
		this.clock = clock;
	}

	@GetMapping
	String list(Model model) {
		Instant now = this.clock.instant();
		model.addAttribute("rows",
				this.connections.list().stream().map((connection) -> this.pages.row(connection, now)).toList());
		return "admin/connections/list";
	}

	@GetMapping("/new")
	String newConnection(Model model) {
		return this.pages.newForm(model, new ConnectionForm("", "okta", ""));
	}

	@PostMapping
	String create(@RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "okta") String preset,
			@RequestParam(required = false) MultipartFile metadataFile,
			@RequestParam(defaultValue = "") String metadataUrl, Authentication authentication, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		ConnectionForm form = new ConnectionForm(id.strip(), preset, metadataUrl.strip());
		String newId = form.id();
		boolean hasFile = metadataFile != null && !metadataFile.isEmpty();
		boolean hasUrl = !form.metadataUrl().isEmpty();
		String problem = null;
		HttpStatus refusal = HttpStatus.UNPROCESSABLE_ENTITY;
		if (newId.isEmpty()) {
			problem = "Give the connection an id, e.g. okta or entra-prod. It becomes part of the URLs you paste into "
					+ "the IdP.";
		}
		else if (!Connections.isValidId(newId)) {
			problem = "A connection id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; '"
					+ newId + "' is not.";
		}
		else if (this.connections.find(newId).isPresent()) {
			problem = taken(newId);
		}
		else if (!ConnectionPageModel.PRESETS.contains(preset)) {
			problem = "Choose the attribute preset: okta, onelogin or entra.";
		}
		else if (hasFile && hasUrl) {
			problem = "Give either a metadata file or a metadata URL, not both: clear one of them.";
		}
		else if (!hasFile && !hasUrl) {
			problem = "Choose the IdP's metadata file, or give its metadata URL.";
		}
		else if (hasFile && metadataFile.getSize() > MAX_METADATA_UPLOAD) {
			problem = tooLarge(metadataFile.getSize());
			refusal = HttpStatus.PAYLOAD_TOO_LARGE;
		}
		if (problem != null) {
			response.setStatus(refusal.value());
			model.addAttribute("problem", problem);
			return this.pages.newForm(model, form);
		}
		try {
			String xml = hasFile ? read(metadataFile) : this.fetcher.fetch(form.metadataUrl()).xml();
			this.connections.createAsAdmin(newId, new ConnectionSettings(xml, preset, null, null, null, null, null),
					hasUrl ? form.metadataUrl() : null, ConnectionOrigin.API, authentication.getName());
		}
		catch (ConnectionExistsException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("problem", taken(newId));
			return this.pages.newForm(model, form);
		}
		catch (InvalidConnectionException ex) {
			refused("Connection " + newId + " was not created from " + (hasUrl ? form.metadataUrl() : "an uploaded file")
					+ ": " + ex.getMessage(), null, authentication);
			response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
			model.addAttribute("problem", ConnectionPageModel.sentence(ex.getMessage()) + " Nothing was saved.");
			return this.pages.newForm(model, form);
		}
		redirect.addFlashAttribute("notice", "Connection " + newId + " created. Now paste the URLs below into the "
				+ "IdP's app settings, then test this connection.");
		return ConnectionPageModel.redirectTo(newId);
	}

	@GetMapping("/{id}")
	String connection(@PathVariable String id, Model model) {
		Connection connection = this.pages.require(id);
		return this.pages.connectionPage(model, connection, this.pages.input(connection));
	}

	@PostMapping("/{id}/metadata")
	String replaceMetadata(@PathVariable String id, @RequestParam(required = false) MultipartFile metadataFile,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		String problem = null;
		HttpStatus refusal = HttpStatus.UNPROCESSABLE_ENTITY;
		if (metadataFile == null || metadataFile.isEmpty()) {
			problem = "Choose the IdP's new metadata file first.";
		}
		else if (metadataFile.getSize() > MAX_METADATA_UPLOAD) {
			problem = tooLarge(metadataFile.getSize());
			refusal = HttpStatus.PAYLOAD_TOO_LARGE;
		}
		else {
			try {
				this.connections.saveAsAdmin(id, ConnectionSettings.metadataOnly(read(metadataFile)), null,
						ConnectionOrigin.API, authentication.getName());
			}
			catch (InvalidConnectionException ex) {
				refused("New metadata for connection " + id + " was refused: " + ex.getMessage(), id, authentication);
				problem = ConnectionPageModel.sentence(ex.getMessage()) + " Nothing was saved; the connection keeps its metadata.";
			}
		}
		if (problem != null) {
			String page = this.pages.problemPage(model, response, connection, this.pages.input(connection), problem);
			response.setStatus(refusal.value());
			return page;
		}
		redirect.addFlashAttribute("notice", "Metadata of connection " + id + " replaced"
				+ ((connection.getMetadataUrl() != null) ? "; it is no longer fetched from " + connection.getMetadataUrl()
						: "")
				+ ".");
		return this.pages.redirectBack(id);
	}

	@PostMapping("/{id}/refresh")
	String refreshNow(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		this.pages.require(id);
		try {
			MetadataRefresh done = this.refresh.refresh(id, authentication.getName());
			StringBuilder notice = new StringBuilder(
					done.changed() ? "Metadata fetched again and applied: it had changed."
							: "Metadata fetched again: nothing had changed.");
			done.certificatesAdded()
				.forEach((certificate) -> notice.append(" Signing certificate added: ")
					.append(certificate.describe())
					.append('.'));
			done.certificatesRemoved()
				.forEach((certificate) -> notice.append(" Signing certificate removed: ")
					.append(certificate.describe())
					.append('.'));
			redirect.addFlashAttribute("notice", notice.toString());
		}
		catch (InvalidConnectionException ex) {
			// Recorded on the connection and in the event log by the refresh itself.
			redirect.addFlashAttribute("problem", "The refresh failed: " + ConnectionPageModel.sentence(ex.getMessage())
					+ " The connection keeps its last good metadata.");
		}
		return this.pages.redirectBack(id);
	}

	@PostMapping("/{id}/options")
	String saveOptions(@PathVariable String id, @RequestParam(defaultValue = "false") boolean allowIdpInitiated,
			@RequestParam(defaultValue = "false") boolean linkByEmail,
			@RequestParam(defaultValue = "false") boolean samlUpdatesScimManaged, Authentication authentication,
			Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		return save(id, new ConnectionSettings(null, null, null, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged,
				null), "Options saved.", authentication, model, response, redirect, this.pages.input(connection));
	}

	@PostMapping("/{id}/mapping")
	String saveMapping(@PathVariable String id, @RequestParam(defaultValue = "okta") String preset,
			@RequestParam Map<String, String> form, Authentication authentication, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		Map<String, String> submitted = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith(OVERRIDE_PREFIX)) {
				submitted.put(name.substring(OVERRIDE_PREFIX.length()), value.strip());
			}
		});
		// Overrides of fields this page does not show (a custom field set through the API and
		// not defined) stay as they are.
		Map<String, String> overrides = new LinkedHashMap<>(this.connections.mapping(connection).overrides());
		overrides.keySet().removeIf(this.pages.mappedFields()::contains);
		submitted.forEach((field, attribute) -> {
			if (!attribute.isEmpty()) {
				overrides.put(field, attribute);
			}
		});
		PageInput input = this.pages.input(connection).withMapping(preset, submitted);
		if (!ConnectionPageModel.PRESETS.contains(preset)) {
			return this.pages.problemPage(model, response, connection, input, "Choose the attribute preset: okta, onelogin or "
					+ "entra. Nothing was saved.");
		}
		return save(id, new ConnectionSettings(null, preset, overrides, null, null, null, null),
				"Attribute mapping saved. It applies from each user's next sign-in.", authentication, model, response,
				redirect, input);
	}

	@PostMapping("/{id}/custom-fields")
	String defineCustomField(@PathVariable String id, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String label, Authentication authentication, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		try {
			this.customFields.defineCustomField(name.strip(), label, authentication.getName());
		}
		catch (IllegalArgumentException ex) {
			return this.pages.problemPage(model, response, connection, this.pages.input(connection).withCustomField(name, label),
					ConnectionPageModel.sentence(ex.getMessage()) + " Nothing was saved.");
		}
		redirect.addFlashAttribute("notice", "Custom field " + name.strip() + " defined. By default it is read from "
				+ "the attribute " + this.connections.mapping(connection).attributeFor(ConnectionPageModel.customKey(name.strip()))
				+ "; override that in the mapping below.");
		return this.pages.redirectBack(id);
	}

	@PostMapping("/{id}/display-name")
	String saveDisplayName(@PathVariable String id, @RequestParam(defaultValue = "") String displayName,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		return save(id, new ConnectionSettings(null, null, null, null, null, null, null, displayName),
				displayName.isBlank() ? "Display name removed: the sign-in buttons say \"Sign in with " + id + "\"."
						: "Display name saved: the sign-in buttons say \"Sign in with " + displayName.strip() + "\".",
				authentication, model, response, redirect, this.pages.input(connection).withDisplayName(displayName));
	}

	@PostMapping("/{id}/max-session-age")
	String saveMaxSessionAge(@PathVariable String id, @RequestParam(defaultValue = "") String maxSessionAgeMinutes,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		String typed = maxSessionAgeMinutes.strip();
		if (!typed.matches("\\d{1,6}") && !typed.isEmpty()) {
			return this.pages.problemPage(model, response, connection, this.pages.input(connection), "The maximum session "
					+ "age is a whole number of minutes, e.g. 480, or empty for the user session timeout; '" + typed
					+ "' is not. Nothing was saved.");
		}
		Duration age = typed.isEmpty() ? Duration.ZERO : Duration.ofMinutes(Long.parseLong(typed));
		return save(id, new ConnectionSettings(null, null, null, null, null, null, null, null, age, null),
				age.isZero() ? "Maximum session age removed: sessions last up to the user session timeout."
						: "Maximum session age saved: sessions signed in from now on end " + typed
								+ " minutes after sign-in at the latest.",
				authentication, model, response, redirect, this.pages.input(connection));
	}

	@PostMapping("/{id}/admin-groups")
	String saveAdminGroups(@PathVariable String id, @RequestParam(defaultValue = "") String adminGroups,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		List<String> groups = adminGroups.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
		return save(id, new ConnectionSettings(null, null, null, null, null, null, groups),
				groups.isEmpty() ? "Admin groups saved: nobody gets the admin role through this connection."
						: "Admin groups saved. Members get the admin role at their next sign-in.",
				authentication, model, response, redirect, this.pages.input(connection).withAdminGroups(adminGroups));
	}

	@PostMapping("/{id}/email-domains")
	String saveEmailDomains(@PathVariable String id, @RequestParam(defaultValue = "") String emailDomains,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = this.pages.require(id);
		List<String> domains = List.of(emailDomains.split("[\\s,]+"));
		return save(id, new ConnectionSettings(null, null, null, null, null, null, null, null, null, domains),
				"Verified email domains saved. They apply from the next sign-in.", authentication, model, response,
				redirect, this.pages.input(connection).withEmailDomains(emailDomains));
	}

	@GetMapping("/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("connection", this.pages.require(id));
		model.addAttribute("activeTokens", this.pages.activeTokens(id));
		return "admin/connections/delete";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		this.pages.require(id);
		this.connections.delete(id, authentication.getName());
		redirect.addFlashAttribute("notice", "Connection " + id + " deleted. Its users keep their accounts.");
		return "redirect:/admin/connections";
	}

	private String save(String id, ConnectionSettings settings, String notice, Authentication authentication,
			Model model, HttpServletResponse response, RedirectAttributes redirect, PageInput input) {
		try {
			this.connections.saveAsAdmin(id, settings, null, ConnectionOrigin.API, authentication.getName());
		}
		catch (InvalidConnectionException ex) {
			return this.pages.problemPage(model, response, this.pages.require(id), input, ConnectionPageModel.sentence(ex.getMessage()) + " Nothing was saved.");
		}
		redirect.addFlashAttribute("notice", notice);
		return this.pages.redirectBack(id);
	}

	private void refused(String summary, String connectionId, Authentication authentication) {
		// The save's transaction rolled back; the refusal is recorded on its own.
		this.events.event(EventType.CONNECTION_REJECTED, summary)
			.connection(connectionId)
			.actor(authentication.getName())
			.recordAlone();
	}

	private static String read(MultipartFile file) {
		try {
			return new String(file.getBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new InvalidConnectionException("The uploaded file could not be read: " + ex.getMessage());
		}
	}

	private static String taken(String id) {
		return "A connection '" + id + "' exists already. Choose another id, or open that connection to replace "
				+ "its metadata.";
	}

	static String tooLarge(long bytes) {
		String size = (bytes > 0) ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0)) : "too large";
		return "The file is " + size + "; IdP metadata is a few kilobytes (at most 1 MB is accepted). Download it "
				+ "again from the IdP's SAML setup page, and check that it is the metadata XML file. Nothing was saved.";
	}

}
