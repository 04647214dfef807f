package io.tilegate.access;

import java.time.Instant;

import io.tilegate.access.BearerCredential;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A bearer key a script calls the admin API with, in place of the break-glass password. */
@Entity
@Table(name = "admin_api_key")
public class AdminApiKey extends BearerCredential {

	protected AdminApiKey() {
	}

	AdminApiKey(String label, String secret, Instant createdAt, String createdBy, Instant expiresAt) {
		super(label, secret, createdAt, createdBy, expiresAt);
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
