package io.tilegate.scim;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ScimTokenAuthenticationTests extends ScimIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void missingWrongRevokedAndExpiredTokensGetTheSameAnswer() {
		String revoked = this.tokens.issue(CONNECTION, "old", null, "test").secret();
		this.tokens.list(CONNECTION)
			.stream()
			.filter((token) -> token.getLabel().equals("old"))
			.forEach((token) -> this.tokens.revoke(CONNECTION, token.getId(), "test"));
		IssuedScimToken expiring = this.tokens.issue(CONNECTION, "expiring", null, "test");
		this.jdbc.update("update scim_token set expires_at = ? where id = ?",
				Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)), expiring.token().getId());

		JsonHttpResponse missing = this.scim.withToken(null).get("/Users");
		JsonHttpResponse wrong = this.scim.withToken(ScimTokens.PREFIX + "x".repeat(43)).get("/Users");
		JsonHttpResponse wasRevoked = this.scim.withToken(revoked).get("/Users");
		JsonHttpResponse expired = this.scim.withToken(expiring.secret()).get("/Users");

		for (JsonHttpResponse response : new JsonHttpResponse[] { missing, wrong, wasRevoked, expired }) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(response.header("Content-Type")).startsWith("application/scim+json");
			assertThat(response.json().path("schemas").get(0).asText())
				.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
			assertThat(response.json().path("status").asText()).isEqualTo("401");
			assertThat(response.body()).doesNotContain("expired").doesNotContain("revoked");
		}
		assertThat(eventsOf(EventType.SCIM_TOKEN_REFUSED)).extracting(Event::getSummary)
			.anyMatch((summary) -> summary.contains("expired at"))
			.anyMatch((summary) -> summary.contains("was revoked"))
			.anyMatch((summary) -> summary.contains("not one Tilegate issued"))
			.anyMatch((summary) -> summary.contains("No bearer token"));
		assertThat(this.events.search(null, null, null, 1000)).extracting(Event::getDetail)
			.noneMatch((detail) -> detail != null && detail.contains(expiring.secret()));
	}

	@Test
	void onlyTheHashOfASecretIsStored() {
		IssuedScimToken issued = this.tokens.issue(CONNECTION, "stored", null, "test");
		assertThat(issued.secret()).startsWith(ScimTokens.PREFIX).hasSizeGreaterThanOrEqualTo(ScimTokens.PREFIX.length() + 43);
		String stored = this.jdbc.queryForObject("select secret_hash from scim_token where id = ?", String.class,
				issued.token().getId());
		assertThat(stored).hasSize(64).doesNotContain(issued.secret().substring(ScimTokens.PREFIX.length()));
	}

}
