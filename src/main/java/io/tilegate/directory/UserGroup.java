package io.tilegate.directory;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A group, named by its display name within one connection; a {@code null} connection is a
 * group no IdP owns, which no login may change.
 */
@Entity
@Table(name = "user_group")
class UserGroup extends AssignedKey<UUID> {

	@Id
	private UUID id;

	@Column(name = "connection_id", updatable = false)
	private String connectionId;

	@Column(name = "display_name", nullable = false)
	private String displayName;

	@Column(name = "name_key", nullable = false)
	private String nameKey;

	@Column(name = "external_id")
	private String externalId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	// Written by PushedGroups in plain SQL; read here so that SAML sign-ins leave pushed groups alone.
	@Column(name = "scim_managed", nullable = false, updatable = false)
	private boolean scimManaged;

	@Column(name = "updated_at", updatable = false)
	private Instant updatedAt;

	@Column(name = "version", nullable = false, updatable = false)
	private long version;

	protected UserGroup() {
	}

	UserGroup(String connectionId, String displayName, Instant now) {
		this.id = UUID.randomUUID();
		this.connectionId = connectionId;
		this.displayName = displayName;
		this.nameKey = User.key(displayName);
		this.createdAt = now;
		this.updatedAt = now;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	String getConnectionId() {
		return this.connectionId;
	}

	String getDisplayName() {
		return this.displayName;
	}

	String getNameKey() {
		return this.nameKey;
	}

	/** Pushed by SCIM: its members are SCIM's to set, and SAML assertions leave it alone. */
	boolean isScimManaged() {
		return this.scimManaged;
	}

	// Identity is the key, so that a Set of groups loaded twice in one session stays a set.
	@Override
	public boolean equals(Object other) {
		return other instanceof UserGroup group && this.id.equals(group.id);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

}
