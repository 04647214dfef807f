package io.tilegate.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.tilegate.events.EventCriteria;
import io.tilegate.webhooks.EncryptionKeyMissingException;
import io.tilegate.webhooks.IssuedWebhookSecret;
import io.tilegate.webhooks.WebhookDeliveries;
import io.tilegate.webhooks.WebhookEndpoint;
import io.tilegate.webhooks.WebhookEndpoints;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Webhook endpoints in the console: the list and the form that registers one (its secret is
 * shown in that answer only, like an API key's), and each endpoint's page with its recent
 * deliveries, a test event, replays, pause and resume, and the secrets of a rotation.
 */
@Controller
class WebhookPages {

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	WebhookPages(WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
	}

	@GetMapping("/admin/webhooks")
	String list(Model model) {
		return listPage(model, "", "*", "");
	}

	@PostMapping("/admin/webhooks")
	String create(@RequestParam(defaultValue = "") String url, @RequestParam(defaultValue = "*") String events,
			@RequestParam(defaultValue = "") String description, Authentication authentication, Model model,
			HttpServletResponse response) {
		IssuedWebhookSecret issued;
		try {
			issued = this.endpoints.create(url, types(events), description, authentication.getName());
		}
		catch (EncryptionKeyMissingException | IllegalArgumentException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", ex.getMessage());
			return listPage(model, url, events, description);
		}
		return secretPage(issued, model, response);
	}

	@GetMapping("/admin/webhooks/{id}")
	String endpoint(@PathVariable String id, Model model) {
		WebhookEndpoint endpoint = find(id);
		model.addAttribute("endpoint", endpoint);
		model.addAttribute("deliveries", this.deliveries.recent(endpoint.id(), 50));
		return "admin/webhooks/endpoint";
	}

	@PostMapping("/admin/webhooks/{id}/pause")
	String pause(@PathVariable String id, @RequestParam boolean paused, Authentication authentication,
			RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		this.endpoints.pause(endpoint.id(), paused, authentication.getName());
		redirect.addFlashAttribute("notice", paused ? "Paused: events are queued and wait until you resume."
				: "Resumed: queued events go out now, in order.");
		return "redirect:/admin/webhooks/" + endpoint.id();
	}

	@PostMapping("/admin/webhooks/{id}/test")
	String test(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		String messageId = this.deliveries.sendTest(endpoint.id(), authentication.getName());
		redirect.addFlashAttribute("notice", "A webhook.test event (" + messageId + ") is on its way.");
		return "redirect:/admin/webhooks/" + endpoint.id();
	}

	@PostMapping("/admin/webhooks/{id}/deliveries/{deliveryId}/replay")
	String replay(@PathVariable String id, @PathVariable long deliveryId, Authentication authentication,
			RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		String messageId = this.deliveries.replay(endpoint.id(), deliveryId, authentication.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		redirect.addFlashAttribute("notice", "Replaying " + messageId + ", with the same webhook-id.");
		return "redirect:/admin/webhooks/" + endpoint.id();
	}

	@PostMapping("/admin/webhooks/{id}/replay")
	String replaySince(@PathVariable String id, @RequestParam(defaultValue = "") String since,
			Authentication authentication, RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		Instant from = EventCriteria.parseSince(since.strip()).orElse(null);
		if (from == null) {
			redirect.addFlashAttribute("problem", "Give the time to replay from as a date and time (UTC), e.g. "
					+ "2026-05-01T08:00; '" + since + "' is not one.");
		}
		else {
			int count = this.deliveries.replaySince(endpoint.id(), from, authentication.getName());
			redirect.addFlashAttribute("notice", "Replaying " + count + " event" + ((count == 1) ? "" : "s")
					+ " since " + from + ", each with its webhook-id.");
		}
		return "redirect:/admin/webhooks/" + endpoint.id();
	}

	@PostMapping("/admin/webhooks/{id}/secrets")
	String rotate(@PathVariable String id, Authentication authentication, Model model, HttpServletResponse response) {
		WebhookEndpoint endpoint = find(id);
		return secretPage(this.endpoints.addSecret(endpoint.id(), authentication.getName()).orElseThrow(), model,
				response);
	}

	@PostMapping("/admin/webhooks/{id}/secrets/{secretId}/remove")
	String removeSecret(@PathVariable String id, @PathVariable UUID secretId, Authentication authentication,
			RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		try {
			this.endpoints.removeSecret(endpoint.id(), secretId, authentication.getName());
			redirect.addFlashAttribute("notice", "The secret was removed; deliveries are signed with the other one.");
		}
		catch (IllegalStateException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/admin/webhooks/" + endpoint.id();
	}

	@PostMapping("/admin/webhooks/{id}/delete")
	String delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		WebhookEndpoint endpoint = find(id);
		this.endpoints.delete(endpoint.id(), authentication.getName());
		redirect.addFlashAttribute("notice", "Deleted the endpoint " + endpoint.url() + " and its undelivered events.");
		return "redirect:/admin/webhooks";
	}

	private String secretPage(IssuedWebhookSecret issued, Model model, HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		model.addAttribute("endpoint", issued.endpoint());
		model.addAttribute("secret", issued.secret());
		return "admin/webhooks/created";
	}

	private String listPage(Model model, String url, String events, String description) {
		model.addAttribute("endpoints", this.endpoints.list());
		model.addAttribute("eventTypes", WebhookEndpoints.eventTypes());
		model.addAttribute("cannotCreate", this.endpoints.cannotCreate().orElse(null));
		model.addAttribute("url", url);
		model.addAttribute("events", events);
		model.addAttribute("description", description);
		return "admin/webhooks/list";
	}

	private WebhookEndpoint find(String id) {
		try {
			return this.endpoints.find(UUID.fromString(id))
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private static List<String> types(String events) {
		return Arrays.stream(events.split("[,\\s]+")).filter((type) -> !type.isBlank()).toList();
	}

}
