package io.tilegate.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered receiver of webhooks, as the console and the API show it: never its secrets,
 * only their hints.
 *
 * @param events the dotted event types it wants, or {@code ["*"]}
 * @param paused whether deliveries wait; events are still queued for it meanwhile
 * @param failingSince when the oldest delivery still failing was first tried, if one is
 */
public record WebhookEndpoint(UUID id, String url, List<String> events, String description, boolean paused,
		Instant createdAt, String createdBy, Instant updatedAt, List<Secret> secrets, Instant failingSince) {

	/** Whether it wants events of this dotted type. */
	public boolean wants(String type) {
		return this.events.contains(WebhookEventTypes.ALL) || this.events.contains(type);
	}

	/**
	 * One of its signing secrets.
	 * @param expiresAt when it stops signing: set on the older secret when a newer one is made
	 */
	public record Secret(UUID id, String hint, Instant createdAt, Instant expiresAt) {

		public boolean activeAt(Instant now) {
			return this.expiresAt == null || this.expiresAt.isAfter(now);
		}

	}

}
