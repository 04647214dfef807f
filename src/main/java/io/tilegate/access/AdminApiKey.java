package io.tilegate.access;

import java.time.Instant;
import java.util.UUID;

import io.tilegate.access.BearerCredential;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A bearer key a script calls the admin API with, in place of the break-glass password. */
@Entity
@Table(name = "admin_api_key")
public class AdminApiKey extends BearerCredential {

	@Column(name = "created_by_user_id", updatable = false)
	private UUID createdByUserId;

	protected AdminApiKey() {
	}

	AdminApiKey(String label, String secret, Instant createdAt, String createdBy, UUID createdByUserId,
			Instant expiresAt) {
		super(label, secret, createdAt, createdBy, expiresAt);
		this.createdByUserId = createdByUserId;
	}

	/**
	 * The directory user who made this key (an admin signed in through an IdP), whose
	 * deactivation or deletion revokes it; {@code null} for the break-glass admin's, which
	 * stays until revoked.
	 */
	public UUID getCreatedByUserId() {
		return this.createdByUserId;
	}

	@Override
	protected String getSecretHash() {
		return super.getSecretHash();
	}

	@Override
	protected void revoke(Instant at, String by) {
		super.revoke(at, by);
	}

}
