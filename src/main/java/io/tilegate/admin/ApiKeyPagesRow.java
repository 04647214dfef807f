package io.tilegate.admin;

import java.time.Instant;
import java.util.UUID;

import io.tilegate.access.AdminApiKey;

/**
 * An admin API key as the console lists it, without its secret.
 *
 * @param status {@code active}, {@code revoked} or {@code expired}
 */
record ApiKeyPagesRow(UUID id, String label, String hint, Instant createdAt, String createdBy, Instant expiresAt,
		Instant lastUsedAt, Instant revokedAt, String revokedBy, String status) {

	static ApiKeyPagesRow of(AdminApiKey key, Instant now) {
		return new ApiKeyPagesRow(key.getId(), key.getLabel(), key.getHint(), key.getCreatedAt(), key.getCreatedBy(),
				key.getExpiresAt(), key.getLastUsedAt(), key.getRevokedAt(), key.getRevokedBy(), key.statusAt(now));
	}

}
