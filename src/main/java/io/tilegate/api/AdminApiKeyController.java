package io.tilegate.api;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tilegate.access.AdminActor;
import io.tilegate.access.AdminApiKey;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.IssuedAdminApiKey;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API keys: create (the secret is in that answer only), list without secrets, revoke. */
@RestController
@RequestMapping("/api/v1/api-keys")
class AdminApiKeyController {

	private final AdminApiKeys keys;

	private final ObjectMapper json;

	private final Clock clock;

	AdminApiKeyController(AdminApiKeys keys, ObjectMapper json, Clock clock) {
		this.keys = keys;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping
	ResponseEntity<CreatedApiKey> create(InputStream body,
			@AuthenticationPrincipal AdminActor actor) {
		NewSecretRequest request = NewSecretRequest.read(body, this.json);
		IssuedAdminApiKey issued;
		try {
			issued = this.keys.issue(request.label(), request.expiry(), actor.name(), actor.userId());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage());
		}
		AdminApiKey key = issued.key();
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(new CreatedApiKey(key.getId(), key.getLabel(), issued.secret(), key.getHint(), key.getCreatedAt(),
					key.getExpiresAt()));
	}

	@GetMapping
	List<ApiKeyView> list() {
		Instant now = Instant.now(this.clock);
		return this.keys.list().stream().map((key) -> ApiKeyView.of(key, now)).toList();
	}

	@DeleteMapping("/{keyId}")
	ResponseEntity<Void> revoke(@PathVariable UUID keyId, @AuthenticationPrincipal AdminActor actor) {
		try {
			this.keys.revoke(keyId, actor.name());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.notFound(ex.getMessage());
		}
		return ResponseEntity.noContent().build();
	}

	record CreatedApiKey(UUID id, String label, String key, String hint, Instant createdAt, Instant expiresAt) {
	}

	record ApiKeyView(UUID id, String label, String hint, Instant createdAt, String createdBy, Instant expiresAt,
			Instant revokedAt, String revokedBy, Instant lastUsedAt, String status) {

		static ApiKeyView of(AdminApiKey key, Instant now) {
			return new ApiKeyView(key.getId(), key.getLabel(), key.getHint(), key.getCreatedAt(), key.getCreatedBy(),
					key.getExpiresAt(), key.getRevokedAt(), key.getRevokedBy(), key.getLastUsedAt(),
					key.statusAt(now));
		}

	}

}
