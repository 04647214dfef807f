package io.tilegate.api;

import java.time.Instant;
import java.util.List;

import io.tilegate.access.AdminActor;
import io.tilegate.connections.Connections;
import io.tilegate.expiry.ExpiryWarning;
import io.tilegate.expiry.ExpiryWarnings;
import io.tilegate.saml.SpCredentials;
import io.tilegate.saml.SpKey;
import io.tilegate.saml.SpKeyRolloverException;
import io.tilegate.saml.SpMetadataFetches;
import io.tilegate.saml.SpMetadataFetches.MetadataFetch;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SP key rollover for scripts: the published pairs, a next pair, its promotion; who read a
 * connection's SP metadata since the next pair was published; and the expiry warnings.
 */
@RestController
class SpKeyController {

	private final SpCredentials credentials;

	private final SpMetadataFetches fetches;

	private final Connections connections;

	private final ExpiryWarnings warnings;

	SpKeyController(SpCredentials credentials, SpMetadataFetches fetches, Connections connections,
			ExpiryWarnings warnings) {
		this.credentials = credentials;
		this.fetches = fetches;
		this.connections = connections;
		this.warnings = warnings;
	}

	@GetMapping("/api/v1/sp-keys")
	SpKeys list() {
		return new SpKeys(this.credentials.configured(), this.credentials.keys());
	}

	@PostMapping("/api/v1/sp-keys/next")
	ResponseEntity<SpKey> createNext(@AuthenticationPrincipal AdminActor actor) {
		try {
			return ResponseEntity.status(HttpStatus.CREATED).body(this.credentials.createNext(actor.name()));
		}
		catch (SpKeyRolloverException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
	}

	@PostMapping("/api/v1/sp-keys/next/promote")
	SpKey promoteNext(@AuthenticationPrincipal AdminActor actor) {
		try {
			return this.credentials.promoteNext(actor.name());
		}
		catch (SpKeyRolloverException ex) {
			throw ApiException.conflict(ex.getMessage());
		}
	}

	/** The readers of the connection's SP metadata since the next pair was published; none without a next pair. */
	@GetMapping("/api/v1/connections/{connectionId}/sp-metadata-fetches")
	List<MetadataFetch> fetchesSinceNextKey(@PathVariable String connectionId) {
		if (this.connections.find(connectionId).isEmpty()) {
			throw ApiException.notFound("There is no connection '" + connectionId + "'.");
		}
		Instant published = this.credentials.nextPublishedAt();
		return (published != null) ? this.fetches.since(connectionId, published) : List.of();
	}

	@GetMapping("/api/v1/expiry-warnings")
	List<ExpiryWarningView> expiryWarnings() {
		return this.warnings.all().stream().map(ExpiryWarningView::of).toList();
	}

	record SpKeys(boolean configured, List<SpKey> keys) {
	}

	record ExpiryWarningView(String kind, String connectionId, String what, Instant expiresAt, int thresholdDays,
			String message) {

		static ExpiryWarningView of(ExpiryWarning warning) {
			return new ExpiryWarningView(warning.kind().name(), warning.connectionId(), warning.what(),
					warning.expiresAt(), warning.threshold(), warning.sentence());
		}

	}

}
