package io.tilegate.demo;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.security.x509.BasicX509Credential;

/**
 * An identity provider's signing key: an RSA private key and the self-signed certificate
 * published for it in metadata. SAML trust is by certificate pinning through metadata
 * (SAML metadata §2.4.1.1), so a self-signed certificate is what real IdPs ship too.
 *
 * @param privateKey signs responses and logout messages
 * @param certificate goes into metadata and into each signature's KeyInfo
 */
public record IdpSigningKey(PrivateKey privateKey, X509Certificate certificate) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A fresh RSA-2048 key with a certificate valid for ten years, named {@code CN=commonName}. */
	public static IdpSigningKey generate(String commonName) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, RANDOM);
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=" + commonName.replaceAll("[,+=\"\\\\<>;#]", "_"));
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
			return new IdpSigningKey(pair.getPrivate(), certificate);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not generate an RSA signing key", ex);
		}
	}

	/** The credential OpenSAML signs with. */
	public BasicX509Credential credential() {
		BasicX509Credential credential = new BasicX509Credential(this.certificate, this.privateKey);
		return credential;
	}

	/** The certificate alone, as a relying party would know it from metadata. */
	public BasicX509Credential verificationCredential() {
		return new BasicX509Credential(this.certificate);
	}

	/** The DER certificate in base64, as it appears in {@code ds:X509Certificate}. */
	public String certificateBase64() {
		try {
			return Base64.getEncoder().encodeToString(this.certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
