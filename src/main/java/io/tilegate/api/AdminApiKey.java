package io.tilegate.api;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A bearer key a script calls the admin API with, in place of the break-glass password. */
@Entity
@Table(name = "admin_api_key")
public class AdminApiKey {

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

	protected AdminApiKey() {
	}

	AdminApiKey(String label, String secretHash, String hint, Instant createdAt, String createdBy, Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.label = label;
		this.secretHash = secretHash;
		this.hint = hint;
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

	String getSecretHash() {
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

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	void revoke(Instant at, String by) {
		this.revokedAt = at;
		this.revokedBy = by;
	}

}
