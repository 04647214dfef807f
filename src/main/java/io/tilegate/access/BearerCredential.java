package io.tilegate.access;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * What SCIM tokens and admin API keys have in common: a secret kept only as its SHA-256 (see
 * {@link BearerSecrets}), a hint to tell it apart, an expiry, a revocation, and its last use.
 */
@MappedSuperclass
public abstract class BearerCredential {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String label;

	@Column(name = "secret_hash", nullable = false)
	private String secretHash;

	@Column(nullable = false)
	private String hint;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false)
	private String createdBy;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "revoked_by")
	private String revokedBy;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	protected BearerCredential() {
	}

	protected BearerCredential(String label, String secret, Instant createdAt, String createdBy, Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.label = label;
		this.secretHash = BearerSecrets.hash(secret);
		this.hint = BearerSecrets.hint(secret);
		this.createdAt = createdAt;
		this.createdBy = createdBy;
		this.expiresAt = expiresAt;
	}

	public UUID getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

	protected String getSecretHash() {
		return this.secretHash;
	}

	public String getHint() {
		return this.hint;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	public String getRevokedBy() {
		return this.revokedBy;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

	public boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	/** {@code active}, {@code revoked} or {@code expired}, as lists show it. */
	public String statusAt(Instant now) {
		return isRevoked() ? "revoked" : isExpiredAt(now) ? "expired" : "active";
	}

	protected void revoke(Instant at, String by) {
		this.revokedAt = at;
		this.revokedBy = by;
	}

}
