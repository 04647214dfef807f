package io.tilegate.directory;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * Who a connection's NameID is in this directory. The key (connection, NameID) is what
 * makes parallel first logins of one person end with a single link.
 */
@Entity
@Table(name = "identity_link")
class IdentityLink extends AssignedKey<IdentityLink.Key> {

	@EmbeddedId
	private Key key;

	@Column(name = "user_id", nullable = false, updatable = false)
	private UUID userId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "last_login_at")
	private Instant lastLoginAt;

	@Enumerated(EnumType.STRING)
	@Column(name = "linked_by", updatable = false)
	private LinkMethod linkedBy;

	@Column(name = "attributes_digest")
	private String attributesDigest;

	@Column(name = "user_version")
	private Long userVersion;

	@Column(name = "connection_version")
	private Long connectionVersion;

	protected IdentityLink() {
	}

	IdentityLink(String connectionId, String nameId, UUID userId, LinkMethod linkedBy, Instant now) {
		this.key = new Key(connectionId, nameId);
		this.userId = userId;
		this.linkedBy = linkedBy;
		this.createdAt = now;
	}

	@Override
	public Key getId() {
		return this.key;
	}

	UUID getUserId() {
		return this.userId;
	}

	Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	void signedIn(Instant now) {
		this.lastLoginAt = now;
	}

	void remember(String attributesDigest, long userVersion, long connectionVersion) {
		this.attributesDigest = attributesDigest;
		this.userVersion = userVersion;
		this.connectionVersion = connectionVersion;
	}

	@Embeddable
	static class Key implements Serializable {

		@Column(name = "connection_id", nullable = false)
		private String connectionId;

		@Column(name = "name_id", nullable = false)
		private String nameId;

		protected Key() {
		}

		Key(String connectionId, String nameId) {
			this.connectionId = connectionId;
			this.nameId = nameId;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && this.connectionId.equals(key.connectionId)
					&& this.nameId.equals(key.nameId);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.connectionId, this.nameId);
		}

	}

}
