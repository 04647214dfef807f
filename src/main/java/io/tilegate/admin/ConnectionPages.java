package io.tilegate.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.Connection;
import io.tilegate.connections.ConnectionExistsException;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.connections.IdpMetadata;
import io.tilegate.connections.IdpMetadataFetcher;
import io.tilegate.connections.IdpMetadataRefresh;
import io.tilegate.connections.InvalidConnectionException;
import io.tilegate.connections.MetadataRefresh;
import io.tilegate.connections.SigningCertificate;
import io.tilegate.directory.CustomFieldView;
import io.tilegate.directory.Directory;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.scim.IssuedScimToken;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The console's connections: the list, a new connection from an uploaded metadata file or a
 * metadata URL, and one connection's page with everything to paste into the IdP, its options,
 * attribute mapping, admin groups and SCIM tokens.
 */
@Controller
@RequestMapping("/admin/connections")
class ConnectionPages {

	/** IdP metadata is a few kilobytes; anything over this is the wrong file. */
	static final long MAX_METADATA_UPLOAD = 1024 * 1024;

	static final int DEFAULT_TOKEN_DAYS = 365;

	private static final List<String> PRESETS = List.of("okta", "onelogin", "entra");

	private static final Map<String, String> FIELD_LABELS = Map.ofEntries(
			Map.entry(AttributeMapping.FIRST_NAME, "First name"), Map.entry(AttributeMapping.LAST_NAME, "Last name"),
			Map.entry(AttributeMapping.EMAIL, "Email"), Map.entry(AttributeMapping.PHONE, "Phone"),
			Map.entry(AttributeMapping.COMPANY, "Company"), Map.entry(AttributeMapping.DEPARTMENT, "Department"),
			Map.entry(AttributeMapping.TITLE, "Job title"), Map.entry(AttributeMapping.MANAGER, "Reports to (manager)"),
			Map.entry(AttributeMapping.HIRE_DATE, "Hire date"), Map.entry(AttributeMapping.PHOTO, "Profile image URL"),
			Map.entry(AttributeMapping.GROUPS, "Groups"));

	private static final String OVERRIDE_PREFIX = "override.";

	private final Connections connections;

	private final IdpMetadataFetcher fetcher;

	private final IdpMetadataRefresh refresh;

	private final ScimTokens tokens;

	private final Directory directory;

	private final EventLog events;

	private final Clock clock;

	private final String base;

	ConnectionPages(Connections connections, IdpMetadataFetcher fetcher, IdpMetadataRefresh refresh, ScimTokens tokens,
			Directory directory, EventLog events, Clock clock, TilegateProperties properties) {
		this.connections = connections;
		this.fetcher = fetcher;
		this.refresh = refresh;
		this.tokens = tokens;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
		this.base = properties.base();
	}

	@GetMapping
	String list(Model model) {
		Instant now = this.clock.instant();
		model.addAttribute("rows", this.connections.list().stream().map((connection) -> row(connection, now)).toList());
		return "admin/connections/list";
	}

	@GetMapping("/new")
	String newConnection(Model model) {
		return newForm(model, new ConnectionForm("", "okta", ""));
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
		else if (!PRESETS.contains(preset)) {
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
		}
		if (problem != null) {
			response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
			model.addAttribute("problem", problem);
			return newForm(model, form);
		}
		try {
			String xml = hasFile ? read(metadataFile) : this.fetcher.fetch(form.metadataUrl()).xml();
			this.connections.createAsAdmin(newId, new ConnectionSettings(xml, preset, null, null, null, null, null),
					hasUrl ? form.metadataUrl() : null, ConnectionOrigin.API, authentication.getName());
		}
		catch (ConnectionExistsException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			model.addAttribute("problem", taken(newId));
			return newForm(model, form);
		}
		catch (InvalidConnectionException ex) {
			refused("Connection " + newId + " was not created from " + (hasUrl ? form.metadataUrl() : "an uploaded file")
					+ ": " + ex.getMessage(), null, authentication);
			response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
			model.addAttribute("problem", sentence(ex.getMessage()) + " Nothing was saved.");
			return newForm(model, form);
		}
		redirect.addFlashAttribute("notice", "Connection " + newId + " created. Now paste the URLs below into the "
				+ "IdP's app settings.");
		return redirectTo(newId);
	}

