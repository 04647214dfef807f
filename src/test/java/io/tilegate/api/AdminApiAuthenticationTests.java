package io.tilegate.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tilegate.access.AdminApiKeys;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimTokens;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Basic and bearer sign-in to the admin API. Its refusals count towards the sign-in
 * throttle, so it runs in a context of its own (the property only sets it apart), closed
 * when the class is done.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "tilegate.test.own-context=authentication")
class AdminApiAuthenticationTests extends AdminApiIntegrationTest {

	private static final String WRONG_PASSWORD = "not-the-Pa55word";

	@Autowired
	ScimTokens scimTokens;

	@Test
	void everyRefusalGetsTheSameAnswerAndOnlyTheEventLogSaysWhy() {
		String revoked = newApiKey("revoked key");
		this.admin.delete("/api/v1/api-keys/" + keyId("revoked key"));
		String expired = newApiKey("expired key");
		this.jdbc.update("update admin_api_key set expires_at = ? where label = 'expired key'",
				Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
		String scimToken = this.scimTokens.issue(CONNECTION, "not for the admin API", null, "test").secret();

		List<JsonHttpResponse> refused = List.of(this.anonymous.get("/api/v1/api-keys"),
				this.anonymous.basic("admin", WRONG_PASSWORD).get("/api/v1/api-keys"),
				this.anonymous.basic("root", ADMIN_PASSWORD).get("/api/v1/api-keys"),
				this.anonymous.bearer(AdminApiKeys.PREFIX + "x".repeat(43)).get("/api/v1/api-keys"),
				this.anonymous.bearer(revoked).get("/api/v1/api-keys"),
				this.anonymous.bearer(expired).get("/api/v1/api-keys"),
				this.anonymous.bearer(scimToken).get("/api/v1/api-keys"),
				this.anonymous.header("Authorization", "Digest username=\"admin\"").get("/api/v1/api-keys"),
				this.anonymous.header("Authorization", revoked).get("/api/v1/api-keys"),
				this.anonymous.basic(revoked, "").get("/api/v1/api-keys"));

		String firstBody = refused.get(0).body();
		for (JsonHttpResponse response : refused) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("Content-Type")).startsWith("application/json");
			assertThat(response.headers("WWW-Authenticate")).containsExactly(
					"Basic realm=\"Tilegate admin API\", charset=\"UTF-8\"", "Bearer realm=\"Tilegate admin API\"");
			assertThat(response.body()).isEqualTo(firstBody);
			assertThat(response.header("Set-Cookie")).isNull();
		}
		assertThat(refused.get(0).json().path("status").asInt()).isEqualTo(401);
		assertThat(refused.get(0).json().path("error").asText()).contains("HTTP Basic").contains("Bearer");
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.anyMatch((summary) -> summary.contains("wrong password for 'admin'"))
			.anyMatch((summary) -> summary.contains("there is no admin account 'root'"))
			.anyMatch((summary) -> summary.contains("did not issue"))
			.anyMatch((summary) -> summary.contains("'revoked key'") && summary.contains("was revoked"))
			.anyMatch((summary) -> summary.contains("'expired key'") && summary.contains("expired at"))
			.anyMatch((summary) -> summary.contains("a SCIM token was sent"))
			.anyMatch((summary) -> summary.contains("neither 'Basic …' nor 'Bearer …' but 'Digest …'"))
			.anyMatch((summary) -> summary.endsWith("neither 'Basic …' nor 'Bearer …'"));
		assertThat(this.events.search(null, null, null, 1000)).allSatisfy((event) -> {
			assertThat(String.valueOf(event.getSummary()) + event.getDetail()).doesNotContain(WRONG_PASSWORD)
				.doesNotContain(ADMIN_PASSWORD);
		});
		assertNotInTheEventLog(revoked);
		assertNotInTheEventLog(expired);
		assertNotInTheEventLog(scimToken);
	}

	@Test
	void thePasswordAndAnApiKeyBothSignInAndTheEventsNameWho() {
		assertThat(this.admin.get("/api/v1/api-keys").status()).isEqualTo(200);
		String key = newApiKey("deploy script");
		String keyId = keyId("deploy script");

		JsonHttpResponse byKey = this.anonymous.bearer(key).post("/api/v1/api-keys", "{\"label\":\"made by a key\"}");

		assertThat(byKey.status()).isEqualTo(201);
		assertThat(actorOfKeyCreated("'deploy script'")).isEqualTo("admin");
		assertThat(actorOfKeyCreated("'made by a key'")).isEqualTo("api-key:deploy script:" + keyId);
	}

	@Test
	void anApiKeyWorksAsTheBasicUserNameForToolsThatOnlySpeakBasic() {
		String key = newApiKey("basic-only tool");

		assertThat(this.anonymous.basic(key, "").get("/api/v1/api-keys").status()).isEqualTo(200);
	}

	@Test
	void aBrowserOnAnotherSiteCannotUseTheAdminsCredentials() {
		JsonHttpResponse fromOrigin = this.admin.header("Origin", "https://evil.example").post("/api/v1/api-keys", "{}");
		JsonHttpResponse fetchedCrossSite = this.admin.header("Sec-Fetch-Site", "cross-site").get("/api/v1/api-keys");

		assertThat(fromOrigin.status()).isEqualTo(403);
		assertThat(fromOrigin.json().path("error").asText()).contains("other sites");
		assertThat(fetchedCrossSite.status()).isEqualTo(403);
		assertThat(this.admin.header("Origin", BASE).get("/api/v1/api-keys").status()).isEqualTo(200);
		assertThat(this.admin.header("Sec-Fetch-Site", "same-origin").get("/api/v1/api-keys").status()).isEqualTo(200);
	}

	@Test
	void anAdminApiKeyIsNotAScimToken() {
		String key = newApiKey("not for SCIM");

		assertThat(scim(key).get(SCIM_ECHO).status()).isEqualTo(401);
	}

	@Test
	void noSessionIsCreated() {
		JsonHttpResponse response = this.admin.get("/api/v1/api-keys");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Set-Cookie")).isNull();
	}

	private String actorOfKeyCreated(String label) {
		return eventsOf(EventType.ADMIN_API_KEY_CREATED).stream()
			.filter((event) -> event.getSummary().contains(label))
			.map(Event::getActor)
			.findFirst()
			.orElseThrow();
	}

	private String keyId(String label) {
		for (var key : this.admin.get("/api/v1/api-keys").json()) {
			if (key.path("label").asText().equals(label)) {
				return key.path("id").asText();
			}
		}
		throw new AssertionError("No key labelled " + label);
	}

}
