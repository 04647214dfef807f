package io.tilegate.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.config.WebhookProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook endpoints admins register: each with its URL, the events it wants and one or
 * two signing secrets. A secret is shown once, when made, and kept sealed ({@link SecretSeal});
 * every change is recorded in the event log, never with a secret.
 */
@Service
public class WebhookEndpoints {

	static final int MAX_DESCRIPTION = 500;

	private final JdbcTemplate jdbc;

	private final SecretSeal seal;

	private final EventLog events;

	private final Clock clock;

	private final WebhookProperties properties;

	WebhookEndpoints(JdbcTemplate jdbc, SecretSeal seal, EventLog events, Clock clock, WebhookProperties properties) {
		this.jdbc = jdbc;
		this.seal = seal;
		this.events = events;
		this.clock = clock;
		this.properties = properties;
	}

	/** Every event type an endpoint may subscribe to. */
	public static Collection<String> eventTypes() {
		return WebhookEventTypes.names();
	}

	/** Why no endpoint can be made now, with how to fix it; empty when one can. */
	public Optional<String> cannotCreate() {
		return Optional.ofNullable(this.seal.problem());
	}

	/**
	 * Registers an endpoint with a first secret.
	 * @throws EncryptionKeyMissingException when no secret can be sealed
	 * @throws IllegalArgumentException for a URL, event list or description that is refused
	 */
	@Transactional
	public IssuedWebhookSecret create(String url, Collection<String> events, String description, String actor) {
		if (!this.seal.ready()) {
			throw new EncryptionKeyMissingException(this.seal.problem() + " Until then no webhook endpoint can be created.");
		}
		String checkedUrl = checkedUrl(url);
		List<String> types = WebhookEventTypes.checked(events);
		String text = checkedDescription(description);
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now(this.clock));
		this.jdbc.update("""
				insert into webhook_endpoint (id, url, event_types, description, paused, created_at, created_by, updated_at)
				values (?, ?, ?, ?, false, ?, ?, ?)""", id, checkedUrl, String.join(" ", types), text, now, actor, now);
		String secret = WebhookSignature.newSecret();
		UUID secretId = insertSecret(id, secret);
		record("Webhook endpoint created: " + checkedUrl + " for " + String.join(", ", types), actor,
				Map.of("endpointId", id.toString(), "url", checkedUrl, "events", types));
		return new IssuedWebhookSecret(find(id).orElseThrow(), secretId, secret);
	}

	/**
	 * Changes an endpoint's URL, events and description.
	 * @return empty when there is no such endpoint
	 */
	@Transactional
	public Optional<WebhookEndpoint> update(UUID id, String url, Collection<String> events, String description,
			String actor) {
		if (find(id).isEmpty()) {
			return Optional.empty();
		}
		String checkedUrl = checkedUrl(url);
		List<String> types = WebhookEventTypes.checked(events);
		this.jdbc.update("update webhook_endpoint set url = ?, event_types = ?, description = ?, updated_at = ? where id = ?",
				checkedUrl, String.join(" ", types), checkedDescription(description),
				Timestamp.from(Instant.now(this.clock)), id);
		record("Webhook endpoint changed: " + checkedUrl + " for " + String.join(", ", types), actor,
				Map.of("endpointId", id.toString(), "url", checkedUrl, "events", types));
		return find(id);
	}

	/** Removes an endpoint, its secrets and its deliveries; {@code false} when there was none. */
	@Transactional
	public boolean delete(UUID id, String actor) {
		Optional<WebhookEndpoint> endpoint = find(id);
		if (endpoint.isEmpty()) {
			return false;
		}
		this.jdbc.update("delete from webhook_endpoint where id = ?", id);
		this.jdbc.update("delete from webhook_delivery where endpoint_id = ?", id);
		record("Webhook endpoint deleted: " + endpoint.get().url() + "; its undelivered events are dropped", actor,
				Map.of("endpointId", id.toString(), "url", endpoint.get().url()));
		return true;
	}

	/**
	 * Pauses or resumes deliveries to an endpoint. Events are queued while it is paused and go
	 * out, in order, once it resumes.
	 * @return empty when there is no such endpoint
	 */
	@Transactional
	public Optional<WebhookEndpoint> pause(UUID id, boolean paused, String actor) {
		Optional<WebhookEndpoint> endpoint = find(id);
		if (endpoint.isEmpty() || endpoint.get().paused() == paused) {
			return endpoint;
		}
		this.jdbc.update("update webhook_endpoint set paused = ?, updated_at = ? where id = ?", paused,
				Timestamp.from(Instant.now(this.clock)), id);
		record("Webhook endpoint " + (paused ? "paused: " : "resumed: ") + endpoint.get().url(), actor,
				Map.of("endpointId", id.toString(), "paused", paused));
		return find(id);
	}

	/**
	 * Makes a second secret for a rotation. Both sign every delivery until the older one is
	 * removed, or at the latest {@code tilegate.webhooks.rotation-overlap} from now.
	 * @return empty when there is no such endpoint
	 */
	@Transactional
	public Optional<IssuedWebhookSecret> addSecret(UUID id, String actor) {
		Optional<WebhookEndpoint> endpoint = find(id);
		if (endpoint.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Instant.now(this.clock);
		Instant overlapEnds = now.plus(this.properties.rotationOverlap());
		this.jdbc.update("""
				update webhook_secret set expires_at = ?
				where endpoint_id = ? and (expires_at is null or expires_at > ?)""", Timestamp.from(overlapEnds), id,
				Timestamp.from(overlapEnds));
		String secret = WebhookSignature.newSecret();
		UUID secretId = insertSecret(id, secret);
		record("Webhook endpoint " + endpoint.get().url() + " got a new secret (" + WebhookSignature.hint(secret)
				+ "); the former ones sign too until removed, at the latest " + overlapEnds, actor,
				Map.of("endpointId", id.toString(), "secretId", secretId.toString(), "formerUntil", overlapEnds.toString()));
		return Optional.of(new IssuedWebhookSecret(find(id).orElseThrow(), secretId, secret));
	}

	/**
	 * Removes a secret, ending a rotation.
	 * @return {@code false} when the endpoint has no such secret
	 * @throws IllegalStateException when it is the endpoint's last active secret
	 */
	@Transactional
	public boolean removeSecret(UUID id, UUID secretId, String actor) {
		Optional<WebhookEndpoint> endpoint = find(id);
		if (endpoint.isEmpty() || endpoint.get().secrets().stream().noneMatch((s) -> s.id().equals(secretId))) {
			return false;
		}
		Instant now = Instant.now(this.clock);
		if (endpoint.get().secrets().stream().filter((s) -> !s.id().equals(secretId)).noneMatch((s) -> s.activeAt(now))) {
			throw new IllegalStateException("That is the endpoint's only active secret: make a new one first "
					+ "(POST /api/v1/webhooks/" + id + "/secrets), give it to the receiver, then remove this one.");
		}
		this.jdbc.update("delete from webhook_secret where id = ? and endpoint_id = ?", secretId, id);
		// The remaining secret signs on its own from now on; it must not expire with the rotation.
		this.jdbc.update("update webhook_secret set expires_at = null where endpoint_id = ? and expires_at > ?", id,
				Timestamp.from(now));
		record("Webhook endpoint " + endpoint.get().url() + ": a secret was removed", actor,
				Map.of("endpointId", id.toString(), "secretId", secretId.toString()));
		return true;
	}

	@Transactional(readOnly = true)
	public List<WebhookEndpoint> list() {
		List<WebhookEndpoint> endpoints = this.jdbc.query("select * from webhook_endpoint order by created_at, id",
				(rs, n) -> endpoint(rs, List.of()));
		return endpoints.stream().map(this::withSecrets).toList();
	}

	@Transactional(readOnly = true)
	public Optional<WebhookEndpoint> find(UUID id) {
		return this.jdbc.query("select * from webhook_endpoint where id = ?", (rs, n) -> endpoint(rs, List.of()), id)
			.stream()
			.findFirst()
			.map(this::withSecrets);
	}

	/**
	 * The secrets a delivery is signed with now, opened: the newest first.
	 * @throws EncryptionKeyMissingException when there is no key to open them
	 */
	List<String> signingSecrets(UUID endpointId, Instant now) {
		return this.jdbc.query("""
				select id, sealed from webhook_secret
				where endpoint_id = ? and (expires_at is null or expires_at > ?)
				order by created_at desc, id""", (rs, n) -> this.seal.open(rs.getObject(1, UUID.class), rs.getString(2)),
				endpointId, Timestamp.from(now));
	}

	private WebhookEndpoint withSecrets(WebhookEndpoint endpoint) {
		List<WebhookEndpoint.Secret> secrets = this.jdbc.query(
				"select id, hint, created_at, expires_at from webhook_secret where endpoint_id = ? order by created_at, id",
				(rs, n) -> new WebhookEndpoint.Secret(rs.getObject(1, UUID.class), rs.getString(2),
						rs.getTimestamp(3).toInstant(), instant(rs.getTimestamp(4))),
				endpoint.id());
		Timestamp failing = this.jdbc.queryForObject("""
				select min(first_attempt_at) from webhook_delivery
				where endpoint_id = ? and status = 'PENDING' and attempts > 0""", Timestamp.class, endpoint.id());
		return new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.events(), endpoint.description(),
				endpoint.paused(), endpoint.createdAt(), endpoint.createdBy(), endpoint.updatedAt(), secrets,
				instant(failing));
	}

	private static WebhookEndpoint endpoint(ResultSet rs, List<WebhookEndpoint.Secret> secrets) throws SQLException {
		return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"),
				Arrays.asList(rs.getString("event_types").split(" ")), rs.getString("description"),
				rs.getBoolean("paused"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
				rs.getTimestamp("updated_at").toInstant(), secrets, null);
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private UUID insertSecret(UUID endpointId, String secret) {
		UUID secretId = UUID.randomUUID();
		this.jdbc.update("insert into webhook_secret (id, endpoint_id, sealed, hint, created_at) values (?, ?, ?, ?, ?)",
				secretId, endpointId, this.seal.seal(secretId, secret), WebhookSignature.hint(secret),
				Timestamp.from(Instant.now(this.clock)));
		return secretId;
	}

	private String checkedUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Give the endpoint's URL: \"url\": \"https://…\".");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("The endpoint URL is not a URL: " + ex.getReason() + ".");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		boolean http = scheme.equals("http") && this.properties.allowPrivateUrls();
		if (!scheme.equals("https") && !http) {
			throw new IllegalArgumentException("The endpoint URL must start with https://: events and their signatures "
					+ "sent without TLS can be read and replayed on the way.");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("The endpoint URL needs a host name, and no user name or #fragment: "
					+ "give it as https://host/path.");
		}
		if (url.trim().length() > 2048) {
			throw new IllegalArgumentException("The endpoint URL is longer than 2048 characters.");
		}
		return uri.toString();
	}

	private static String checkedDescription(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		if (description.length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("The description is longer than " + MAX_DESCRIPTION + " characters.");
		}
		return description.strip();
	}

	private void record(String summary, String actor, Map<String, Object> detail) {
		this.events.event(EventType.ADMIN_ACTION, summary).actor(actor).detailJson(detail).record();
	}

}
