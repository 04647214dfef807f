package io.tilegate.events;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of the event log: something an admin may need to read at 2 a.m. */
@Entity
@Table(name = "event_log")
public class Event {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String reference;

	@Column(name = "occurred_at", nullable = false, updatable = false)
	private Instant occurredAt;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private EventType type;

	@Column(name = "connection_id", updatable = false)
	private String connectionId;

	@Column(name = "user_id", updatable = false)
	private UUID userId;

	@Column(name = "user_name", updatable = false)
	private String userName;

	@Column(updatable = false)
	private String actor;

	@Column(nullable = false, updatable = false)
	private String summary;

	@Column(updatable = false)
	private String detail;

	protected Event() {
	}

	public Long getId() {
		return this.id;
	}

	public String getReference() {
		return this.reference;
	}

	public Instant getOccurredAt() {
		return this.occurredAt;
	}

	public EventType getType() {
		return this.type;
	}

	public String getConnectionId() {
		return this.connectionId;
	}

	public UUID getUserId() {
		return this.userId;
	}

	public String getUserName() {
		return this.userName;
	}

	public String getActor() {
		return this.actor;
	}

	public String getSummary() {
		return this.summary;
	}

	public String getDetail() {
		return this.detail;
	}

}
