package io.tilegate.events;

import java.time.Instant;
import java.util.UUID;

import io.tilegate.directory.DirectorySlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@DirectorySlice
abstract class EventLogTests {

	@Autowired
	EventLog events;

	@Test
	void searchFiltersByTypeUserAndTimeNewestFirst() {
		UUID ada = UUID.randomUUID();
		Instant before = Instant.now().minusSeconds(1);
		String refused = this.events.event(EventType.LOGIN_REFUSED, "refused").user(ada, "ada").record();
		String succeeded = this.events.event(EventType.LOGIN_SUCCEEDED, "in").user(ada, "ada").record();
		this.events.event(EventType.LOGIN_SUCCEEDED, "someone else").user(UUID.randomUUID(), "grace").record();

		assertThat(this.events.search(null, ada, null, 10)).extracting(Event::getReference)
			.containsExactly(succeeded, refused);
		assertThat(this.events.search(EventType.LOGIN_REFUSED, null, before, 10)).extracting(Event::getReference)
			.containsExactly(refused);
		assertThat(this.events.search(null, null, Instant.now().plusSeconds(60), 10)).isEmpty();
		assertThat(this.events.search(null, null, null, 1)).hasSize(1);
	}

	@Test
	void referencesAreShortUniqueAndFindTheirEvent() {
		String reference = this.events.event(EventType.ADMIN_ACTION, "x".repeat(3000)).detail("detail").record();

		Event event = this.events.findByReference(reference).orElseThrow();
		assertThat(reference).matches("[A-Z2-9]{10}");
		assertThat(event.getSummary()).hasSizeLessThanOrEqualTo(2000).endsWith("…");
		assertThat(event.getDetail()).isEqualTo("detail");
	}

}
