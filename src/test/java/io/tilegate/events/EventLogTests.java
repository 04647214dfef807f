package io.tilegate.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.tilegate.config.ClusterJobs;
import io.tilegate.config.MultiRowInsert;
import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.DirectorySlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@DirectorySlice
abstract class EventLogTests {

	@Autowired
	EventLog events;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

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

	@Test
	void searchByCriteriaPagesNewestFirstAndCountsAll() {
		UUID ada = UUID.randomUUID();
		String connection = "conn-" + UUID.randomUUID().toString().substring(0, 8);
		String first = this.events.event(EventType.USER_CREATED, "created").user(ada, "Ada.L").connection(connection)
			.record();
		String second = this.events.event(EventType.USER_UPDATED, "updated").user(ada, "ada.l").record();
		String renamedAway = this.events.event(EventType.USER_UPDATED, "old name").user(null, "ADA.L").record();
		this.events.event(EventType.USER_UPDATED, "someone else").user(UUID.randomUUID(), "grace").record();

		assertThat(this.events.search(new EventCriteria(null, ada, null, null, null), 0, 10).getContent())
			.extracting(Event::getReference)
			.containsExactly(second, first);
		assertThat(this.events.search(new EventCriteria(null, null, "ada.l", null, null), 0, 10).getContent())
			.extracting(Event::getReference)
			.containsExactly(renamedAway, second, first);
		assertThat(this.events.search(new EventCriteria(null, null, null, connection, null), 0, 10).getContent())
			.extracting(Event::getReference)
			.containsExactly(first);
		Page<Event> secondPage = this.events.search(new EventCriteria(null, ada, "ada.l", null, null), 1, 2);
		assertThat(secondPage.getTotalElements()).isEqualTo(3);
		assertThat(secondPage.getContent()).extracting(Event::getReference).containsExactly(first);
		assertThat(this.events.search(new EventCriteria(EventType.USER_CREATED, ada, null, null,
				Instant.now().plusSeconds(60)), 0, 10)).isEmpty();
	}

	@Test
	void eventsWrittenTogetherAreAllThereInTheirOrderWithEveryField() {
		// Two whole statements' worth and a remainder: each row must land in its own place.
		int count = MultiRowInsert.ROWS_PER_STATEMENT * 2 + 37;
		String actor = "batch-" + UUID.randomUUID();
		List<EventLog.EventDraft> drafts = new ArrayList<>();
		List<UUID> users = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID user = (i % 5 == 4) ? null : UUID.randomUUID();
			users.add(user);
			EventLog.EventDraft draft = this.events
				.event((i % 2 == 0) ? EventType.PERSONA_JOINED : EventType.SPACE_LEFT, "event " + i)
				.user(user, (user != null) ? "user" + i : null)
				.actor(actor)
				.detailJson(Map.of("n", i));
			if (i % 3 == 0) {
				draft.connection("conn-" + i);
			}
			drafts.add(draft);
		}

		this.events.recordAll(drafts);

		List<Map<String, Object>> written = this.jdbc.queryForList("""
				select reference, type, connection_id, user_id, user_name, summary, detail from event_log
				where actor = ? order by id""", actor);
		assertThat(written).hasSize(count);
		for (int i = 0; i < count; i++) {
			Map<String, Object> event = written.get(i);
			assertThat(event.get("summary")).isEqualTo("event " + i);
			assertThat(event.get("type")).isEqualTo(((i % 2 == 0) ? EventType.PERSONA_JOINED : EventType.SPACE_LEFT).name());
			assertThat(event.get("connection_id")).isEqualTo((i % 3 == 0) ? "conn-" + i : null);
			assertThat(event.get("user_id")).isEqualTo(users.get(i));
			assertThat(event.get("user_name")).isEqualTo((users.get(i) != null) ? "user" + i : null);
			assertThat(event.get("detail")).isEqualTo("{\"n\":" + i + "}");
			assertThat((String) event.get("reference")).matches("[A-Z2-9]{10}");
		}
		assertThat(written.stream().map((event) -> event.get("reference")).distinct()).hasSize(count);
	}

	@Test
	void retentionRemovesOlderEventsInBatchesAndSaysHowMany() {
		Instant now = Instant.parse("2026-11-22T03:17:00Z");
		int old = EventRetention.BATCH * 2 + 7;
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < old; i++) {
			rows.add(new Object[] { "OLD" + String.format("%07d", i), Timestamp.from(now.minus(Duration.ofDays(91))) });
		}
		this.jdbc.batchUpdate("insert into event_log (reference, occurred_at, type, summary) values (?, ?, 'LOGIN_SUCCEEDED', 'old')",
				rows);
		this.jdbc.update("insert into event_log (reference, occurred_at, type, summary) values (?, ?, 'LOGIN_SUCCEEDED', 'kept')",
				"KEPT000001", Timestamp.from(now.minus(Duration.ofDays(89))));
		EventRetention retention = new EventRetention(this.jdbc, this.events, new ClusterJobs(this.dataSource),
				Clock.fixed(now, ZoneOffset.UTC),
				new TilegateProperties(null, null, null, null, null,
						new TilegateProperties.Events(Duration.ofDays(90)), null, null, null, null));

		assertThat(retention.purge()).isEqualTo(old);

		assertThat(this.jdbc.queryForObject("select count(*) from event_log where reference like 'OLD%'", Long.class))
			.isZero();
		assertThat(this.events.findByReference("KEPT000001")).isPresent();
		Event said = this.events.search(EventType.ADMIN_ACTION, null, null, 1).get(0);
		assertThat(said.getSummary()).isEqualTo("Event log retention removed " + old
				+ " events older than 90 days (before 2026-08-24T03:17:00Z); set tilegate.events.retention to keep "
				+ "them longer");
		assertThat(said.getActor()).isEqualTo("system:retention");
		assertThat(retention.purge()).isZero();
	}

	@Test
	void theDailyPurgeRunsOnOneNodeOfTheCluster() {
		TilegateProperties properties = new TilegateProperties(null, null, null, null, null, null, null, null, null, null);
		EventRetention first = new EventRetention(this.jdbc, this.events, new ClusterJobs(this.dataSource),
				Clock.systemUTC(), properties);
		EventRetention second = new EventRetention(this.jdbc, this.events, new ClusterJobs(this.dataSource),
				Clock.systemUTC(), properties);
		long purgesBefore = purgesRecorded();

		assertThat(first.purgeOncePerCluster()).isTrue();
		assertThat(second.purgeOncePerCluster()).isFalse();
		assertThat(first.purgeOncePerCluster()).as("ten minutes have not passed").isFalse();

		assertThat(purgesRecorded()).isEqualTo(purgesBefore + 1);
		assertThat(this.jdbc.queryForObject("select count(*) from job_lock where name = ?", Long.class,
				EventRetention.JOB)).isOne();
	}

	private long purgesRecorded() {
		return this.events.search(EventType.ADMIN_ACTION, null, null, 1000)
			.stream()
			.filter((event) -> event.getSummary().startsWith("Event log retention removed"))
			.count();
	}

	@Test
	void retentionDefaultsToNinetyDays() {
		assertThat(new TilegateProperties(null, null, null, null, null, null, null, null, null, null).events().retention())
			.isEqualTo(Duration.ofDays(90));
	}

}
