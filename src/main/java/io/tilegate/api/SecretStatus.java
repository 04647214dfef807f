package io.tilegate.api;

import java.time.Instant;

/** Where a SCIM token or API key stands, as lists show it. */
final class SecretStatus {

	private SecretStatus() {
	}

	static String of(Instant revokedAt, Instant expiresAt, Instant now) {
		if (revokedAt != null) {
			return "revoked";
		}
		return now.isBefore(expiresAt) ? "active" : "expired";
	}

}
