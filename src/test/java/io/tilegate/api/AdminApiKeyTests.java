package io.tilegate.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin API keys: created once with their secret, listed without it, revoked, expired. */
class AdminApiKeyTests extends AdminApiIntegrationTest {

	@Test
	void aKeyIsShownOnceListedWithoutItsSecretAndRevoked() {
		JsonHttpResponse created = this.admin.post("/api/v1/api-keys", "{\"label\":\"nightly export\"}");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Cache-Control")).contains("no-store");
		JsonNode key = created.json();
		String secret = key.path("key").asText();
		String id = key.path("id").asText();
		assertThat(secret).startsWith(AdminApiKeys.PREFIX).hasSize(AdminApiKeys.PREFIX.length() + 43);
		assertThat(key.path("hint").asText()).isEqualTo("…" + secret.substring(secret.length() - 4));
		assertThat(Instant.parse(key.path("expiresAt").asText()))
			.isBetween(Instant.now().plus(364, ChronoUnit.DAYS), Instant.now().plus(366, ChronoUnit.DAYS));
		assertThat(this.jdbc.queryForObject("select secret_hash from admin_api_key where id = ?", String.class,
				UUID.fromString(id)))
			.hasSize(64)
			.doesNotContain(secret.substring(AdminApiKeys.PREFIX.length()));

		assertThat(this.anonymous.bearer(secret).get("/api/v1/api-keys").status()).isEqualTo(200);
		JsonHttpResponse list = this.admin.get("/api/v1/api-keys");
		assertThat(list.body()).doesNotContain(secret.substring(AdminApiKeys.PREFIX.length()));
		JsonNode listed = find(list.json(), id);
		assertThat(listed.has("key")).isFalse();
		assertThat(listed.path("label").asText()).isEqualTo("nightly export");
		assertThat(listed.path("createdBy").asText()).isEqualTo("admin");
		assertThat(listed.path("status").asText()).isEqualTo("active");
		assertThat(listed.path("lastUsedAt").isNull()).as("last use recorded").isFalse();

		JsonHttpResponse revoked = this.admin.delete("/api/v1/api-keys/" + id);

		assertThat(revoked.status()).isEqualTo(204);
		assertThat(this.anonymous.bearer(secret).get("/api/v1/api-keys").status()).isEqualTo(401);
		JsonNode afterwards = find(this.admin.get("/api/v1/api-keys").json(), id);
		assertThat(afterwards.path("status").asText()).isEqualTo("revoked");
		assertThat(afterwards.path("revokedBy").asText()).isEqualTo("admin");
		assertThat(this.admin.delete("/api/v1/api-keys/" + id).status()).as("revoking twice").isEqualTo(204);
		assertThat(eventsOf(EventType.ADMIN_API_KEY_REVOKED)).map(Event::getSummary)
			.contains("Admin API key 'nightly export' revoked by admin");
		assertNotInTheEventLog(secret);
	}

	@Test
	void anExpiredKeyIsRefusedAndListedAsExpired() {
		String secret = newApiKey("short-lived");
		String id = find(this.admin.get("/api/v1/api-keys").json(), "short-lived", "label").path("id").asText();
		this.jdbc.update("update admin_api_key set expires_at = ? where id = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(id));

		assertThat(this.anonymous.bearer(secret).get("/api/v1/api-keys").status()).isEqualTo(401);
		assertThat(find(this.admin.get("/api/v1/api-keys").json(), id).path("status").asText()).isEqualTo("expired");
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains("'short-lived' (" + id + ") expired at"));
	}

	@Test
	void theAdminChoosesTheExpiryAsADateOrAnInstant() {
		LocalDate date = LocalDate.now(ZoneOffset.UTC).plusMonths(6);
		Instant instant = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

		JsonHttpResponse byDate = this.admin.post("/api/v1/api-keys",
				"{\"label\":\"by date\",\"expiresAt\":\"" + date + "\"}");
		JsonHttpResponse byInstant = this.admin.post("/api/v1/api-keys",
				"{\"label\":\"by instant\",\"expiresAt\":\"" + instant + "\"}");

		assertThat(Instant.parse(byDate.json().path("expiresAt").asText()))
			.isEqualTo(date.atStartOfDay(ZoneOffset.UTC).toInstant());
		assertThat(Instant.parse(byInstant.json().path("expiresAt").asText())).isEqualTo(instant);
	}

	@Test
	void aBodyWithoutContentTypeOrNoBodyAtAllWorks() {
		JsonHttpResponse curlDefault = this.admin.header("Content-Type", "application/x-www-form-urlencoded")
			.post("/api/v1/api-keys", "{\"label\":\"from curl -d\"}");
		JsonHttpResponse empty = this.admin.send("POST", "/api/v1/api-keys", null);

		assertThat(curlDefault.status()).isEqualTo(201);
		assertThat(curlDefault.json().path("label").asText()).isEqualTo("from curl -d");
		assertThat(empty.status()).isEqualTo(201);
		assertThat(empty.json().path("label").asText()).isEqualTo("API key");
	}

	@Test
	void badRequestsGetAClearJsonError() {
		String past = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
		String tooFar = LocalDate.now(ZoneOffset.UTC).plusYears(3).toString();

		assertError(this.admin.post("/api/v1/api-keys", "{\"label\":"), 400, "not a JSON object");
		assertError(this.admin.post("/api/v1/api-keys", "{\"expiresAt\":\"" + past + "\"}"), 400, "in the past");
		assertError(this.admin.post("/api/v1/api-keys", "{\"expiresAt\":\"" + tooFar + "\"}"), 400, "at most two years");
		assertError(this.admin.post("/api/v1/api-keys", "{\"expiresAt\":\"next tuesday\"}"), 400, "ISO date");
		assertError(this.admin.post("/api/v1/api-keys", "{\"label\":\"" + "x".repeat(101) + "\"}"), 400,
				"at most 100 characters");
		assertError(this.admin.delete("/api/v1/api-keys/" + UUID.randomUUID()), 404, "no admin API key");
		assertError(this.admin.delete("/api/v1/api-keys/not-a-uuid"), 404, "not-a-uuid");
		assertError(this.admin.send("PUT", "/api/v1/api-keys", "{}"), 405, "Method Not Allowed");
	}

	@Test
	void anUnknownAddressUnderTheApiIsA404WithoutDetailsOfTheServer() {
		JsonHttpResponse response = this.admin.get("/api/v1/no-such-thing");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().path("status").asInt()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("trace");
	}

	private static void assertError(JsonHttpResponse response, int status, String message) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
		assertThat(response.json().path("error").asText()).contains(message);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
	}

}
