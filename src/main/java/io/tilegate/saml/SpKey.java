package io.tilegate.saml;

import java.time.Instant;

/**
 * One of the SP's published key pairs as an admin sees it, without its private key.
 *
 * @param id the pair's number; 0 for a configured pair
 * @param sha256Fingerprint of the certificate, as {@code SigningCertificate} writes an IdP's
 * @param publishedAt when it entered the SP metadata; {@code null} for a configured pair
 * @param promotedAt when it started signing; {@code null} unless it is or was current
 * @param retiresAt when the daily check retires it; {@code null} unless it was replaced
 * @param certificatePem what an IdP that takes certificates one by one is given
 */
public record SpKey(int id, Role role, String sha256Fingerprint, String subject, Instant notAfter,
		Instant publishedAt, Instant promotedAt, Instant retiresAt, String certificatePem) {

	/** In this order in the SP metadata and on the pages. */
	public enum Role {

		/** Signs, is published and decrypts. */
		CURRENT,

		/** Published and decrypts, waiting for the IdPs to have it before it is promoted. */
		NEXT,

		/** Replaced by a promotion: published and decrypts until its grace period is over. */
		PREVIOUS

	}

}
