package io.tilegate.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tilegate.config.BatchedDelete;
import io.tilegate.config.ClusterJobs;
import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes events older than {@code tilegate.events.retention} (90 days unless configured),
 * once a day on one node of the cluster, and says so in the event log.
 */
@Component
public class EventRetention {

	/** The job's lock in {@code job_lock}: one node purges, the others skip. */
	public static final String JOB = "event-retention";

	/** A node that dies while purging holds the job no longer; no purge takes nearly this long. */
	static final Duration LOCK_AT_MOST = Duration.ofHours(6);

	/** Nodes whose clocks or busy schedulers fire a few minutes apart still purge once. */
	static final Duration LOCK_AT_LEAST = Duration.ofMinutes(10);

	private static final Logger logger = LoggerFactory.getLogger(EventRetention.class);

	static final int BATCH = 1000;

	static final String ACTOR = "system:retention";

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final ClusterJobs jobs;

	private final Clock clock;

	private final Duration retention;

	EventRetention(JdbcTemplate jdbc, EventLog events, ClusterJobs jobs, Clock clock, TilegateProperties properties) {
		this.jdbc = jdbc;
		this.events = events;
		this.jobs = jobs;
		this.clock = clock;
		this.retention = properties.events().retention();
	}

	/**
	 * The daily purge, unless another node holds {@link #JOB}: it runs it, or ran it within
	 * the last ten minutes.
	 * @return {@code true} when this node purged
	 */
	@Scheduled(cron = "0 17 3 * * *", zone = "UTC")
	public boolean purgeOncePerCluster() {
		return this.jobs.runOnce(JOB, LOCK_AT_MOST, LOCK_AT_LEAST, this::purge);
	}

	/**
	 * Deletes every event that occurred before now minus the retention.
	 * @return how many were deleted
	 */
	int purge() {
		Instant cutoff = Instant.now(this.clock).minus(this.retention);
		int removed = BatchedDelete.run(this.jdbc, """
				delete from event_log where id in
				  (select id from event_log where occurred_at < ? order by id fetch first %d rows only)"""
			.formatted(BATCH), BATCH, Timestamp.from(cutoff));
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
