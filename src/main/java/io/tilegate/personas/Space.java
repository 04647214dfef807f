package io.tilegate.personas;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A place in the intranet; its members come from its personas and from hand-adds. */
@Entity
@Table(name = "intranet_space")
class Space {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@Column(nullable = false)
	private String name;

	@Column(name = "name_key", nullable = false)
	private String nameKey;

	private String description;

	@Version
	private Long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@ManyToMany(mappedBy = "spaces")
	private Set<Persona> personas = new LinkedHashSet<>();

	protected Space() {
	}

	Space(String tenantId, Instant now) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId;
		this.createdAt = now;
	}

	void change(String name, String description, Instant now) {
		this.name = name;
		this.nameKey = name.toLowerCase(Locale.ROOT);
		this.description = description;
		this.updatedAt = now;
	}

	UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

	String getDescription() {
		return this.description;
	}

	long getVersion() {
		return (this.version != null) ? this.version : 0;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	Set<Persona> getPersonas() {
		return this.personas;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Space space && this.id.equals(space.id);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

}
