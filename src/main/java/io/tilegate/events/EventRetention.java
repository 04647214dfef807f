package io.tilegate.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes events older than {@code tilegate.events.retention} (90 days unless configured),
 * once a day, and says so in the event log.
 */
@Component
public class EventRetention {

	private static final Logger logger = LoggerFactory.getLogger(EventRetention.class);

	static final int BATCH = 1000;

	static final String ACTOR = "system:retention";

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final Duration retention;

	EventRetention(JdbcTemplate jdbc, EventLog events, Clock clock, TilegateProperties properties) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.retention = properties.events().retention();
	}

	/**
	 * Deletes every event that occurred before now minus the retention.
	 * @return how many were deleted
	 */
	@Scheduled(cron = "0 17 3 * * *", zone = "UTC")
	public int purge() {
		Instant cutoff = Instant.now(this.clock).minus(this.retention);
		int removed = 0;
		int batch;
		// Small batches, each committed on its own: a first purge of a long-running log must not
		// hold one huge transaction, nor lock the table against the sign-ins writing to it.
		do {
			batch = this.jdbc.update("""
					delete from event_log where id in
					  (select id from event_log where occurred_at < ? order by id fetch first %d rows only)"""
				.formatted(BATCH), Timestamp.from(cutoff));
			removed += batch;
		}
		while (batch == BATCH);
		logger.info("Event log retention ({}): removed {} events that occurred before {}", days(this.retention), removed,
				cutoff);
		this.events
			.event(EventType.ADMIN_ACTION,
					"Event log retention removed " + removed + ((removed == 1) ? " event" : " events")
							+ " older than " + days(this.retention) + " (before " + cutoff
							+ "); set tilegate.events.retention to keep them longer")
			.actor(ACTOR)
			.detailJson(Map.of("removed", removed, "before", cutoff.toString(), "retention",
					this.retention.toString()))
			.recordAlone();
		return removed;
	}

	private static String days(Duration duration) {
		if (duration.toHours() % 24 == 0) {
			long days = duration.toDays();
			return days + ((days == 1) ? " day" : " days");
		}
		return duration.toString();
	}

}
