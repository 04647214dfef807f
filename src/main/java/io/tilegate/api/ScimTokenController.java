package io.tilegate.api;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.access.AdminActor;
import io.tilegate.config.TilegateProperties;
import io.tilegate.connections.Connections;
import io.tilegate.scim.IssuedScimToken;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;

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

/**
 * The SCIM tokens of a connection: create (the token is in that answer only), list without
 * secrets, revoke. Two may be active at once, so a token can be rotated without a gap.
 */
@RestController
@RequestMapping("/api/v1/connections/{connectionId}/scim-tokens")
class ScimTokenController {

	private final ScimTokens tokens;

	private final Connections connections;

	private final ObjectMapper json;

	private final Clock clock;

	private final String scimBaseUrl;

	ScimTokenController(ScimTokens tokens, Connections connections, ObjectMapper json, Clock clock,
			TilegateProperties properties) {
		this.tokens = tokens;
		this.connections = connections;
		this.json = json;
		this.clock = clock;
		this.scimBaseUrl = properties.base() + "/scim/v2";
	}

	@PostMapping
	ResponseEntity<CreatedScimToken> create(@PathVariable String connectionId,
			InputStream body, @AuthenticationPrincipal AdminActor actor) {
		requireConnection(connectionId);
		NewSecretRequest request = NewSecretRequest.read(body, this.json);
		IssuedScimToken issued;
		try {
			issued = this.tokens.issue(connectionId, request.label(), request.expiry(), actor.name());
		}
		catch (IllegalStateException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest(ex.getMessage());
		}
		ScimToken token = issued.token();
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(new CreatedScimToken(token.getId(), token.getLabel(), issued.secret(), token.getHint(),
					token.getCreatedAt(), token.getExpiresAt(), this.scimBaseUrl));
	}

	@GetMapping
	List<ScimTokenView> list(@PathVariable String connectionId) {
		requireConnection(connectionId);
		Instant now = Instant.now(this.clock);
		return this.tokens.list(connectionId).stream().map((token) -> ScimTokenView.of(token, now)).toList();
	}

	@DeleteMapping("/{tokenId}")
	ResponseEntity<Void> revoke(@PathVariable String connectionId, @PathVariable UUID tokenId,
			@AuthenticationPrincipal AdminActor actor) {
		requireConnection(connectionId);
		try {
			this.tokens.revoke(connectionId, tokenId, actor.name());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.notFound(ex.getMessage());
		}
		return ResponseEntity.noContent().build();
	}

	private void requireConnection(String connectionId) {
		if (this.connections.find(connectionId).isEmpty()) {
			throw ApiException.notFound("There is no connection '" + connectionId + "'.");
		}
	}

	record CreatedScimToken(UUID id, String label, String token, String hint, Instant createdAt, Instant expiresAt,
			String scimBaseUrl) {
	}

	record ScimTokenView(UUID id, String label, String hint, Instant createdAt, String createdBy, Instant expiresAt,
			Instant revokedAt, String revokedBy, Instant lastUsedAt, String status) {

		static ScimTokenView of(ScimToken token, Instant now) {
			return new ScimTokenView(token.getId(), token.getLabel(), token.getHint(), token.getCreatedAt(),
					token.getCreatedBy(), token.getExpiresAt(), token.getRevokedAt(), token.getRevokedBy(),
					token.getLastUsedAt(), token.statusAt(now));
		}

	}

}