	@GetMapping("/{id}")
	String connection(@PathVariable String id, Model model) {
		Connection connection = require(id);
		return page(model, connection, input(connection));
	}

	@PostMapping("/{id}/metadata")
	String replaceMetadata(@PathVariable String id, @RequestParam(required = false) MultipartFile metadataFile,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = require(id);
		String problem = null;
		if (metadataFile == null || metadataFile.isEmpty()) {
			problem = "Choose the IdP's new metadata file first.";
		}
		else if (metadataFile.getSize() > MAX_METADATA_UPLOAD) {
			problem = tooLarge(metadataFile.getSize());
		}
		else {
			try {
				this.connections.saveAsAdmin(id, ConnectionSettings.metadataOnly(read(metadataFile)), null,
						ConnectionOrigin.API, authentication.getName());
			}
			catch (InvalidConnectionException ex) {
				refused("New metadata for connection " + id + " was refused: " + ex.getMessage(), id, authentication);
				problem = sentence(ex.getMessage()) + " Nothing was saved; the connection keeps its metadata.";
			}
		}
		if (problem != null) {
			return problemPage(model, response, connection, input(connection), problem);
		}
		redirect.addFlashAttribute("notice", "Metadata of connection " + id + " replaced"
				+ ((connection.getMetadataUrl() != null) ? "; it is no longer fetched from " + connection.getMetadataUrl()
						: "")
				+ ".");
		return redirectTo(id);
	}

