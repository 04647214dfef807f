package io.tilegate.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin account, API keys and SCIM tokens on a real PostgreSQL, through the real
 * endpoints: what they store, when they were last used, revocation and expiry.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class AdminApiPostgresTests extends AdminApiIntegrationTest {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@Test
	void aConnectionsDisplayNameIsKept() {
		JsonHttpResponse named = this.admin.send("PUT", "/api/v1/connections/" + CONNECTION,
				"{\"displayName\":\"Acme Okta\"}");

		assertThat(named.status()).as(named.toString()).isEqualTo(200);
		assertThat(this.connections.find(CONNECTION).orElseThrow().getDisplayName()).isEqualTo("Acme Okta");
		assertThat(this.jdbc.queryForObject("select display_name from idp_connection where id = ?", String.class,
				CONNECTION)).isEqualTo("Acme Okta");
	}

	@Test
	void apiKeysAndScimTokensFromCreationToExpiry() {
		String key = newApiKey("postgres script");
		AdminHttp script = this.anonymous.bearer(key);
		String tokens = "/api/v1/connections/" + CONNECTION + "/scim-tokens";

		JsonHttpResponse created = script.post(tokens, "{\"label\":\"Entra\"}");
		assertThat(created.status()).isEqualTo(201);
		String token = created.json().path("token").asText();
		String tokenId = created.json().path("id").asText();
		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(200);
		JsonNode listedToken = find(script.get(tokens).json(), tokenId);
		assertThat(listedToken.path("lastUsedAt").isNull()).isFalse();
		assertThat(listedToken.path("createdBy").asText()).startsWith("api-key:postgres script:");

		this.jdbc.update("update scim_token set expires_at = ? where id = ?", Timestamp.from(Instant.now().minusSeconds(1)),
				UUID.fromString(tokenId));
		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(401);
		assertThat(find(script.get(tokens).json(), tokenId).path("status").asText()).isEqualTo("expired");

		String keyId = find(this.admin.get("/api/v1/api-keys").json(), "postgres script", "label").path("id").asText();
		JsonNode listedKey = find(this.admin.get("/api/v1/api-keys").json(), keyId);
		assertThat(listedKey.path("lastUsedAt").isNull()).isFalse();
		assertThat(this.admin.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);
		assertThat(script.get(tokens).status()).isEqualTo(401);

		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains("'postgres script'") && summary.contains("was revoked"));
		assertThat(eventsOf(EventType.SCIM_TOKEN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains(tokenId) && summary.contains("expired at"));
		assertNotInTheEventLog(key);
		assertNotInTheEventLog(token);
	}

}
