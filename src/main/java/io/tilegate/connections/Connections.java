package io.tilegate.connections;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The identity providers Tilegate trusts. Every change to one goes through here. */
@Service
public class Connections {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

	/** Room on a sign-in button; the column holds no more. */
	public static final int MAX_DISPLAY_NAME = 100;

	static final Duration MIN_SESSION_AGE = Duration.ofMinutes(1);

	static final Duration MAX_SESSION_AGE = Duration.ofDays(30);

	private static final TypeReference<Map<String, String>> OVERRIDES = new TypeReference<>() {
	};

	private final ConnectionRepository repository;

	private final EventLog events;

	private final ObjectMapper json;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	private final Map<String, ConnectionPolicy> policies = new ConcurrentHashMap<>();

	Connections(ConnectionRepository repository, EventLog events, ObjectMapper json, Clock clock, JdbcTemplate jdbc) {
		this.repository = repository;
		this.events = events;
		this.json = json;
		this.clock = clock;
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public Optional<Connection> find(String id) {
		return this.repository.findById(id);
	}

	@Transactional(readOnly = true)
	public List<Connection> list() {
		return this.repository.findAllByOrderByIdAsc();
	}

	/**
	 * The connection's current version, asked on every SAML request: one indexed read,
	 * without a JPA session or transaction around it.
	 */
	public Optional<Long> currentVersion(String id) {
		return this.jdbc.query("select version from idp_connection where id = ?", (rs, n) -> rs.getLong(1), id)
			.stream()
			.findFirst();
	}

	public static boolean isValidId(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/**
	 * Creates the connection or updates it. Nothing is written unless all of it is valid.
	 * @throws InvalidConnectionException saying what to fix
	 */
	@Transactional
	public Connection save(String id, ConnectionSettings settings, ConnectionOrigin origin, String actor) {
		return save(id, settings, null, origin, actor, false);
	}

	/**
	 * Creates or updates a connection as an admin asks for it: unlike the metadata folder and
	 * the demo, two connections of the admin's may not trust the same IdP entity ID, as a user
	 * would then get two identities for one IdP account.
	 * @param metadataUrl where {@code settings.metadataXml()} was fetched from, to be fetched
	 * again; {@code null} with metadata means it was uploaded (and is no longer fetched)
	 * @throws InvalidConnectionException saying what to fix
	 */
	@Transactional
	public Connection saveAsAdmin(String id, ConnectionSettings settings, String metadataUrl, ConnectionOrigin origin,
			String actor) {
		return save(id, settings, metadataUrl, origin, actor, true);
	}

	/**
	 * Creates a connection as {@link #saveAsAdmin} does, refusing an id that exists: two admins
	 * creating the same id at once must not have the second silently change the first's.
	 * @throws ConnectionExistsException when the id is taken
	 */
	@Transactional
	public Connection createAsAdmin(String id, ConnectionSettings settings, String metadataUrl, ConnectionOrigin origin,
			String actor) {
		if (isValidId(id) && this.repository.existsById(id)) {
			throw new ConnectionExistsException(id);
		}
		return save(id, settings, metadataUrl, origin, actor, true);
	}

	private Connection save(String id, ConnectionSettings settings, String metadataUrl, ConnectionOrigin origin,
			String actor, boolean uniqueEntityId) {
		if (!isValidId(id)) {
			throw new InvalidConnectionException("A connection id is 1 to 64 letters, digits, '.', '_' or '-', "
					+ "starting with a letter or digit; '" + id + "' is not.");
		}
		Optional<Connection> existing = this.repository.findById(id);
		Connection connection = existing.orElseGet(() -> new Connection(id, Instant.now(this.clock)));
		List<Object> before = state(connection);
		if (settings.metadataXml() != null) {
			IdpMetadata metadata = IdpMetadata.parse(settings.metadataXml());
			if (uniqueEntityId) {
				requireUnusedEntityId(id, metadata.entityId());
			}
			connection.setMetadata(metadata.entityId(), metadata.xml());
			connection.setMetadataUrl(metadataUrl);
		}
		else if (existing.isEmpty()) {
			throw new InvalidConnectionException("A new connection needs the IdP's metadata.");
		}
		if (settings.preset() != null) {
			if (!AttributeMapping.PRESETS.contains(settings.preset())) {
				throw new InvalidConnectionException(
						"Unknown attribute preset '" + settings.preset() + "'; use okta, onelogin or entra.");
			}
			connection.setPreset(settings.preset());
		}
		if (settings.attributeOverrides() != null) {
			connection.setAttributeOverridesJson(writeOverrides(settings.attributeOverrides()));
		}
		if (settings.allowIdpInitiated() != null) {
			connection.setAllowIdpInitiated(settings.allowIdpInitiated());
		}
		if (settings.linkByEmail() != null) {
			connection.setLinkByEmail(settings.linkByEmail());
		}
		if (settings.samlUpdatesScimManaged() != null) {
			connection.setSamlUpdatesScimManaged(settings.samlUpdatesScimManaged());
		}
		if (settings.adminGroups() != null) {
			connection.setAdminGroups(adminGroups(settings.adminGroups()));
		}
		if (settings.displayName() != null) {
			connection.setDisplayName(displayName(settings.displayName()));
		}
		if (settings.maxSessionAge() != null) {
			connection.setMaxSessionAge(maxSessionAge(settings.maxSessionAge()));
		}
		if (settings.emailDomains() != null) {
			connection.setEmailDomains(EmailDomains.clean(settings.emailDomains()));
		}
		if (existing.isEmpty()) {
			connection.setOrigin(origin);
		}
		else if (before.equals(state(connection))) {
			// Unchanged, as at every restart for the metadata folder: a new version would make
			// every node rebuild the registration and every user's next sign-in map again.
			return connection;
		}
		connection.touch(Instant.now(this.clock));
		Connection saved = this.repository.saveAndFlush(connection);
		this.events.event(EventType.CONNECTION_SAVED,
				(existing.isEmpty() ? "Connection created: " : "Connection updated: ") + id + " (IdP entity ID "
						+ saved.getEntityId() + ")" + ((metadataUrl != null) ? ", metadata from " + metadataUrl : ""))
			.connection(id)
			.actor(actor)
			.record();
		if (metadataUrl != null && settings.metadataXml() != null) {
			markRefreshed(id, Instant.now(this.clock));
		}
		return saved;
	}

	private void requireUnusedEntityId(String id, String entityId) {
		this.repository.findFirstByEntityIdAndIdNot(entityId, id).ifPresent((other) -> {
			throw new InvalidConnectionException("The IdP entity ID " + entityId + " is already used by connection '"
					+ other.getId() + "'. Change that connection's metadata instead of adding a second one for the "
					+ "same IdP app, or give this app its own entity ID in the IdP.");
		});
	}

	/** The connections whose metadata is fetched from a URL. */
	@Transactional(readOnly = true)
	public List<Connection> fetchedFromUrls() {
		return this.repository.findByMetadataUrlIsNotNullOrderByIdAsc();
	}

	/**
	 * Applies metadata fetched again from the connection's URL. Changed metadata becomes a new
	 * version, so every node rebuilds the SAML registration; the same metadata only records
	 * the time.
	 * @throws InvalidConnectionException when the connection no longer takes its metadata from
	 * that URL, or the new metadata's entity ID belongs to another connection
	 */
	@Transactional
	public MetadataRefresh applyRefresh(String id, String url, IdpMetadata fetched, String actor) {
		Connection connection = this.repository.findById(id)
			.orElseThrow(() -> new InvalidConnectionException("There is no connection '" + id + "'."));
		if (!url.equals(connection.getMetadataUrl())) {
			throw new InvalidConnectionException("Connection '" + id + "' no longer takes its metadata from " + url + ".");
		}
		requireUnusedEntityId(id, fetched.entityId());
		Instant now = Instant.now(this.clock);
		List<SigningCertificate> before = IdpMetadata.parse(connection.getMetadataXml()).signingCertificates();
		List<SigningCertificate> after = fetched.signingCertificates();
		List<SigningCertificate> added = new ArrayList<>(after);
		added.removeAll(before);
		List<SigningCertificate> removed = new ArrayList<>(before);
		removed.removeAll(after);
		boolean changed = !fetched.xml().equals(connection.getMetadataXml());
		if (changed) {
			String oldEntityId = connection.getEntityId();
			connection.setMetadata(fetched.entityId(), fetched.xml());
			connection.touch(now);
			this.repository.saveAndFlush(connection);
			StringBuilder summary = new StringBuilder("Metadata of connection " + id + " changed at " + url + "; applied.");
			if (!oldEntityId.equals(fetched.entityId())) {
				summary.append(" Entity ID ").append(oldEntityId).append(" is now ").append(fetched.entityId()).append('.');
			}
			added.forEach((certificate) -> summary.append(" Signing certificate added: ").append(certificate.describe())
				.append('.'));
			removed.forEach((certificate) -> summary.append(" Signing certificate removed: ")
				.append(certificate.describe())
				.append('.'));
			this.events.event(EventType.CONNECTION_SAVED, summary.toString())
				.connection(id)
				.actor(actor)
				.detailJson(Map.of("metadataUrl", url, "certificatesAdded", added, "certificatesRemoved", removed))
				.record();
		}
		markRefreshed(id, now);
		return new MetadataRefresh(id, url, changed, added, removed, now);
	}

	/**
	 * Records that fetching the connection's metadata failed; the metadata it has stays in use.
	 */
	@Transactional
	public void refreshFailed(String id, String url, String reason, String actor) {
		String error = reason.length() > 1900 ? reason.substring(0, 1900) + "…" : reason;
		int updated = this.jdbc.update(
				"update idp_connection set metadata_refresh_error = ? where id = ? and metadata_url = ?", error, id, url);
		if (updated == 0) {
			return;
		}
		Timestamp last = this.jdbc.queryForObject("select metadata_refreshed_at from idp_connection where id = ?",
				Timestamp.class, id);
		this.events.event(EventType.CONNECTION_REJECTED, "Metadata refresh of connection " + id + " from " + url
				+ " failed: " + error + " Sign-ins keep using the metadata fetched "
				+ ((last != null) ? "at " + last.toInstant() : "before") + "; fix the URL or the IdP, then refresh again.")
			.connection(id)
			.actor(actor)
			.record();
	}

	private void markRefreshed(String id, Instant now) {
		this.jdbc.update("update idp_connection set metadata_refreshed_at = ?, metadata_refresh_error = null where id = ?",
				Timestamp.from(now), id);
	}

	@Transactional
	public boolean delete(String id, String actor) {
		Optional<Connection> existing = this.repository.findById(id);
		if (existing.isEmpty()) {
			return false;
		}
		this.repository.delete(existing.get());
		this.events.event(EventType.CONNECTION_DELETED, "Connection deleted: " + id).connection(id).actor(actor).record();
		return true;
	}

	/**
	 * The connection's policy, read again only when its version has changed: asked on every
	 * sign-in, it costs one indexed read.
	 */
	public Optional<ConnectionPolicy> policy(String id) {
		Optional<Long> version = currentVersion(id);
		if (version.isEmpty()) {
			this.policies.remove(id);
			return Optional.empty();
		}
		ConnectionPolicy cached = this.policies.get(id);
		if (cached != null && cached.version() == version.get()) {
			return Optional.of(cached);
		}
		Optional<ConnectionPolicy> fresh = find(id).map((connection) -> new ConnectionPolicy(connection.getId(),
				connection.getVersion(), mapping(connection), connection.isLinkByEmail(),
				connection.isSamlUpdatesScimManaged(), connection.getAdminGroups(), connection.getMaxSessionAge(),
				connection.getEmailDomains()));
		fresh.ifPresent((policy) -> this.policies.put(id, policy));
		return fresh;
	}

	/**
	 * {@link #policy(String)} for a caller that read the connection's version already in this
	 * request, as a sign-in did to resolve its registration: the policy of that version when this
	 * node holds it, without reading the version again; any other is read as {@link #policy(String)}
	 * reads it.
	 */
	public Optional<ConnectionPolicy> policy(String id, long version) {
		ConnectionPolicy cached = this.policies.get(id);
		if (cached != null && cached.version() == version) {
			return Optional.of(cached);
		}
		return policy(id);
	}

	private static List<Object> state(Connection connection) {
		return Arrays.asList(connection.getEntityId(), connection.getMetadataXml(), connection.getMetadataUrl(),
				connection.getPreset(),
				connection.getAttributeOverridesJson(), connection.isAllowIdpInitiated(), connection.isLinkByEmail(),
				connection.isSamlUpdatesScimManaged(), connection.getAdminGroups(), connection.getGivenDisplayName(),
				connection.getMaxSessionAge(), connection.getEmailDomains());
	}

	/** {@code null}, the connection id, for a blank name. */
	private static String displayName(String name) {
		String clean = name.strip();
		if (clean.isEmpty()) {
			return null;
		}
		if (clean.length() > MAX_DISPLAY_NAME || clean.chars().anyMatch(Character::isISOControl)) {
			String shown = clean.replaceAll("\\p{Cntrl}", " ");
			throw new InvalidConnectionException("A display name is one line of at most " + MAX_DISPLAY_NAME
					+ " characters, e.g. Acme Okta; '" + ((shown.length() > 40) ? shown.substring(0, 40) + "…" : shown)
					+ "' is not.");
		}
		return clean;
	}

	/** {@code null}, the user session timeout, for zero. */
	private static Duration maxSessionAge(Duration age) {
		if (age.isZero()) {
			return null;
		}
		if (age.compareTo(MIN_SESSION_AGE) < 0 || age.compareTo(MAX_SESSION_AGE) > 0) {
			throw new InvalidConnectionException("A maximum session age is from 1 minute to 30 days, e.g. 480 minutes "
					+ "for a working day, or 0 for the user session timeout; " + age.toMinutes() + " minutes is not.");
		}
		return age;
	}

	private static List<String> adminGroups(List<String> groups) {
		List<String> clean = new ArrayList<>();
		for (String group : groups) {
			String name = (group != null) ? group.strip() : "";
			if (name.isEmpty() || clean.stream().anyMatch(name::equalsIgnoreCase)) {
				continue;
			}
			if (name.length() > 256 || name.contains("\n") || name.contains("\r")) {
				throw new InvalidConnectionException("An admin group name is one line of at most 256 characters; '"
						+ (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "' is not.");
			}
			clean.add(name);
		}
		if (String.join("\n", clean).length() > 4000) {
			throw new InvalidConnectionException("Too many admin groups: their names may take 4,000 characters in all.");
		}
		return clean;
	}

	public AttributeMapping mapping(Connection connection) {
		return new AttributeMapping(connection.getPreset(), readOverrides(connection.getAttributeOverridesJson()));
	}

	private String writeOverrides(Map<String, String> overrides) {
		Map<String, String> clean = new LinkedHashMap<>();
		overrides.forEach((field, attribute) -> {
			if (!AttributeMapping.isKnownField(field)) {
				throw new InvalidConnectionException("Unknown profile field '" + field + "' in the attribute mapping; "
						+ "use one of " + AttributeMapping.STANDARD_FIELDS + " or custom.<field name>.");
			}
			if (attribute != null && !attribute.isBlank()) {
				clean.put(field, attribute.trim());
			}
		});
		try {
			return this.json.writeValueAsString(clean);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, String> readOverrides(String overrides) {
		try {
			return this.json.readValue(overrides, OVERRIDES);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored attribute overrides are not JSON", ex);
		}
	}

}
