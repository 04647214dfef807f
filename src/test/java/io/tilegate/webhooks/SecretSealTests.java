package io.tilegate.webhooks;

import java.time.Duration;
import java.util.UUID;

import io.tilegate.config.WebhookProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The seal of the endpoints' secrets: what it refuses without a usable key, and that a sealed value is bound to its row. */
class SecretSealTests {

	@Test
	void withoutAKeyNothingIsSealedAndTheMessageSaysHowToSetOne() {
		SecretSeal seal = new SecretSeal(properties(null));

		assertThat(seal.ready()).isFalse();
		assertThatExceptionOfType(EncryptionKeyMissingException.class)
			.isThrownBy(() -> seal.seal(UUID.randomUUID(), WebhookSignature.newSecret()))
			.withMessageContaining("TILEGATE_WEBHOOKS_ENCRYPTION_KEY")
			.withMessageContaining("openssl rand -base64 32");
	}

	@Test
	void aKeyOfTheWrongLengthIsNamedAsSuch() {
		assertThat(new SecretSeal(properties("c2hvcnQ=")).problem()).contains("5 bytes, not 32");
	}

	@Test
	void aSealedSecretOpensForItsOwnRowOnly() {
		SecretSeal seal = new SecretSeal(properties(WebhookDeliveryTests.KEY));
		String secret = WebhookSignature.newSecret();
		UUID id = UUID.randomUUID();

		String sealed = seal.seal(id, secret);

		assertThat(sealed).startsWith("v1:").doesNotContain(secret.substring(6));
		assertThat(seal.open(id, sealed)).isEqualTo(secret);
		assertThatIllegalStateException().isThrownBy(() -> seal.open(UUID.randomUUID(), sealed));
		SecretSeal otherKey = new SecretSeal(properties("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
		assertThatIllegalStateException().isThrownBy(() -> otherKey.open(id, sealed))
			.withMessageContaining("the key was changed");
	}

	private static WebhookProperties properties(String key) {
		return new WebhookProperties(key, false, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
				Duration.ofHours(6), Duration.ofDays(3), Duration.ofDays(7), Duration.ofSeconds(5),
				Duration.ofDays(30));
	}

}
