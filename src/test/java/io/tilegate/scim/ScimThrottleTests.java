package io.tilegate.scim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-token throttle over HTTP, at 1 request a second with bursts of 3. Time stands
 * still in this context, so no bucket refills between requests however slow the machine is.
 */
@TestPropertySource(properties = { "tilegate.scim.requests-per-second=1", "tilegate.scim.burst=3" })
class ScimThrottleTests extends ScimIntegrationTest {

	@Test
	void theCallAfterTheBurstGets429WithAnIntegerRetryAfter() {
		for (int i = 1; i <= 3; i++) {
			assertThat(this.scim.get(ScimEchoFixture.PATH).status()).as("call %d", i).isEqualTo(200);
		}

		JsonHttpResponse throttled = this.scim.get(ScimEchoFixture.PATH);

		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(throttled.header("Content-Type")).startsWith("application/scim+json");
		assertThat(throttled.json().path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(throttled.json().path("status").asText()).isEqualTo("429");
		assertThat(eventsOf(EventType.SCIM_REQUEST)).map(Event::getDetail)
			.anyMatch((detail) -> detail.contains("\"status\":429") && detail.contains("throttled"));
	}

	@Test
	void anotherTokenOfTheSameConnectionIsNotAffected() {
		for (int i = 1; i <= 4; i++) {
			this.scim.get(ScimEchoFixture.PATH);
		}
		assertThat(this.scim.get(ScimEchoFixture.PATH).status()).isEqualTo(429);

		ScimHttp other = this.scim.withToken(this.tokens.issue(CONNECTION, "second", null, "test").secret());

		assertThat(other.get(ScimEchoFixture.PATH).status()).isEqualTo(200);
	}

	@Test
	void eachOperationOfABulkRequestCountsAsACallAndNoRequestAsMoreThanTheBurst() {
		String prefix = "throttled-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		JsonHttpResponse twoOperations = this.scim.post("/Bulk", ScimBulkTests.body(null,
				ScimBulkTests.operations(2, (i) -> ScimBulkTests.create("u" + i, prefix + "two" + i))));
		JsonHttpResponse overTheLimit = this.scim.post("/Bulk", ScimBulkTests.body(null,
				ScimBulkTests.operations(2, (i) -> ScimBulkTests.create("u" + i, prefix + "over" + i))));
		JsonHttpResponse tenOperations = new ScimHttp(this.port, newToken(CONNECTION)).post("/Bulk",
				ScimBulkTests.body(null,
						ScimBulkTests.operations(10, (i) -> ScimBulkTests.create("u" + i, prefix + "ten" + i))));

		assertThat(tenOperations.status()).as(tenOperations.toString()).isEqualTo(200);
		assertThat(tenOperations.json().path("Operations")).hasSize(10);
		assertThat(twoOperations.status()).as(twoOperations.toString()).isEqualTo(200);
		assertThat(overTheLimit.status()).isEqualTo(429);
		assertThat(overTheLimit.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(overTheLimit.json().path("detail").asText()).contains("each operation of a /Bulk request");
		assertThat(eventsOf(EventType.USER_CREATED)).map(Event::getUserName)
			.filteredOn((userName) -> userName.startsWith(prefix))
			.hasSize(12)
			.noneMatch((userName) -> userName.startsWith(prefix + "over"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StoppedClock {

		@Bean
		@Primary
		Clock stoppedClock() {
			return Clock.fixed(Instant.now(), ZoneOffset.UTC);
		}

	}

}
