package io.tilegate.saml;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One of the service provider's own key pairs, when generated rather than configured: the
 * current one, the next one while a rollover is under way, a previous one during its grace
 * period, or a retired one, whose private key is gone.
 */
@Entity
@Table(name = "sp_credential")
class SpCredential {

	static final String CURRENT = "CURRENT";

	static final String NEXT = "NEXT";

	@Id
	private Integer id;

	/** {@code null} once retired: a key no IdP may use any more is not kept. */
	@Column(name = "private_key_pem")
	private String privateKeyPem;

	@Column(name = "certificate_pem", nullable = false)
	private String certificatePem;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** {@link #CURRENT}, {@link #NEXT}, or {@code null} for a previous or retired pair. */
	@Column(name = "slot")
	private String slot;

	@Column(name = "promoted_at")
	private Instant promotedAt;

	@Column(name = "superseded_at")
	private Instant supersededAt;

	@Column(name = "retired_at")
	private Instant retiredAt;

	protected SpCredential() {
	}

	SpCredential(int id, String slot, String privateKeyPem, String certificatePem, Instant createdAt) {
		this.id = id;
		this.slot = slot;
		this.privateKeyPem = privateKeyPem;
		this.certificatePem = certificatePem;
		this.createdAt = createdAt;
		this.promotedAt = CURRENT.equals(slot) ? createdAt : null;
	}

	Integer getId() {
		return this.id;
	}

	String getPrivateKeyPem() {
		return this.privateKeyPem;
	}

	String getCertificatePem() {
		return this.certificatePem;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	String getSlot() {
		return this.slot;
	}

	Instant getPromotedAt() {
		return this.promotedAt;
	}

	Instant getSupersededAt() {
		return this.supersededAt;
	}

	void supersede(Instant now) {
		this.slot = null;
		this.supersededAt = now;
	}

	void promote(Instant now) {
		this.slot = CURRENT;
		this.promotedAt = now;
	}

	void retire(Instant now) {
		this.privateKeyPem = null;
		this.retiredAt = now;
	}

}
