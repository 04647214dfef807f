package io.tilegate.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tilegate.access.AdminActor;
import io.tilegate.events.EventCriteria;
import io.tilegate.webhooks.EncryptionKeyMissingException;
import io.tilegate.webhooks.IssuedWebhookSecret;
import io.tilegate.webhooks.WebhookDeliveries;
import io.tilegate.webhooks.WebhookDelivery;
import io.tilegate.webhooks.WebhookEndpoint;
import io.tilegate.webhooks.WebhookEndpoints;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook endpoints: create (the secret is in that answer only), list and read without
 * secrets, change, pause, resume, delete; a second secret for a rotation and the removal of
 * the first; the recent deliveries, a test event and replays.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	WebhookController(WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
	}

	@PostMapping
	ResponseEntity<CreatedEndpoint> create(@RequestBody EndpointBody body, @AuthenticationPrincipal AdminActor actor) {
		IssuedWebhookSecret issued;
		try {
			issued = this.endpoints.create(body.url(), body.events(), body.description(), actor.name());
		}
		catch (EncryptionKeyMissingException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage());
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(new CreatedEndpoint(issued.endpoint().id(), issued.secret(), issued.secretId(), issued.endpoint()));
	}

	@GetMapping
	List<WebhookEndpoint> list() {
		return this.endpoints.list();
	}

	@GetMapping("/{id}")
	WebhookEndpoint one(@PathVariable UUID id) {
		return this.endpoints.find(id).orElseThrow(() -> noSuchEndpoint(id));
	}

	@PutMapping("/{id}")
	WebhookEndpoint change(@PathVariable UUID id, @RequestBody EndpointBody body,
			@AuthenticationPrincipal AdminActor actor) {
		try {
			return this.endpoints.update(id, body.url(), body.events(), body.description(), actor.name())
				.orElseThrow(() -> noSuchEndpoint(id));
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage());
		}
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id, @AuthenticationPrincipal AdminActor actor) {
		if (!this.endpoints.delete(id, actor.name())) {
			throw noSuchEndpoint(id);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/pause")
	WebhookEndpoint pause(@PathVariable UUID id, @AuthenticationPrincipal AdminActor actor) {
		return this.endpoints.pause(id, true, actor.name()).orElseThrow(() -> noSuchEndpoint(id));
	}

	@PostMapping("/{id}/resume")
	WebhookEndpoint resume(@PathVariable UUID id, @AuthenticationPrincipal AdminActor actor) {
		return this.endpoints.pause(id, false, actor.name()).orElseThrow(() -> noSuchEndpoint(id));
	}

	@PostMapping("/{id}/secrets")
	ResponseEntity<CreatedSecret> rotate(@PathVariable UUID id, @AuthenticationPrincipal AdminActor actor) {
		IssuedWebhookSecret issued;
		try {
			issued = this.endpoints.addSecret(id, actor.name()).orElseThrow(() -> noSuchEndpoint(id));
		}
		catch (EncryptionKeyMissingException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(new CreatedSecret(issued.secretId(), issued.secret(), issued.endpoint()));
	}

	@DeleteMapping("/{id}/secrets/{secretId}")
	ResponseEntity<Void> removeSecret(@PathVariable UUID id, @PathVariable UUID secretId,
			@AuthenticationPrincipal AdminActor actor) {
		try {
			if (!this.endpoints.removeSecret(id, secretId, actor.name())) {
				throw ApiException.notFound("Webhook endpoint " + id + " has no secret " + secretId + ".");
			}
		}
		catch (IllegalStateException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	List<WebhookDelivery> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
		one(id);
		return this.deliveries.recent(id, limit);
	}

	@PostMapping("/{id}/test")
	ResponseEntity<Queued> test(@PathVariable UUID id, @AuthenticationPrincipal AdminActor actor) {
		one(id);
		return ResponseEntity.accepted().body(new Queued(List.of(this.deliveries.sendTest(id, actor.name())), 1));
	}

	@PostMapping("/{id}/deliveries/{deliveryId}/replay")
	ResponseEntity<Queued> replay(@PathVariable UUID id, @PathVariable long deliveryId,
			@AuthenticationPrincipal AdminActor actor) {
		String messageId = this.deliveries.replay(id, deliveryId, actor.name())
			.orElseThrow(() -> ApiException.notFound("Webhook endpoint " + id + " has no delivery " + deliveryId + "."));
		return ResponseEntity.accepted().body(new Queued(List.of(messageId), 1));
	}

	@PostMapping("/{id}/replay")
	ResponseEntity<Queued> replaySince(@PathVariable UUID id, @RequestParam String since,
			@AuthenticationPrincipal AdminActor actor) {
		one(id);
		Instant from = EventCriteria.parseSince(since)
			.orElseThrow(() -> ApiException.badRequest("since must be an instant (2026-05-01T08:00:00Z), a date and "
					+ "time in UTC (2026-05-01T08:00) or a date (2026-05-01); it was '" + since + "'."));
		return ResponseEntity.accepted().body(new Queued(List.of(), this.deliveries.replaySince(id, from, actor.name())));
	}

	private static ApiException noSuchEndpoint(UUID id) {
		return ApiException.notFound("There is no webhook endpoint " + id + "; GET /api/v1/webhooks lists them.");
	}

	/** {@code {"url": "https://…", "events": ["user.created"] or ["*"], "description": "…"}} */
	record EndpointBody(String url, List<String> events, String description) {
	}

	record CreatedEndpoint(UUID id, String secret, UUID secretId, WebhookEndpoint endpoint) {
	}

	record CreatedSecret(UUID id, String secret, WebhookEndpoint endpoint) {
	}

	/** @param messageIds the {@code webhook-id}s queued, when few */
	record Queued(List<String> messageIds, int count) {
	}

}
