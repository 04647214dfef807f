package io.tilegate.api;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.access.AdminActor;
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
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IdP connections: list, create from metadata XML or a metadata URL, read with everything
 * to paste into the IdP, change, remove, and fetch URL metadata again.
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

	private final Connections connections;

	private final IdpMetadataFetcher fetcher;

	private final IdpMetadataRefresh refresh;

	private final ObjectMapper json;

	private final Clock clock;

	private final String base;

	private final long maxBodySize;

	ConnectionController(Connections connections, IdpMetadataFetcher fetcher, IdpMetadataRefresh refresh,
			ObjectMapper json, Clock clock, TilegateProperties properties) {
		this.connections = connections;
		this.fetcher = fetcher;
		this.refresh = refresh;
		this.json = json;
		this.clock = clock;
		this.base = properties.base();
		this.maxBodySize = properties.metadata().maxSize().toBytes();
	}

	@GetMapping
	List<ConnectionView> list() {
		Instant now = Instant.now(this.clock);
		return this.connections.list().stream().map((connection) -> view(connection, now)).toList();
	}

	@GetMapping("/{id}")
	ConnectionView get(@PathVariable String id) {
		return view(require(id), Instant.now(this.clock));
	}

	@PostMapping
	ResponseEntity<ConnectionView> create(@RequestParam(name = "id", required = false) String queryId,
			InputStream body, HttpServletRequest http, @AuthenticationPrincipal AdminActor actor) {
		ConnectionRequest request = read(body, http);
		String id = (request.id() != null) ? request.id() : queryId;
		if (queryId != null && request.id() != null && !queryId.equals(request.id())) {
			throw ApiException.badRequest("The id in the query (" + queryId + ") and in the body (" + request.id()
					+ ") differ.");
		}
		if (id == null || id.isBlank()) {
			throw ApiException.badRequest("A new connection needs an id: \"id\" in the JSON body, or ?id= with a "
					+ "metadata XML body. It becomes part of the ACS URL, e.g. okta or entra-prod.");
		}
		if (Connections.isValidId(id) && this.connections.find(id).isPresent()) {
			// Checked before fetching a metadata URL; createAsAdmin checks again in its transaction.
			throw ApiException.conflict(new ConnectionExistsException(id).getMessage());
		}
		Connection saved = save(id, request, actor, true);
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/v1/connections/" + id))
			.body(view(saved, Instant.now(this.clock)));
	}

	@PutMapping("/{id}")
	ConnectionView update(@PathVariable String id, InputStream body, HttpServletRequest http,
			@AuthenticationPrincipal AdminActor actor) {
		require(id);
		ConnectionRequest request = read(body, http);
		if (request.id() != null && !request.id().equals(id)) {
			throw ApiException.badRequest("A connection's id cannot change (" + id + " to " + request.id()
					+ "); create a new connection and delete this one.");
		}
		save(id, request, actor, false);
		return view(require(id), Instant.now(this.clock));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		if (!this.connections.delete(id, actor.name())) {
			throw ApiException.notFound("There is no connection '" + id + "'.");
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/refresh")
	MetadataRefresh refresh(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		Connection connection = require(id);
		if (connection.getMetadataUrl() == null) {
			throw ApiException.conflict("Connection '" + id + "' has uploaded metadata, not a metadata URL; upload "
					+ "the new metadata with PUT instead.");
		}
		try {
			return this.refresh.refresh(id, actor.name());
		}
		catch (InvalidConnectionException ex) {
			throw new ApiException(HttpStatus.BAD_GATEWAY, sentence(ex.getMessage()) + " The connection keeps its last good "
					+ "metadata.");
		}
	}

	private ConnectionRequest read(InputStream body, HttpServletRequest http) {
		return ConnectionRequest.read(body, http.getContentType(), http.getContentLengthLong(), this.maxBodySize,
				this.json);
	}

	private Connection save(String id, ConnectionRequest request, AdminActor actor, boolean create) {
		try {
			String fetched = null;
			if (request.metadataUrl() != null && request.metadataXml() == null) {
				fetched = this.fetcher.fetch(request.metadataUrl()).xml();
			}
			ConnectionSettings settings = request.settings(fetched);
			String url = (fetched != null) ? request.metadataUrl().trim() : null;
			return create ? this.connections.createAsAdmin(id, settings, url, ConnectionOrigin.API, actor.name())
					: this.connections.saveAsAdmin(id, settings, url, ConnectionOrigin.API, actor.name());
		}
		catch (ConnectionExistsException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		catch (InvalidConnectionException ex) {
			throw ApiException.badRequest(sentence(ex.getMessage()) + " Nothing was saved.");
		}
	}

	private static String sentence(String message) {
		return (message.endsWith(".") || message.endsWith("…")) ? message : message + ".";
	}

	private Connection require(String id) {
		return this.connections.find(id)
			.orElseThrow(() -> ApiException.notFound("There is no connection '" + id + "'."));
	}

	private ConnectionView view(Connection connection, Instant now) {
		String spMetadata = this.base + "/saml2/service-provider-metadata/" + connection.getId();
		ServiceProvider sp = new ServiceProvider(spMetadata, spMetadata,
				this.base + "/login/saml2/sso/" + connection.getId(), this.base + "/logout/saml2/slo",
				this.base + "/scim/v2");
		List<CertificateView> certificates = IdpMetadata.parse(connection.getMetadataXml())
			.signingCertificates()
			.stream()
			.map((certificate) -> new CertificateView(certificate.subject(), certificate.notAfter(),
					certificate.sha256Fingerprint(), certificate.expiresSoon(now)))
			.toList();
		AttributeMapping mapping = this.connections.mapping(connection);
		Map<String, String> effective = new LinkedHashMap<>();
		AttributeMapping.STANDARD_FIELDS.forEach((field) -> effective.put(field, mapping.attributeFor(field)));
		mapping.overrides().keySet().forEach((field) -> effective.put(field, mapping.attributeFor(field)));
		return new ConnectionView(connection.getId(), connection.getDisplayName(), connection.getEntityId(),
				connection.getOrigin(),
				connection.isAllowIdpInitiated(), connection.isLinkByEmail(), connection.isSamlUpdatesScimManaged(),
				connection.getMetadataUrl(), connection.getMetadataRefreshedAt(), connection.getMetadataRefreshError(),
				connection.getCreatedAt(), connection.getUpdatedAt(), connection.getVersion(), sp, certificates,
				new MappingView(mapping.preset(), mapping.overrides(), effective), connection.getAdminGroups(),
				(connection.getMaxSessionAge() != null) ? connection.getMaxSessionAge().toMinutes() : null,
				connection.getEmailDomains());
	}

	/**
	 * @param displayName what the sign-in buttons say: the name given, else the id
	 * @param metadataRefreshedAt when the metadata was last fetched from its URL successfully
	 * @param metadataRefreshError why the last fetch failed; the connection keeps its last good
	 * metadata meanwhile
	 * @param maxSessionAgeMinutes the longest a session signed in here lasts; {@code null} for the
	 * user session timeout
	 * @param emailDomains the verified email domains: a sign-in is linked to an existing user by
	 * email only in these
	 */
	record ConnectionView(String id, String displayName, String entityId, ConnectionOrigin origin, boolean allowIdpInitiated,
			boolean linkByEmail, boolean samlUpdatesScimManaged, String metadataUrl, Instant metadataRefreshedAt,
			String metadataRefreshError, Instant createdAt, Instant updatedAt, long version,
			ServiceProvider serviceProvider, List<CertificateView> certificates, MappingView attributeMapping,
			List<String> adminGroups, Long maxSessionAgeMinutes, List<String> emailDomains) {

		@JsonProperty
		public String preset() {
			return this.attributeMapping.preset();
		}

	}

	/** What to paste into the IdP's app settings. */
	record ServiceProvider(String entityId, String metadataUrl, String acsUrl, String sloUrl, String scimBaseUrl) {
	}

	/** @param expiresSoon within {@link SigningCertificate#EXPIRY_WARNING} of expiry, or expired */
	record CertificateView(String subject, Instant notAfter, String sha256Fingerprint, boolean expiresSoon) {
	}

	/** @param effective the attribute that feeds each field: the override, else the preset's */
	record MappingView(String preset, Map<String, String> overrides, Map<String, String> effective) {
	}

}
