package io.tilegate.saml;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tilegate.config.SpKeyRolloverProperties;
import io.tilegate.config.TilegateProperties;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The SP key pair given by configuration instead of generated (the generated one: SamlLoginFlowTests). */
class SpCredentialsTests {

	@Test
	void aConfiguredKeyPairIsUsedForSigningAndDecryption() {
		KeyPair pair = SpCredentials.generateKeyPair();
		X509Certificate certificate = SpCredentials.selfSign(pair, "CN=configured", Instant.now(), Duration.ofDays(30));

		SpCredentials credentials = new SpCredentials(
				properties(SpCredentials.toPem(pair.getPrivate()), SpCredentials.toPem(certificate)),
				SpKeyRolloverProperties.none(), null, null, null, null, Clock.systemUTC());

		assertThat(credentials.certificate()).isEqualTo(certificate);
		assertThat(credentials.signing().getPrivateKey()).isEqualTo(pair.getPrivate());
		assertThat(credentials.decryption()).singleElement()
			.satisfies((decryption) -> assertThat(decryption.getCertificate()).isEqualTo(certificate));
	}

	@Test
	void aConfiguredNextPairIsPublishedAndDecryptsButDoesNotSign() {
		KeyPair current = SpCredentials.generateKeyPair();
		X509Certificate currentCertificate = SpCredentials.selfSign(current, "CN=current", Instant.now(),
				Duration.ofDays(30));
		KeyPair next = SpCredentials.generateKeyPair();
		X509Certificate nextCertificate = SpCredentials.selfSign(next, "CN=next", Instant.now(), Duration.ofDays(365));

		SpCredentials credentials = new SpCredentials(
				properties(SpCredentials.toPem(current.getPrivate()), SpCredentials.toPem(currentCertificate)),
				new SpKeyRolloverProperties(SpCredentials.toPem(next.getPrivate()), SpCredentials.toPem(nextCertificate),
						null),
				null, null, null, null, Clock.systemUTC());

		assertThat(credentials.signing().getCertificate()).isEqualTo(currentCertificate);
		assertThat(credentials.decryption()).extracting((decryption) -> decryption.getCertificate())
			.containsExactly(currentCertificate, nextCertificate);
		assertThat(credentials.keys()).extracting(SpKey::role).containsExactly(SpKey.Role.CURRENT, SpKey.Role.NEXT);
		assertThatExceptionOfType(SpKeyRolloverException.class).isThrownBy(() -> credentials.promoteNext("admin"))
			.withMessageContaining("tilegate.saml.next-signing-key");
	}

	@Test
	void halfAKeyPairIsAClearStartUpError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new SpCredentials(properties("-----BEGIN PRIVATE KEY-----", null),
					SpKeyRolloverProperties.none(), null, null, null, null, Clock.systemUTC()))
			.withMessageContaining("Set both tilegate.saml.signing-key and tilegate.saml.signing-certificate");
	}

	private static TilegateProperties properties(String key, String certificate) {
		return new TilegateProperties(URI.create("https://intranet.example.com"), Path.of("idp-metadata"), null,
				new TilegateProperties.Saml(Duration.ofMinutes(2), Duration.ofMinutes(5), DataSize.ofKilobytes(256), 64,
						Duration.ofMinutes(10), key, certificate), null, null, null, null, null, null);
	}

}
