package io.tilegate.scim;

import java.time.Instant;

import io.tilegate.access.BearerCredential;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A bearer token one connection's IdP pushes users and groups with. */
@Entity
@Table(name = "scim_token")
public class ScimToken extends BearerCredential {

	@Column(name = "connection_id", nullable = false)
	private String connectionId;

	protected ScimToken() {
	}

	ScimToken(String connectionId, String label, String secret, Instant createdAt, String createdBy,
			Instant expiresAt) {
		super(label, secret, createdAt, createdBy, expiresAt);
		this.connectionId = connectionId;
	}

	public String getConnectionId() {
		return this.connectionId;
	}

	@Override
	protected void revoke(Instant at, String by) {
		super.revoke(at, by);
	}

}
