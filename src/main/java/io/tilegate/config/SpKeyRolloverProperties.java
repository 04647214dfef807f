package io.tilegate.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rollover of the SP's own key pair, under {@code tilegate.saml.*} beside the configured
 * pair it rolls. A record of its own rather than more components of
 * {@link TilegateProperties.Saml}, whose constructor many tests call.
 *
 * @param nextSigningKey PEM private key of the next pair, when the pairs are configured: it is
 * published in the SP metadata and decrypts, but signs nothing until it is swapped with
 * {@code signing-key}
 * @param nextSigningCertificate PEM certificate matching {@code nextSigningKey}
 * @param keyGracePeriod how long a pair replaced by a promotion is still published and still
 * decrypts, for the IdPs that have not read the metadata since; after it the daily check retires
 * it and deletes its private key
 */
@ConfigurationProperties("tilegate.saml")
public record SpKeyRolloverProperties(String nextSigningKey, String nextSigningCertificate,
		@DefaultValue("7d") Duration keyGracePeriod) {

	public SpKeyRolloverProperties {
		if (keyGracePeriod == null) {
			keyGracePeriod = Duration.ofDays(7);
		}
		if (keyGracePeriod.isNegative()) {
			throw new IllegalArgumentException("tilegate.saml.key-grace-period must not be negative, e.g. 7d; it is "
					+ keyGracePeriod);
		}
	}

	/** No next pair configured, and the default grace period. */
	public static SpKeyRolloverProperties none() {
		return new SpKeyRolloverProperties(null, null, null);
	}

}
