package io.tilegate.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One message's delivery to one endpoint, as the console lists it.
 *
 * @param status {@value #PENDING} (not yet delivered: waiting for its first try or a retry),
 * {@value #DELIVERED} or {@value #FAILED} (given up after {@code tilegate.webhooks.retry-period})
 * @param nextAttemptAt when a pending delivery is tried next
 * @param lastStatusCode what the receiver answered last, or {@code null} when it did not answer
 * @param lastLatencyMillis how long the last try took
 * @param lastError why the last try failed, or {@code null}
 * @param lastSentBy the node that made the last try, as it names itself in {@code job_lock}, or
 * {@code null} before the first
 */
public record WebhookDelivery(long id, UUID endpointId, String messageId, String eventType, Instant occurredAt,
		String status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt,
		Integer lastStatusCode, Integer lastLatencyMillis, String lastError, String lastSentBy) {

	public static final String PENDING = "PENDING";

	public static final String DELIVERED = "DELIVERED";

	public static final String FAILED = "FAILED";

}
