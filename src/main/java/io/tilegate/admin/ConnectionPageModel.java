package io.tilegate.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.connections.IdpMetadata;
import io.tilegate.connections.InvalidConnectionException;
import io.tilegate.connections.SigningCertificate;
import io.tilegate.directory.CustomFieldView;
import io.tilegate.directory.CustomFields;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.expiry.ExpiryWarnings;
import io.tilegate.saml.SpCredentials;
import io.tilegate.saml.SpMetadataFetches;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.util.UriUtils;

/**
 * What the connection pages show, built in one place for every controller that renders them
 * ({@link ConnectionPages}, {@link ScimTokenPages}): the list's rows, the new-connection form,
 * and a connection's page with the URLs to paste into the IdP, its certificates, mapping and
 * SCIM tokens, again with a problem and what was typed when a form failed.
 */
@Component
class ConnectionPageModel {

	static final int DEFAULT_TOKEN_DAYS = 365;

	static final List<String> PRESETS = List.of("okta", "onelogin", "entra");

	/**
	 * The connection page's sections, each shown alone at {@code ?section=}: one form (or two
	 * that belong together) per page, so saving one cannot lose what was typed in another.
	 * Without a section the page shows them all, as before.
	 */
	static final Map<String, String> SECTIONS = sections("idp", "Paste into the IdP", "metadata", "Metadata",
			"display-name", "Display name", "options", "Options", "email-domains", "Verified email domains", "mapping",
			"Attribute mapping", "admin-groups", "Admin groups", "scim", "SCIM tokens", "sp-keys", "SP keys");

	static final Map<String, String> FIELD_LABELS = Map.ofEntries(
			Map.entry(AttributeMapping.FIRST_NAME, "First name"), Map.entry(AttributeMapping.LAST_NAME, "Last name"),
			Map.entry(AttributeMapping.EMAIL, "Email"), Map.entry(AttributeMapping.PHONE, "Phone"),
			Map.entry(AttributeMapping.COMPANY, "Company"), Map.entry(AttributeMapping.DEPARTMENT, "Department"),
			Map.entry(AttributeMapping.TITLE, "Job title"), Map.entry(AttributeMapping.MANAGER, "Reports to (manager)"),
			Map.entry(AttributeMapping.HIRE_DATE, "Hire date"), Map.entry(AttributeMapping.PHOTO, "Profile image URL"),
			Map.entry(AttributeMapping.GROUPS, "Groups"));

	private final Connections connections;

	private final ScimTokens tokens;

	private final CustomFields customFields;

	private final EventLog events;

	private final Clock clock;

	private final String base;

	private final HttpServletRequest request;

	private final SpCredentials credentials;

	private final SpMetadataFetches metadataFetches;

	private final ExpiryWarnings expiryWarnings;

	ConnectionPageModel(Connections connections, ScimTokens tokens, CustomFields customFields, EventLog events,
			Clock clock, TilegateProperties properties, HttpServletRequest request, SpCredentials credentials,
			SpMetadataFetches metadataFetches, ExpiryWarnings expiryWarnings) {
		this.request = request;
		this.credentials = credentials;
		this.metadataFetches = metadataFetches;
		this.expiryWarnings = expiryWarnings;
		this.connections = connections;
		this.tokens = tokens;
		this.customFields = customFields;
		this.events = events;
		this.clock = clock;
		this.base = properties.base();
	}

	/** The SCIM base URL an IdP is given. */
	String scimBaseUrl() {
		return this.base + "/scim/v2";
	}

	/** Where a sign-in through the connection starts (SP-initiated), as a person opens it. */
	String signInUrl(String id) {
		return this.base + "/saml2/authenticate/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
	}

	String problemPage(Model model, HttpServletResponse response, Connection connection, PageInput input,
			String problem) {
		response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
		model.addAttribute("problem", problem);
		return connectionPage(model, connection, input);
	}

	String connectionPage(Model model, Connection connection, PageInput input) {
		Instant now = this.clock.instant();
		String id = connection.getId();
		String spMetadata = this.base + "/saml2/service-provider-metadata/" + id;
		model.addAttribute("connection", connection);
		model.addAttribute("sections", SECTIONS);
		// Not "section": the layout already names the console's own section so.
		model.addAttribute("part", section());
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
		for (CustomFieldView custom : this.customFields.customFields()) {
			String field = customKey(custom.name());
			mapping.add(new MappingRow(field, custom.label() + " (custom)", presetOnly.attributeFor(field),
					input.overrides().getOrDefault(field, "")));
		}
		model.addAttribute("mapping", mapping);
		model.addAttribute("tokens", this.tokens.list(id).stream().map((token) -> TokenRow.of(token, now)).toList());
		model.addAttribute("maxActiveTokens", ScimTokens.MAX_ACTIVE_PER_CONNECTION);
		model.addAttribute("expiryWarnings", this.expiryWarnings.of(connection));
		model.addAttribute("spKeys", this.credentials.keys());
		model.addAttribute("spKeysConfigured", this.credentials.configured());
		Instant nextPublished = this.credentials.nextPublishedAt();
		model.addAttribute("nextPublishedAt", nextPublished);
		model.addAttribute("metadataFetches",
				(nextPublished != null) ? this.metadataFetches.since(id, nextPublished) : List.of());
		// Until somebody has signed in through it, the connection is still being set up.
		model.addAttribute("settingUp", this.events
			.latest(new EventCriteria(EventType.LOGIN_SUCCEEDED, null, null, id, null), List.of(), 1)
			.isEmpty());
		return "admin/connections/connection";
	}

