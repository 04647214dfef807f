package io.tilegate.connections;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One of an IdP's signing certificates, as an admin compares it with the IdP's SAML setup page.
 *
 * @param sha256Fingerprint of the DER encoding, upper-case hex pairs separated by ':' as Okta,
 * Entra and OneLogin show it
 */
public record SigningCertificate(String subject, Instant notAfter, String sha256Fingerprint) {

	/** An admin is warned this long before a certificate expires. */
	public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

	public static SigningCertificate of(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return new SigningCertificate(certificate.getSubjectX500Principal().getName(),
					certificate.getNotAfter().toInstant(), HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Could not fingerprint a certificate", ex);
		}
	}

	public boolean expiresSoon(Instant now) {
		return this.notAfter.isBefore(now.plus(EXPIRY_WARNING));
	}

	/** How the event log names it. */
	public String describe() {
		return this.sha256Fingerprint + " (" + this.subject + ", valid until " + this.notAfter + ")";
	}

}
