package io.tilegate.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhooks' settings, under {@code tilegate.webhooks}; what each does is in docs/webhooks.md.
 *
 * @param encryptionKey the AES key that seals the endpoints' signing secrets in the database:
 * base64 of 32 random bytes ({@code openssl rand -base64 32}), from
 * {@code TILEGATE_WEBHOOKS_ENCRYPTION_KEY}; without it no endpoint can be created, since
 * Tilegate would have to keep a secret it signs with in clear
 * @param allowPrivateUrls for test set-ups only: endpoint URLs may then be plain {@code http}
 * and reach private, loopback and link-local addresses; off, so that whoever registers an
 * endpoint cannot make Tilegate post into the network
 * @param connectTimeout how long connecting (TCP and TLS) to the receiver may take
 * @param totalTimeout how long one delivery may take in all; longer counts as a failure
 * @param firstRetry the wait after the first failed try; each further wait is twice the one
 * before, up to {@code maxRetryWait}
 * @param maxRetryWait the longest wait between two tries
 * @param retryPeriod how long after its first try a delivery is given up and marked failed
 * @param rotationOverlap how long an endpoint's older secret still signs after a new one is
 * made, unless it is removed sooner
 * @param sweepInterval how often each node looks for deliveries due (retries, and those a node
 * that went down left behind)
 * @param retention how long a delivered or failed delivery is kept after its last try (for the
 * console's list of deliveries and for replays), and an event after its last delivery is
 * removed; the daily purge removes them then
 */
@ConfigurationProperties("tilegate.webhooks")
public record WebhookProperties(String encryptionKey, @DefaultValue("false") boolean allowPrivateUrls,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("15s") Duration totalTimeout,
		@DefaultValue("10s") Duration firstRetry, @DefaultValue("6h") Duration maxRetryWait,
		@DefaultValue("3d") Duration retryPeriod, @DefaultValue("7d") Duration rotationOverlap,
		@DefaultValue("5s") Duration sweepInterval, @DefaultValue("30d") Duration retention) {

	public WebhookProperties {
		for (Duration duration : new Duration[] { connectTimeout, totalTimeout, firstRetry, maxRetryWait, retryPeriod,
				rotationOverlap, sweepInterval, retention }) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("tilegate.webhooks' timeouts, waits and periods must be positive, "
						+ "e.g. 10s; one is " + duration);
			}
		}
	}

	/** Whether an encryption key is configured at all; whether it is a good one, {@code SecretSeal} says. */
	public boolean hasEncryptionKey() {
		return this.encryptionKey != null && !this.encryptionKey.isBlank();
	}

}
