package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tilegate.webhooks.WebhookEndpoints;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** An endpoint's page lists its deliveries, each with the node that made its last try. */
@TestPropertySource(properties = "tilegate.webhooks.encryption-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class WebhookPagesTests extends AdminConsoleIntegrationTest {

	@Autowired
	WebhookEndpoints endpoints;

	@Test
	void theEndpointPageNamesTheNodeThatSentEachDelivery() {
		UUID endpoint = this.endpoints
			.create("https://hooks.example.com/tilegate", List.of("user.created"), "search index", "admin")
			.endpoint()
			.id();
		// A delivery as the sender of node B leaves it, without a receiver to send it to.
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into webhook_delivery (endpoint_id, message_id, ordering_key, event_type, occurred_at, payload, status,
				  attempts, created_at, next_attempt_at, first_attempt_at, last_attempt_at, last_status_code, last_latency_ms,
				  last_sent_by)
				values (?, 'msg_page_test', '-', 'user.created', ?, '{}', 'DELIVERED', 1, ?, ?, ?, ?, 204, 12,
				  'node-b/4242/0a1b2c3d')""", endpoint, now, now, now, now, now);

		HttpResponse<String> page = this.admin.get("/admin/webhooks/" + endpoint);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("msg_page_test").contains("title=\"node-b/4242/0a1b2c3d\">12 ms</span>");
	}

}
