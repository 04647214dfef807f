package io.tilegate.connections;

import java.time.Clock;
import java.time.Instant;
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
		if (!isValidId(id)) {
			throw new InvalidConnectionException("A connection id is 1 to 64 letters, digits, '.', '_' or '-', "
					+ "starting with a letter or digit; '" + id + "' is not.");
		}
		Optional<Connection> existing = this.repository.findById(id);
		Connection connection = existing.orElseGet(() -> new Connection(id, Instant.now(this.clock)));
		List<Object> before = state(connection);
		if (settings.metadataXml() != null) {
			IdpMetadata metadata = IdpMetadata.parse(settings.metadataXml());
			connection.setMetadata(metadata.entityId(), metadata.xml());
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
						+ saved.getEntityId() + ")")
			.connection(id)
			.actor(actor)
			.record();
		return saved;
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
				connection.isSamlUpdatesScimManaged()));
		fresh.ifPresent((policy) -> this.policies.put(id, policy));
		return fresh;
	}

	private static List<Object> state(Connection connection) {
		return Arrays.asList(connection.getEntityId(), connection.getMetadataXml(), connection.getPreset(),
				connection.getAttributeOverridesJson(), connection.isAllowIdpInitiated(), connection.isLinkByEmail(),
				connection.isSamlUpdatesScimManaged());
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