	@PostMapping("/{id}/refresh")
	String refreshNow(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		require(id);
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
			redirect.addFlashAttribute("problem", "The refresh failed: " + sentence(ex.getMessage())
					+ " The connection keeps its last good metadata.");
		}
		return redirectTo(id);
	}

	@PostMapping("/{id}/options")
	String saveOptions(@PathVariable String id, @RequestParam(defaultValue = "false") boolean allowIdpInitiated,
			@RequestParam(defaultValue = "false") boolean linkByEmail,
			@RequestParam(defaultValue = "false") boolean samlUpdatesScimManaged, Authentication authentication,
			Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = require(id);
		return save(id, new ConnectionSettings(null, null, null, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged,
				null), "Options saved.", authentication, model, response, redirect, input(connection));
	}

	@PostMapping("/{id}/mapping")
	String saveMapping(@PathVariable String id, @RequestParam(defaultValue = "okta") String preset,
			@RequestParam Map<String, String> form, Authentication authentication, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = require(id);
		Map<String, String> submitted = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith(OVERRIDE_PREFIX)) {
				submitted.put(name.substring(OVERRIDE_PREFIX.length()), value.strip());
			}
		});
		// Overrides of fields this page does not show (a custom field set through the API and
		// not defined) stay as they are.
		Map<String, String> overrides = new LinkedHashMap<>(this.connections.mapping(connection).overrides());
		overrides.keySet().removeIf(mappedFields()::contains);
		submitted.forEach((field, attribute) -> {
			if (!attribute.isEmpty()) {
				overrides.put(field, attribute);
			}
		});
		PageInput input = input(connection).withMapping(preset, submitted);
		if (!PRESETS.contains(preset)) {
			return problemPage(model, response, connection, input, "Choose the attribute preset: okta, onelogin or "
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
		Connection connection = require(id);
		try {
			this.directory.defineCustomField(name.strip(), label, authentication.getName());
		}
		catch (IllegalArgumentException ex) {
			return problemPage(model, response, connection, input(connection).withCustomField(name, label),
					sentence(ex.getMessage()) + " Nothing was saved.");
		}
		redirect.addFlashAttribute("notice", "Custom field " + name.strip() + " defined. By default it is read from "
				+ "the attribute " + this.connections.mapping(connection).attributeFor(customKey(name.strip()))
				+ "; override that in the mapping below.");
		return redirectTo(id);
	}

	@PostMapping("/{id}/admin-groups")
	String saveAdminGroups(@PathVariable String id, @RequestParam(defaultValue = "") String adminGroups,
			Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Connection connection = require(id);
		List<String> groups = adminGroups.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
		return save(id, new ConnectionSettings(null, null, null, null, null, null, groups),
				groups.isEmpty() ? "Admin groups saved: nobody gets the admin role through this connection."
						: "Admin groups saved. Members get the admin role at their next sign-in.",
				authentication, model, response, redirect, input(connection).withAdminGroups(adminGroups));
	}

	@GetMapping("/{id}/delete")
	String confirmDelete(@PathVariable String id, Model model) {
		model.addAttribute("connection", require(id));
		model.addAttribute("activeTokens", activeTokens(id));
		return "admin/connections/delete";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		require(id);
		this.connections.delete(id, authentication.getName());
		redirect.addFlashAttribute("notice", "Connection " + id + " deleted. Its users keep their accounts.");
		return "redirect:/admin/connections";
	}

	@PostMapping("/{id}/scim-tokens")
	String createScimToken(@PathVariable String id, @RequestParam(defaultValue = "") String label,
			@RequestParam(defaultValue = "" + DEFAULT_TOKEN_DAYS) String validityDays, Authentication authentication,
			Model model, HttpServletResponse response) {
		Connection connection = require(id);
		PageInput input = input(connection).withToken(label, validityDays);
		int days;
		try {
			days = Integer.parseInt(validityDays.strip());
		}
		catch (NumberFormatException ex) {
			return problemPage(model, response, connection, input,
					"The validity is a number of days, e.g. 365; '" + validityDays + "' is not.");
		}
		if (days < 1) {
			return problemPage(model, response, connection, input, "A token is valid for at least one day.");
		}
		IssuedScimToken issued;
		try {
			issued = this.tokens.issue(id, label, this.clock.instant().plus(Duration.ofDays(days)),
					authentication.getName());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return problemPage(model, response, connection, input, sentence(ex.getMessage()) + " No token was created.");
		}
		// Shown in this answer only: no redirect that a reload or the back button could repeat.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("connection", connection);
		model.addAttribute("token", issued.token());
		model.addAttribute("secret", issued.secret());
		model.addAttribute("scimBaseUrl", this.base + "/scim/v2");
		return "admin/connections/scim-token";
	}

	@GetMapping("/{id}/scim-tokens/{tokenId}/revoke")
	String confirmRevoke(@PathVariable String id, @PathVariable UUID tokenId, Model model) {
		model.addAttribute("connection", require(id));
		model.addAttribute("token", requireToken(id, tokenId));
		return "admin/connections/revoke-token";
	}

	@PostMapping("/{id}/scim-tokens/{tokenId}/revoke")
	String revoke(@PathVariable String id, @PathVariable UUID tokenId, Authentication authentication,
			RedirectAttributes redirect) {
		require(id);
		ScimToken token = requireToken(id, tokenId);
		boolean revoked = this.tokens.revoke(id, tokenId, authentication.getName());
		redirect.addFlashAttribute("notice", revoked ? "SCIM token '" + token.getLabel() + "' revoked: the IdP can no "
				+ "longer provision with it." : "SCIM token '" + token.getLabel() + "' was revoked already.");
		return redirectTo(id) + "#scim-tokens";
	}

	/**
	 * An upload over the multipart limit: the body never reached the form, so there is no input
	 * to keep, only the reason. Tomcat reads and drops the rest of the body
	 * ({@code server.tomcat.max-swallow-size}) so the browser gets this page, not a reset.
	 */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	String uploadTooLarge(HttpServletRequest request, HttpServletResponse response, Model model) {
		response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
		// Exception handlers get no @ModelAttribute methods: the layout's name is added here.
		model.addAttribute("signedInAdmin",
				(request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null);
		String problem = tooLarge(request.getContentLengthLong());
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String prefix = "/admin/connections/";
		if (path.startsWith(prefix) && path.endsWith("/metadata")) {
			String id = UriUtils.decode(path.substring(prefix.length(), path.length() - "/metadata".length()),
					StandardCharsets.UTF_8);
			Optional<Connection> connection = this.connections.find(id);
			if (connection.isPresent()) {
				model.addAttribute("problem", problem);
				return page(model, connection.get(), input(connection.get()));
			}
		}
		model.addAttribute("problem", problem);
		return newForm(model, new ConnectionForm("", "okta", ""));
	}

	private String save(String id, ConnectionSettings settings, String notice, Authentication authentication,
			Model model, HttpServletResponse response, RedirectAttributes redirect, PageInput input) {
		try {
			this.connections.saveAsAdmin(id, settings, null, ConnectionOrigin.API, authentication.getName());
		}
		catch (InvalidConnectionException ex) {
			return problemPage(model, response, require(id), input, sentence(ex.getMessage()) + " Nothing was saved.");
		}
		redirect.addFlashAttribute("notice", notice);
		return redirectTo(id);
	}

	private String problemPage(Model model, HttpServletResponse response, Connection connection, PageInput input,
			String problem) {
		response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
		model.addAttribute("problem", problem);
		return page(model, connection, input);
	}

	private String page(Model model, Connection connection, PageInput input) {
		Instant now = this.clock.instant();
		String id = connection.getId();
		String spMetadata = this.base + "/saml2/service-provider-metadata/" + id;
		model.addAttribute("connection", connection);
		model.addAttribute("source", source(connection));
		model.addAttribute("sp", new ServiceProviderUrls(spMetadata, this.base + "/login/saml2/sso/" + id,
				this.base + "/logout/saml2/slo", spMetadata, this.base + "/scim/v2"));
		model.addAttribute("certificates",
				certificates(connection).stream().map((certificate) -> CertificateRow.of(certificate, now)).toList());
		model.addAttribute("presets", PRESETS);
		model.addAttribute("input", input);
		AttributeMapping presetOnly = new AttributeMapping(
				PRESETS.contains(input.preset()) ? input.preset() : connection.getPreset(), Map.of());
		List<MappingRow> mapping = new ArrayList<>();
		for (String field : AttributeMapping.STANDARD_FIELDS) {
			mapping.add(new MappingRow(field, FIELD_LABELS.getOrDefault(field, field), presetOnly.attributeFor(field),
					input.overrides().getOrDefault(field, "")));
		}
		for (CustomFieldView custom : this.directory.customFields()) {
			String field = customKey(custom.name());
			mapping.add(new MappingRow(field, custom.label() + " (custom)", presetOnly.attributeFor(field),
					input.overrides().getOrDefault(field, "")));
		}
		model.addAttribute("mapping", mapping);
		model.addAttribute("tokens", this.tokens.list(id).stream().map((token) -> TokenRow.of(token, now)).toList());
		model.addAttribute("maxActiveTokens", ScimTokens.MAX_ACTIVE_PER_CONNECTION);
		return "admin/connections/connection";
	}

	private String newForm(Model model, ConnectionForm form) {
		model.addAttribute("form", form);
		model.addAttribute("presets", PRESETS);
		return "admin/connections/new";
	}

	private List<String> mappedFields() {
		List<String> fields = new ArrayList<>(AttributeMapping.STANDARD_FIELDS);
		this.directory.customFields().forEach((custom) -> fields.add(customKey(custom.name())));
		return fields;
	}

	private ConnectionRow row(Connection connection, Instant now) {
		List<SigningCertificate> certificates = certificates(connection);
		CertificateRow worst = certificates.stream()
			.map((certificate) -> CertificateRow.of(certificate, now))
			.min((a, b) -> a.notAfter().compareTo(b.notAfter()))
			.orElse(null);
		return new ConnectionRow(connection.getId(), connection.getEntityId(), source(connection), worst,
				connection.getMetadataRefreshError() != null);
	}

	private static List<SigningCertificate> certificates(Connection connection) {
		try {
			return IdpMetadata.parse(connection.getMetadataXml()).signingCertificates();
		}
		catch (InvalidConnectionException ex) {
			return List.of();
		}
	}

	private static String source(Connection connection) {
		if (connection.getMetadataUrl() != null) {
			return "URL";
		}
		return switch (connection.getOrigin()) {
			case FOLDER -> "folder";
			case DEMO -> "demo";
			case API -> "upload";
		};
	}

	private long activeTokens(String id) {
		Instant now = this.clock.instant();
		return this.tokens.list(id).stream().filter((token) -> "active".equals(token.statusAt(now))).count();
	}

	private void refused(String summary, String connectionId, Authentication authentication) {
		// The save's transaction rolled back; the refusal is recorded on its own.
		this.events.event(EventType.CONNECTION_REJECTED, summary)
			.connection(connectionId)
			.actor(authentication.getName())
			.recordAlone();
	}

	private PageInput input(Connection connection) {
		return new PageInput(connection.getPreset(), this.connections.mapping(connection).overrides(),
				String.join("\n", connection.getAdminGroups()), "", "", "", "" + DEFAULT_TOKEN_DAYS);
	}

	private Connection require(String id) {
		return this.connections.find(id).orElseThrow(() -> new NoSuchPage("There is no connection '" + id + "'."));
	}

	private ScimToken requireToken(String id, UUID tokenId) {
		return this.tokens.list(id)
			.stream()
			.filter((token) -> token.getId().equals(tokenId))
			.findFirst()
			.orElseThrow(() -> new NoSuchPage("Connection '" + id + "' has no SCIM token " + tokenId + "."));
	}

	private static String read(MultipartFile file) {
		try {
			return new String(file.getBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new InvalidConnectionException("The uploaded file could not be read: " + ex.getMessage());
		}
	}

	private static String redirectTo(String id) {
		return "redirect:/admin/connections/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
	}

	private static String customKey(String name) {
		return AttributeMapping.CUSTOM_PREFIX + name;
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

	private static String sentence(String message) {
		return (message.endsWith(".") || message.endsWith("…")) ? message : message + ".";
	}

	/** A connection or token that does not exist (any more): the 404 page. */
	@ResponseStatus(HttpStatus.NOT_FOUND)
	static final class NoSuchPage extends RuntimeException {

		NoSuchPage(String message) {
			super(message);
		}

	}

	/** What the new-connection form shows again after a problem. */
	record ConnectionForm(String id, String preset, String metadataUrl) {
	}

	/** A row of the connections list: {@code certificate} is the one that expires first. */
	record ConnectionRow(String id, String entityId, String source, CertificateRow certificate,
			boolean refreshFailed) {
	}

	record ServiceProviderUrls(String entityId, String acsUrl, String sloUrl, String metadataUrl, String scimBaseUrl) {
	}

	/** @param state {@code good}, {@code warn} (within 30 days of expiry) or {@code bad} (expired) */
	record CertificateRow(String subject, Instant notAfter, String sha256Fingerprint, String state, long daysLeft) {

		static CertificateRow of(SigningCertificate certificate, Instant now) {
			String state = !certificate.notAfter().isAfter(now) ? "bad" : certificate.expiresSoon(now) ? "warn" : "good";
			return new CertificateRow(certificate.subject(), certificate.notAfter(), certificate.sha256Fingerprint(),
					state, Duration.between(now, certificate.notAfter()).toDays());
		}

	}

	/**
	 * @param presetAttribute what the preset reads the field from, shown when there is no override
	 * @param override the attribute that replaces it, empty for the preset's
	 */
	record MappingRow(String field, String label, String presetAttribute, String override) {
	}

	record TokenRow(UUID id, String label, String hint, Instant createdAt, String createdBy, Instant expiresAt,
			Instant lastUsedAt, String status) {

		static TokenRow of(ScimToken token, Instant now) {
			return new TokenRow(token.getId(), token.getLabel(), token.getHint(), token.getCreatedAt(),
					token.getCreatedBy(), token.getExpiresAt(), token.getLastUsedAt(), token.statusAt(now));
		}

	}

	/** What the connection page's forms show: the saved values, or what was typed when it failed. */
	record PageInput(String preset, Map<String, String> overrides, String adminGroups, String customFieldName,
			String customFieldLabel, String tokenLabel, String tokenDays) {

		PageInput withMapping(String preset, Map<String, String> overrides) {
			return new PageInput(preset, overrides, this.adminGroups, this.customFieldName, this.customFieldLabel,
					this.tokenLabel, this.tokenDays);
		}

		PageInput withAdminGroups(String adminGroups) {
			return new PageInput(this.preset, this.overrides, adminGroups, this.customFieldName, this.customFieldLabel,
					this.tokenLabel, this.tokenDays);
		}

		PageInput withCustomField(String name, String label) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, name, label, this.tokenLabel,
					this.tokenDays);
		}

		PageInput withToken(String label, String days) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, this.customFieldName,
					this.customFieldLabel, label, days);
		}

	}

}
