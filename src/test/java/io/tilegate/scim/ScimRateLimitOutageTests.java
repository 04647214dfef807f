package io.tilegate.scim;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM calls while the per-token rate limit that all nodes share cannot be read: the table is
 * taken away for real, in a context and database of their own, closed afterwards.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "tilegate.test.own-context=rate-limit-outage")
@ExtendWith(OutputCaptureExtension.class)
class ScimRateLimitOutageTests extends ScimIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whileTheLimitCannotBeReadCallsGet503AsAScimErrorAndTheLogSaysWhy(CapturedOutput output) {
		assertThat(this.scim.get(ScimEchoFixture.PATH).status()).isEqualTo(200);
		this.jdbc.execute("alter table rate_limit_bucket rename to rate_limit_bucket_away");
		JsonHttpResponse refused;
		try {
			refused = this.scim.get(ScimEchoFixture.PATH);
		}
		finally {
			this.jdbc.execute("alter table rate_limit_bucket_away rename to rate_limit_bucket");
		}

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.header("Retry-After")).isEqualTo("10");
		assertThat(refused.header("Content-Type")).startsWith("application/scim+json");
		assertThat(refused.json().path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(refused.json().path("status").asText()).isEqualTo("503");
		assertThat(refused.json().path("detail").asText())
			.contains("could not reach the database that counts this token's requests");
		assertThat(output).contains("ERROR")
			.contains("Refused 1 SCIM call(s) (latest for connection okta) with 503: the per-token rate limit that "
					+ "all nodes share could not be read");
		assertThat(eventsOf(EventType.SCIM_REQUEST)).map(Event::getDetail)
			.anyMatch((detail) -> detail.contains("\"status\":503") && detail.contains("rate limit unreachable"));
		assertThat(this.scim.get(ScimEchoFixture.PATH).status()).isEqualTo(200);
	}

}
