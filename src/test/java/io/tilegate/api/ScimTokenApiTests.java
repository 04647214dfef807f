package io.tilegate.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.scim.ScimTokens;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's SCIM tokens through the admin API, used against the SCIM endpoint. */
class ScimTokenApiTests extends AdminApiIntegrationTest {

	private static final String TOKENS = "/api/v1/connections/" + CONNECTION + "/scim-tokens";

	@BeforeEach
	void noActiveTokens() {
		for (JsonNode token : this.admin.get(TOKENS).json()) {
			this.admin.delete(TOKENS + "/" + token.path("id").asText());
		}
	}

	@Test
	void createUseAndRevokeAToken() {
		JsonHttpResponse created = this.admin.post(TOKENS, "{\"label\":\"Okta provisioning\"}");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Cache-Control")).contains("no-store");
		JsonNode body = created.json();
		String token = body.path("token").asText();
		String id = body.path("id").asText();
		assertThat(token).startsWith(ScimTokens.PREFIX);
		assertThat(body.path("label").asText()).isEqualTo("Okta provisioning");
		assertThat(body.path("hint").asText()).isEqualTo("…" + token.substring(token.length() - 4));
		assertThat(body.path("scimBaseUrl").asText()).isEqualTo(BASE + "/scim/v2");
		assertThat(body.path("createdAt").asText()).isNotEmpty();
		assertThat(body.path("expiresAt").asText()).isNotEmpty();

		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(200);
		JsonHttpResponse list = this.admin.get(TOKENS);
		assertThat(list.body()).doesNotContain(token.substring(ScimTokens.PREFIX.length()));
		JsonNode listed = find(list.json(), id);
		assertThat(listed.has("token")).isFalse();
		assertThat(listed.path("id").asText()).isEqualTo(id);
		assertThat(listed.path("createdBy").asText()).isEqualTo("admin");
		assertThat(listed.path("status").asText()).isEqualTo("active");
		assertThat(listed.path("lastUsedAt").isNull()).as("last use recorded").isFalse();

		assertThat(this.admin.delete(TOKENS + "/" + id).status()).isEqualTo(204);

		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(401);
		assertThat(find(this.admin.get(TOKENS).json(), id).path("status").asText()).isEqualTo("revoked");
		assertThat(eventsOf(EventType.SCIM_TOKEN_REVOKED)).extracting(Event::getActor).contains("admin");
		assertNotInTheEventLog(token);
	}

	@Test
	void aScriptWithAnApiKeyManagesTokensToo() {
		String key = newApiKey("provisioning setup");
		AdminHttp script = this.anonymous.bearer(key);

		JsonHttpResponse created = script.post(TOKENS, null);

		assertThat(created.status()).isEqualTo(201);
		String token = created.json().path("token").asText();
		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(200);
		String id = created.json().path("id").asText();
		assertThat(find(script.get(TOKENS).json(), id).path("createdBy").asText())
			.startsWith("api-key:provisioning setup:");
		assertThat(script.delete(TOKENS + "/" + id).status()).isEqualTo(204);
		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(401);
		assertNotInTheEventLog(token);
		assertNotInTheEventLog(key);
	}

	@Test
	void twoTokensWorkAtOnceForRotationAndAThirdIsAConflict() {
		String old = this.admin.post(TOKENS, "{\"label\":\"old\"}").json().path("token").asText();
		String current = this.admin.post(TOKENS, "{\"label\":\"new\"}").json().path("token").asText();

		assertThat(scim(old).get(SCIM_ECHO).status()).isEqualTo(200);
		assertThat(scim(current).get(SCIM_ECHO).status()).isEqualTo(200);
		JsonHttpResponse third = this.admin.post(TOKENS, "{\"label\":\"one too many\"}");
		assertThat(third.status()).isEqualTo(409);
		assertThat(third.json().path("error").asText()).contains("revoke");
	}

	@Test
	void anExpiredTokenGets401AndTheLogNamesItExpired() {
		JsonHttpResponse created = this.admin.post(TOKENS, "{\"label\":\"expiring\"}");
		String token = created.json().path("token").asText();
		String id = created.json().path("id").asText();
		this.jdbc.update("update scim_token set expires_at = ? where id = ?", Timestamp.from(Instant.now().minusSeconds(1)),
				UUID.fromString(id));

		JsonHttpResponse refused = scim(token).get(SCIM_ECHO);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).doesNotContain("expired");
		assertThat(find(this.admin.get(TOKENS).json(), id).path("status").asText()).isEqualTo("expired");
		assertThat(eventsOf(EventType.SCIM_TOKEN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains(id) && summary.contains("expired at"));
	}

	@Test
	void theAdminChoosesTheExpiryWithinTwoYears() {
		LocalDate date = LocalDate.now(ZoneOffset.UTC).plusMonths(7);

		JsonHttpResponse byDate = this.admin.post(TOKENS, "{\"expiresAt\":\"" + date + "\"}");

		assertThat(Instant.parse(byDate.json().path("expiresAt").asText()))
			.isEqualTo(date.atStartOfDay(ZoneOffset.UTC).toInstant());
		assertThat(this.admin.post(TOKENS, "{\"expiresAt\":\"" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "\"}")
			.status()).isEqualTo(400);
		JsonHttpResponse tooFar = this.admin.post(TOKENS,
				"{\"expiresAt\":\"" + LocalDate.now(ZoneOffset.UTC).plusYears(3) + "T00:00:00Z\"}");
		assertThat(tooFar.status()).isEqualTo(400);
		assertThat(tooFar.json().path("error").asText()).contains("at most two years");
	}

	@Test
	void unknownConnectionsAndTokensOfOtherConnectionsAreNotFound() {
		connect("entra");
		String entraToken = this.admin.post("/api/v1/connections/entra/scim-tokens", null).json().path("id").asText();

		assertThat(this.admin.get("/api/v1/connections/nope/scim-tokens").status()).isEqualTo(404);
		assertThat(this.admin.post("/api/v1/connections/nope/scim-tokens", null).json().path("error").asText())
			.isEqualTo("There is no connection 'nope'.");
		assertThat(this.admin.delete(TOKENS + "/" + entraToken).status()).isEqualTo(404);
		assertThat(this.admin.delete(TOKENS + "/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(this.admin.delete("/api/v1/connections/entra/scim-tokens/" + entraToken).status()).isEqualTo(204);
	}

}
