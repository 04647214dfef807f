package io.tilegate.directory;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A custom text field every user may have a value for. Its name is what IdPs and SCIM
 * clients send ({@code custom.<name>}); its label is what people read.
 */
@Entity
@Table(name = "custom_field")
public class CustomField extends AssignedKey<String> {

	@Id
	private String name;

	@Column(nullable = false)
	private String label;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected CustomField() {
	}

	CustomField(String name, String label, Instant now) {
		this.name = name;
		this.label = label;
		this.createdAt = now;
	}

	@Override
	public String getId() {
		return this.name;
	}

	public String getName() {
		return this.name;
	}

	public String getLabel() {
		return this.label;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	void relabel(String label) {
		this.label = label;
	}

}
