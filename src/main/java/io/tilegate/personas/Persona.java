package io.tilegate.personas;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A named rule that decides who belongs, and the spaces its members get. */
@Entity
@Table(name = "persona")
class Persona {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	@Column(nullable = false)
	private String name;

	@Column(name = "name_key", nullable = false)
	private String nameKey;

	private String description;

	@Column(name = "rule_json", nullable = false)
	private String ruleJson;

	// A wrapper type: null until first saved, which is how Spring Data tells a new persona.
	@Version
	private Long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@ManyToMany
	@JoinTable(name = "persona_space", joinColumns = @JoinColumn(name = "persona_id"),
			inverseJoinColumns = @JoinColumn(name = "space_id"))
	private Set<Space> spaces = new LinkedHashSet<>();

	protected Persona() {
	}

	Persona(String tenantId, Instant now) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId;
		this.createdAt = now;
	}

	void change(String name, String description, String ruleJson, Instant now) {
		this.name = name;
		this.nameKey = name.toLowerCase(Locale.ROOT);
		this.description = description;
		this.ruleJson = ruleJson;
		this.updatedAt = now;
	}

	UUID getId() {
		return this.id;
	}

	String getTenantId() {
		return this.tenantId;
	}

	String getName() {
		return this.name;
	}

	String getDescription() {
		return this.description;
	}

	String getRuleJson() {
		return this.ruleJson;
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

	Set<Space> getSpaces() {
		return this.spaces;
	}

}
