package io.tilegate.api;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API while the sign-in count that all nodes share cannot be read: the table is
 * taken away for real, in a context and database of their own, closed afterwards.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "tilegate.test.own-context=sign-in-limit-outage")
@ExtendWith(OutputCaptureExtension.class)
class AdminSignInLimitOutageTests extends AdminApiIntegrationTest {

	@Test
	void whileTheCountCannotBeReadEvenTheRightCredentialsGet503(CapturedOutput output) {
		String key = newApiKey("deploy script");
		this.jdbc.execute("alter table rate_limit_bucket rename to rate_limit_bucket_away");
		try {
			JsonHttpResponse withPassword = this.admin.get("/api/v1/api-keys");
			JsonHttpResponse withKey = this.anonymous.bearer(key).get("/api/v1/api-keys");

			for (JsonHttpResponse refused : new JsonHttpResponse[] { withPassword, withKey }) {
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isEqualTo("10");
				assertThat(refused.json().path("status").asInt()).isEqualTo(503);
				assertThat(refused.json().path("error").asText())
					.contains("could not reach the database that counts refused sign-ins");
			}
			assertThat(output).contains("ERROR")
				.contains("Admin sign-in from 127.0.0.1 refused without checking the password: the count of "
						+ "refused sign-ins that all nodes share could not be read");
		}
		finally {
			this.jdbc.execute("alter table rate_limit_bucket_away rename to rate_limit_bucket");
		}

		assertThat(this.admin.get("/api/v1/api-keys").status()).isEqualTo(200);
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.filteredOn((summary) -> summary.contains("refused without checking its credentials"))
			.hasSize(2);
	}

}
