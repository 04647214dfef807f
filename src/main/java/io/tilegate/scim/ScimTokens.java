package io.tilegate.scim;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tilegate.access.BearerSecrets;
import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SCIM bearer tokens of each connection: issued, listed, revoked, and checked on every
 * SCIM call.
 */
@Service
public class ScimTokens {

	/** The prefix says "Tilegate SCIM" to a person or a secret scanner who finds one. */
	public static final String PREFIX = BearerSecrets.SCIM_TOKEN_PREFIX;

	/** Two, so a token can be rotated: issue the new one, switch the IdP, revoke the old. */
	public static final int MAX_ACTIVE_PER_CONNECTION = 2;

	private static final Duration MAX_VALIDITY = Duration.ofDays(2 * 366);

	private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

	private final ScimTokenRepository tokens;

	private final Connections connections;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration defaultValidity;

	private final Map<UUID, Instant> lastUseWritten = new ConcurrentHashMap<>();

	ScimTokens(ScimTokenRepository tokens, Connections connections, EventLog events, JdbcTemplate jdbc, Clock clock,
			TilegateProperties properties) {
		this.tokens = tokens;
		this.connections = connections;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.defaultValidity = properties.scim().tokenValidity();
	}

	/**
	 * Issues a token for the connection. The secret is in the answer and nowhere else.
	 * @param expiresAt when it stops working; a year from now when {@code null}
	 * @throws IllegalArgumentException for an unknown connection or an expiry in the past or
	 * more than two years ahead
	 * @throws IllegalStateException when the connection has two active tokens already
	 */
	@Transactional
	public IssuedScimToken issue(String connectionId, String label, Instant expiresAt, String actor) {
		if (this.connections.find(connectionId).isEmpty()) {
			throw new IllegalArgumentException("There is no connection '" + connectionId + "'.");
		}
		Instant now = now();
		Instant expiry = (expiresAt != null) ? expiresAt : now.plus(this.defaultValidity);
		if (!expiry.isAfter(now)) {
			throw new IllegalArgumentException("The expiry " + expiry + " is in the past; choose a later one.");
		}
		if (expiry.isAfter(now.plus(MAX_VALIDITY))) {
			throw new IllegalArgumentException("A token is valid for at most two years; choose an expiry before "
					+ now.plus(MAX_VALIDITY).truncatedTo(ChronoUnit.DAYS) + ".");
		}
		long active = this.tokens.findByConnectionIdOrderByCreatedAtDesc(connectionId)
			.stream()
			.filter((token) -> !token.isRevoked() && !token.isExpiredAt(now))
			.count();
		if (active >= MAX_ACTIVE_PER_CONNECTION) {
			throw new IllegalStateException("Connection '" + connectionId + "' has " + active
					+ " active SCIM tokens already; revoke the one the IdP no longer uses first.");
		}
		String cleanLabel = (label == null || label.isBlank()) ? "SCIM token" : label.trim();
		if (cleanLabel.length() > 255) {
			throw new IllegalArgumentException("A token label has at most 255 characters.");
		}
		String secret = BearerSecrets.generate(PREFIX);
		ScimToken token = this.tokens.saveAndFlush(new ScimToken(connectionId, cleanLabel, secret, now, actor,
				expiry));
		this.events
			.event(EventType.SCIM_TOKEN_CREATED,
					"SCIM token '" + cleanLabel + "' created for connection " + connectionId + ", valid until " + expiry)
			.connection(connectionId)
			.actor(actor)
			.detailJson(Map.of("tokenId", token.getId().toString(), "expiresAt", expiry.toString()))
			.record();
		return new IssuedScimToken(secret, token);
	}

	/** The connection's tokens, newest first, without secrets. */
	@Transactional(readOnly = true)
	public List<ScimToken> list(String connectionId) {
		return this.tokens.findByConnectionIdOrderByCreatedAtDesc(connectionId);
	}

	/**
	 * Revokes a token of the connection at once.
	 * @return {@code false} when it was revoked already
	 * @throws IllegalArgumentException when the connection has no such token
	 */
	@Transactional
	public boolean revoke(String connectionId, UUID tokenId, String actor) {
		ScimToken token = this.tokens.findById(tokenId)
			.filter((found) -> found.getConnectionId().equals(connectionId))
			.orElseThrow(() -> new IllegalArgumentException(
					"Connection '" + connectionId + "' has no SCIM token " + tokenId + "."));
		if (token.isRevoked()) {
			return false;
		}
		token.revoke(now(), actor);
		this.events
			.event(EventType.SCIM_TOKEN_REVOKED, "SCIM token '" + token.getLabel() + "' of connection " + connectionId
					+ " revoked")
			.connection(connectionId)
			.actor(actor)
			.detailJson(Map.of("tokenId", tokenId.toString()))
			.record();
		return true;
	}

	/**
	 * The client a presented secret belongs to. A missing, unknown, revoked or expired
	 * secret gives empty, all alike for the caller; the event log says which it was.
	 */
	public Optional<ScimClient> authenticate(String secret, String method, String path) {
		if (secret == null || secret.isBlank()) {
			refused("No bearer token was sent", null, method, path);
			return Optional.empty();
		}
		String hash = BearerSecrets.hash(secret);
		List<Presented> found = this.jdbc.query("""
				select t.id, t.connection_id, t.secret_hash, t.expires_at, t.revoked_at, c.tenant_id
				from scim_token t join idp_connection c on c.id = t.connection_id
				where t.secret_hash = ?""",
				(rs, n) -> new Presented(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) != null, rs.getString(6)),
				hash);
		if (found.isEmpty() || !BearerSecrets.sameHash(hash, found.get(0).secretHash())) {
			refused("The bearer token is not one Tilegate issued (or its connection was removed)", null, method, path);
			return Optional.empty();
		}
		Presented token = found.get(0);
		Instant now = now();
		if (token.revoked()) {
			refused("The SCIM token " + token.id() + " was revoked; give the IdP the connection's current token",
					token.connectionId(), method, path);
			return Optional.empty();
		}
		if (!now.isBefore(token.expiresAt())) {
			refused("The SCIM token " + token.id() + " expired at " + token.expiresAt()
					+ "; create a new one and paste it into the IdP", token.connectionId(), method, path);
			return Optional.empty();
		}
		noteUse(token.id(), now);
		return Optional.of(new ScimClient(token.id(), token.connectionId(), token.tenantId()));
	}

	/** At most one write a minute per token: the last use is for people, not for accounting. */
	private void noteUse(UUID tokenId, Instant now) {
		Instant written = this.lastUseWritten.get(tokenId);
		if (written != null && written.plus(LAST_USE_PRECISION).isAfter(now)) {
			return;
		}
		this.lastUseWritten.put(tokenId, now);
		this.jdbc.update("update scim_token set last_used_at = ? where id = ?", Timestamp.from(now), tokenId);
	}

	private void refused(String reason, String connectionId, String method, String path) {
		this.events.event(EventType.SCIM_TOKEN_REFUSED, "SCIM call refused: " + reason)
			.connection(connectionId)
			.detailJson(Map.of("method", method, "path", path))
			.recordAlone();
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

	private record Presented(UUID id, String connectionId, String secretHash, Instant expiresAt, boolean revoked,
			String tenantId) {
	}

}
