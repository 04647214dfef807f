package io.tilegate.api;

import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing over HTTP. A context of its own (the property only sets it apart), closed
 * afterwards: earlier refusals must not count here, nor this lock-out anywhere else.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "tilegate.test.own-context=sign-in-throttle")
class AdminSignInThrottleTests extends AdminApiIntegrationTest {

	@Test
	void tenWrongPasswordsInAMinuteAndEvenTheRightOneMustWait() {
		for (int i = 1; i <= AdminSignInThrottle.MAX_FAILURES; i++) {
			assertThat(this.anonymous.basic("admin", "guess-" + i).get("/api/v1/api-keys").status()).as("guess %d", i)
				.isEqualTo(401);
		}

		JsonHttpResponse locked = this.admin.get("/api/v1/api-keys");

		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(Integer.parseInt(locked.header("Retry-After"))).isLessThanOrEqualTo(60);
		assertThat(locked.json().path("status").asInt()).isEqualTo(429);
		assertThat(eventsOf(EventType.ADMIN_SIGN_IN_REFUSED)).map(Event::getSummary)
			.filteredOn((summary) -> summary.contains("further attempts are refused for a minute"))
			.hasSize(1);
		assertThat(this.events.search(null, null, null, 1000)).map(Event::getSummary)
			.noneMatch((summary) -> summary.contains("guess-"));
	}

}
