package io.tilegate.saml;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The service provider's own key pair, when it was generated rather than configured. */
@Entity
@Table(name = "sp_credential")
class SpCredential {

	static final int CURRENT = 1;

	@Id
	private Integer id;

	@Column(name = "private_key_pem", nullable = false)
	private String privateKeyPem;

	@Column(name = "certificate_pem", nullable = false)
	private String certificatePem;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected SpCredential() {
	}

	SpCredential(String privateKeyPem, String certificatePem, Instant createdAt) {
		this.id = CURRENT;
		this.privateKeyPem = privateKeyPem;
		this.certificatePem = certificatePem;
		this.createdAt = createdAt;
	}

	String getPrivateKeyPem() {
		return this.privateKeyPem;
	}

	String getCertificatePem() {
		return this.certificatePem;
	}

}
