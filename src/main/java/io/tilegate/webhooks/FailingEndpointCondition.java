package io.tilegate.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.alerts.AlertCondition;
import io.tilegate.alerts.AlertFinding;

import org.springframework.stereotype.Component;

/**
 * A webhook endpoint that has been failing for a day: the systems behind it (the search
 * index, the mail lists) have missed a day of changes, and the deliveries give up after three.
 * The alert clears once the endpoint takes its deliveries again.
 */
@Component
class FailingEndpointCondition implements AlertCondition {

	static final String KIND = "webhook-failing";

	private final WebhookDeliveries deliveries;

	FailingEndpointCondition(WebhookDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<AlertFinding> findAt(Instant now) {
		return this.deliveries.failingEndpoints().stream().map(this::finding).toList();
	}

	private AlertFinding finding(WebhookEndpoint endpoint) {
		return AlertFinding.now(KIND + ":" + endpoint.id(), null, "Webhook endpoint failing for a day: " + endpoint.url(),
				"The webhook endpoint " + endpoint.url() + " has failed its deliveries for a day or more. Tilegate keeps "
						+ "retrying each for three days and then gives it up. Open the endpoint's page in the console "
						+ "(Webhooks) for the answers it gave, fix the receiver, then replay what failed.",
				Map.of("endpointId", endpoint.id().toString(), "url", endpoint.url()));
	}

}