	String newForm(Model model, ConnectionForm form) {
		model.addAttribute("form", form);
		model.addAttribute("presets", PRESETS);
		return "admin/connections/new";
	}

	List<String> mappedFields() {
		List<String> fields = new ArrayList<>(AttributeMapping.STANDARD_FIELDS);
		this.customFields.customFields().forEach((custom) -> fields.add(customKey(custom.name())));
		return fields;
	}

	ConnectionRow row(Connection connection, Instant now) {
		List<SigningCertificate> certificates = certificates(connection);
		CertificateRow worst = certificates.stream()
			.map((certificate) -> CertificateRow.of(certificate, now))
			.min((a, b) -> a.notAfter().compareTo(b.notAfter()))
			.orElse(null);
		return new ConnectionRow(connection.getId(), connection.getEntityId(), source(connection), worst,
				connection.getMetadataRefreshError() != null,
				connection.isLinkByEmail() ? connection.getEmailDomains() : List.of());
	}

	static List<SigningCertificate> certificates(Connection connection) {
		try {
			return IdpMetadata.parse(connection.getMetadataXml()).signingCertificates();
		}
		catch (InvalidConnectionException ex) {
			return List.of();
		}
	}

	static String source(Connection connection) {
		if (connection.getMetadataUrl() != null) {
			return "URL";
		}
		return switch (connection.getOrigin()) {
			case FOLDER -> "folder";
			case DEMO -> "demo";
			case API -> "upload";
		};
	}

	long activeTokens(String id) {
		Instant now = this.clock.instant();
		return this.tokens.list(id).stream().filter((token) -> "active".equals(token.statusAt(now))).count();
	}

	PageInput input(Connection connection) {
		return new PageInput(connection.getPreset(), this.connections.mapping(connection).overrides(),
				String.join("\n", connection.getAdminGroups()), "", "", "", "" + DEFAULT_TOKEN_DAYS,
				(connection.getGivenDisplayName() != null) ? connection.getGivenDisplayName() : "",
				String.join("\n", connection.getEmailDomains()));
	}

	Connection require(String id) {
		return this.connections.find(id).orElseThrow(() -> new NoSuchPage("There is no connection '" + id + "'."));
	}

	ScimToken requireToken(String id, UUID tokenId) {
		return this.tokens.list(id)
			.stream()
			.filter((token) -> token.getId().equals(tokenId))
			.findFirst()
			.orElseThrow(() -> new NoSuchPage("Connection '" + id + "' has no SCIM token " + tokenId + "."));
	}

	/**
	 * Back to the connection page after one of its forms worked, to the section the form was
	 * sent from (its hidden {@code section} field).
	 */
	String redirectBack(String id) {
		String section = section();
		return redirectTo(id) + ((section != null) ? "?section=" + section : "");
	}

	/** The section the request asks for; {@code null} for the whole page, and for one that does not exist. */
	private String section() {
		String section = this.request.getParameter("section");
		return SECTIONS.containsKey(section) ? section : null;
	}

	private static Map<String, String> sections(String... keysAndLabels) {
		Map<String, String> sections = new LinkedHashMap<>();
		for (int i = 0; i < keysAndLabels.length; i += 2) {
			sections.put(keysAndLabels[i], keysAndLabels[i + 1]);
		}
		return Collections.unmodifiableMap(sections);
	}

	static String redirectTo(String id) {
		return "redirect:/admin/connections/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
	}

	static String customKey(String name) {
		return AttributeMapping.CUSTOM_PREFIX + name;
	}

	static String sentence(String message) {
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

	/**
	 * A row of the connections list: {@code certificate} is the one that expires first;
	 * {@code emailDomains} those it links by email in, none when it links nobody by email.
	 */
	record ConnectionRow(String id, String entityId, String source, CertificateRow certificate,
			boolean refreshFailed, List<String> emailDomains) {
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
			String customFieldLabel, String tokenLabel, String tokenDays, String displayName, String emailDomains) {

		PageInput withMapping(String preset, Map<String, String> overrides) {
			return new PageInput(preset, overrides, this.adminGroups, this.customFieldName, this.customFieldLabel,
					this.tokenLabel, this.tokenDays, this.displayName, this.emailDomains);
		}

		PageInput withAdminGroups(String adminGroups) {
			return new PageInput(this.preset, this.overrides, adminGroups, this.customFieldName, this.customFieldLabel,
					this.tokenLabel, this.tokenDays, this.displayName, this.emailDomains);
		}

		PageInput withCustomField(String name, String label) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, name, label, this.tokenLabel,
					this.tokenDays, this.displayName, this.emailDomains);
		}

		PageInput withToken(String label, String days) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, this.customFieldName,
					this.customFieldLabel, label, days, this.displayName, this.emailDomains);
		}

		PageInput withDisplayName(String displayName) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, this.customFieldName,
					this.customFieldLabel, this.tokenLabel, this.tokenDays, displayName, this.emailDomains);
		}

		PageInput withEmailDomains(String emailDomains) {
			return new PageInput(this.preset, this.overrides, this.adminGroups, this.customFieldName,
					this.customFieldLabel, this.tokenLabel, this.tokenDays, this.displayName, emailDomains);
		}
	}

}
