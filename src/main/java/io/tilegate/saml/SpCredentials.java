package io.tilegate.saml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.tilegate.config.TilegateProperties;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service provider's signing and decryption key pair: from configuration when given,
 * otherwise generated at first start and kept in the database so every node and every restart
 * presents the same certificate to the IdPs.
 */
@Component
public class SpCredentials {

	private static final Logger logger = LoggerFactory.getLogger(SpCredentials.class);

	private final PrivateKey privateKey;

	private final X509Certificate certificate;

	SpCredentials(TilegateProperties properties, SpCredentialRepository repository,
			PlatformTransactionManager transactions, Clock clock) {
		TilegateProperties.Saml saml = properties.saml();
		if (hasText(saml.signingKey()) || hasText(saml.signingCertificate())) {
			if (!hasText(saml.signingKey()) || !hasText(saml.signingCertificate())) {
				throw new IllegalStateException("Set both tilegate.saml.signing-key and tilegate.saml.signing-certificate "
						+ "(PEM), or neither to have Tilegate generate and keep a key pair.");
			}
			this.privateKey = readPrivateKey(saml.signingKey());
			this.certificate = readCertificate(saml.signingCertificate());
			logger.info("SP signing key: from configuration (certificate {})", this.certificate.getSubjectX500Principal());
			return;
		}
		SpCredential stored = new TransactionTemplate(transactions)
			.execute((status) -> repository.findById(SpCredential.CURRENT).orElse(null));
		if (stored == null) {
			stored = generateAndStore(properties, repository, transactions, clock);
		}
		this.privateKey = readPrivateKey(stored.getPrivateKeyPem());
		this.certificate = readCertificate(stored.getCertificatePem());
	}

	private static SpCredential generateAndStore(TilegateProperties properties, SpCredentialRepository repository,
			PlatformTransactionManager transactions, Clock clock) {
		KeyPair pair = generateKeyPair();
		X509Certificate certificate = selfSign(pair, "CN=" + properties.baseUrl().getHost() + " Tilegate SP",
				Instant.now(clock), Duration.ofDays(3650));
		SpCredential fresh = new SpCredential(toPem(pair.getPrivate()), toPem(certificate), Instant.now(clock));
		try {
			new TransactionTemplate(transactions).executeWithoutResult((status) -> repository.saveAndFlush(fresh));
			logger.info("Generated the SP signing and encryption key pair and stored it in the database");
			return fresh;
		}
		catch (DataIntegrityViolationException ex) {
			// Another node generated one at the same moment: use theirs, so all nodes agree.
			return new TransactionTemplate(transactions)
				.execute((status) -> repository.findById(SpCredential.CURRENT).orElseThrow());
		}
	}

	public X509Certificate certificate() {
		return this.certificate;
	}

	public Saml2X509Credential signing() {
		return Saml2X509Credential.signing(this.privateKey, this.certificate);
	}

	public Saml2X509Credential decryption() {
		return Saml2X509Credential.decryption(this.privateKey, this.certificate);
	}

	static KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static X509Certificate selfSign(KeyPair pair, String subject, Instant now, Duration validity) {
		try {
			X500Name name = new X500Name(subject);
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(validity)), name, pair.getPublic());
			X509CertificateHolder holder = builder
				.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
			return new JcaX509CertificateConverter().getCertificate(holder);
		}
		catch (OperatorCreationException | java.security.cert.CertificateException ex) {
			throw new IllegalStateException("Could not create the SP certificate", ex);
		}
	}

	static String toPem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	static PrivateKey readPrivateKey(String pem) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object = parser.readObject();
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			if (object instanceof PEMKeyPair keyPair) {
				return converter.getPrivateKey(keyPair.getPrivateKeyInfo());
			}
			if (object instanceof PrivateKeyInfo info) {
				return converter.getPrivateKey(info);
			}
			throw new IllegalStateException("The SP signing key is not an unencrypted PEM private key");
		}
		catch (IOException ex) {
			throw new IllegalStateException("The SP signing key could not be read: " + ex.getMessage(), ex);
		}
	}

	static X509Certificate readCertificate(String pem) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object = parser.readObject();
			if (object instanceof X509CertificateHolder holder) {
				return new JcaX509CertificateConverter().getCertificate(holder);
			}
			throw new IllegalStateException("The SP certificate is not a PEM X.509 certificate");
		}
		catch (IOException | java.security.cert.CertificateException ex) {
			throw new IllegalStateException("The SP certificate could not be read: " + ex.getMessage(), ex);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
