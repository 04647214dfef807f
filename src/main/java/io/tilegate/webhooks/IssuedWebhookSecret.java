package io.tilegate.webhooks;

import java.util.UUID;

/**
 * A secret just made, the only time it is shown.
 *
 * @param secret {@code whsec_…}, for the receiver's Standard Webhooks library
 */
public record IssuedWebhookSecret(WebhookEndpoint endpoint, UUID secretId, String secret) {
}
