package io.tilegate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tilegate.access.BearerSecrets;
import io.tilegate.config.InListQuery;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admin API keys: issued, listed, revoked, and checked on every admin API call that carries
 * {@code Authorization: Bearer}.
 */
@Service
public class AdminApiKeys {

	/** The prefix says "Tilegate admin" to a person or a secret scanner who finds one. */
	public static final String PREFIX = "tgadmin_";

	static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

	static final Duration MAX_VALIDITY = Duration.ofDays(2 * 366);

	private static final int MAX_LABEL = 100;

	private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

	private final AdminApiKeyRepository keys;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Map<UUID, Instant> lastUseWritten = new ConcurrentHashMap<>();

	AdminApiKeys(AdminApiKeyRepository keys, EventLog events, JdbcTemplate jdbc, Clock clock) {
		this.keys = keys;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Issues a key. The secret is in the answer and nowhere else.
	 * @param expiresAt when it stops working; a year from now when {@code null}
	 * @param actorUserId the directory user making it (an admin signed in through an IdP, or
	 * the maker of the key the call came with), whose loss of access revokes it; {@code null}
	 * for the break-glass admin
	 * @throws IllegalArgumentException for an expiry in the past or more than two years ahead, or a bad label
	 */
	@Transactional
	public IssuedAdminApiKey issue(String label, Instant expiresAt, String actor, UUID actorUserId) {
		Instant now = now();
		Instant expiry = (expiresAt != null) ? expiresAt : now.plus(DEFAULT_VALIDITY);
		if (!expiry.isAfter(now)) {
			throw new IllegalArgumentException("The expiry " + expiry + " is in the past; choose a later one.");
		}
		if (expiry.isAfter(now.plus(MAX_VALIDITY))) {
			throw new IllegalArgumentException("An API key is valid for at most two years; choose an expiry before "
					+ now.plus(MAX_VALIDITY).truncatedTo(ChronoUnit.DAYS) + ".");
		}
		String cleanLabel = cleanLabel(label);
		String secret = BearerSecrets.generate(PREFIX);
		AdminApiKey key = this.keys.saveAndFlush(new AdminApiKey(cleanLabel, secret, now, actor, actorUserId, expiry));
		this.events
			.event(EventType.ADMIN_API_KEY_CREATED,
					"Admin API key '" + cleanLabel + "' created by " + actor + ", valid until " + expiry)
			.actor(actor)
			.detailJson(Map.of("keyId", key.getId().toString(), "expiresAt", expiry.toString()))
			.record();
		return new IssuedAdminApiKey(secret, key);
	}

	/** Every key, newest first, without secrets. */
	@Transactional(readOnly = true)
	public List<AdminApiKey> list() {
		return this.keys.findAllByOrderByCreatedAtDesc();
	}

	/**
	 * Revokes a key at once; revoking it again changes nothing.
	 * @throws IllegalArgumentException when there is no such key
	 */
	@Transactional
	public void revoke(UUID id, String actor) {
		AdminApiKey key = this.keys.findById(id)
			.orElseThrow(() -> new IllegalArgumentException("There is no admin API key " + id + "."));
		if (key.isRevoked()) {
			return;
		}
		key.revoke(now(), actor);
		this.events.event(EventType.ADMIN_API_KEY_REVOKED, "Admin API key '" + key.getLabel() + "' revoked by " + actor)
			.actor(actor)
			.detailJson(Map.of("keyId", id.toString()))
			.record();
	}

	/**
	 * Revokes every key the user made, as their deactivation or deletion asks: a key must not
	 * keep the admin rights its maker lost. Joins the caller's transaction, so the keys stop
	 * working exactly when the change that took the access away commits, on every node.
	 * @param why what the user lost, for the event log: "was deactivated", "was deleted"
	 * @return how many keys this call revoked
	 */
	@Transactional
	public int revokeKeysMadeBy(UUID userId, String userName, String why) {
		int revoked = 0;
		for (AdminApiKey key : this.keys.findByCreatedByUserIdAndRevokedAtIsNull(userId)) {
			// By SQL, not through the entity: called just before a commit (sessions' DeprovisionedUsers),
			// where the write must not wait for a flush, and an admin revoking the key at the same
			// moment must not be revoked twice.
			if (this.jdbc.update("update admin_api_key set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
					Timestamp.from(now()), "tilegate", key.getId()) == 0) {
				continue;
			}
			this.events
				.event(EventType.ADMIN_API_KEY_REVOKED, "Admin API key '" + key.getLabel() + "' revoked: " + userName
						+ ", who made it, " + why + "; a key keeps no admin rights its maker lost")
				.actor("tilegate")
				.detailJson(Map.of("keyId", key.getId().toString(), "createdByUserId", userId.toString()))
				.record();
			revoked++;
		}
		return revoked;
	}

	/** Of these directory users, those who made a key that is not revoked. */
	@Transactional(readOnly = true)
	public Set<UUID> keyMakersAmong(Collection<UUID> userIds) {
		return new HashSet<>(InListQuery.of(this.jdbc,
				"select distinct created_by_user_id from admin_api_key where revoked_at is null and created_by_user_id in (?)",
				UUID.class, userIds));
	}

	/**
	 * Who a presented secret belongs to. The caller answers every refusal alike; the
	 * refusal's reason is for the event log.
	 */
	public AdminSignIn authenticate(String secret) {
		if (!secret.startsWith(PREFIX)) {
			return AdminSignIn.refused(secret.startsWith(BearerSecrets.SCIM_TOKEN_PREFIX)
					? "a SCIM token was sent; the admin API takes an admin API key (" + PREFIX + "…) or the admin's password"
					: "the bearer secret is not an admin API key (those start with " + PREFIX + ")");
		}
		String hash = BearerSecrets.hash(secret);
		AdminApiKey key = this.keys.findBySecretHash(hash).orElse(null);
		if (key == null || !BearerSecrets.sameHash(hash, key.getSecretHash())) {
			return AdminSignIn.refused("an admin API key Tilegate did not issue");
		}
		Instant now = now();
		if (key.isRevoked()) {
			return AdminSignIn.refused("admin API key '" + key.getLabel() + "' (" + key.getId() + ") was revoked at "
					+ key.getRevokedAt() + " by " + key.getRevokedBy());
		}
		if (key.isExpiredAt(now)) {
			return AdminSignIn.refused("admin API key '" + key.getLabel() + "' (" + key.getId() + ") expired at "
					+ key.getExpiresAt() + "; create a new one");
		}
		noteUse(key.getId(), now);
		return AdminSignIn.as(AdminActor.apiKey(key));
	}

	/** At most one write a minute per key: the last use is for people, not for accounting. */
	private void noteUse(UUID keyId, Instant now) {
		Instant written = this.lastUseWritten.get(keyId);
		if (written != null && written.plus(LAST_USE_PRECISION).isAfter(now)) {
			return;
		}
		this.lastUseWritten.put(keyId, now);
		this.jdbc.update("update admin_api_key set last_used_at = ? where id = ?", Timestamp.from(now), keyId);
	}

	private static String cleanLabel(String label) {
		if (label == null || label.isBlank()) {
			return "API key";
		}
		String clean = label.trim();
		if (clean.length() > MAX_LABEL) {
			throw new IllegalArgumentException("A label has at most " + MAX_LABEL + " characters.");
		}
		if (clean.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("A label cannot contain control characters.");
		}
		return clean;
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

}
