package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tilegate.config.BatchedDelete;
import io.tilegate.config.ClusterJobs;
import io.tilegate.config.WebhookProperties;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes, once a day on one node of the cluster, the deliveries that were delivered or given
 * up longer than {@code tilegate.webhooks.retention} ago (30 days unless configured). A pending
 * delivery, however old, is never removed: the sender still owes it. Without this the outbox
 * would keep every event ever sent, the full JSON of each.
 */
@Component
class WebhookRetention {

	/** The job's lock in {@code job_lock}: one node purges, the others skip. */
	static final String JOB = "webhook-retention";

	/** A node that dies while purging holds the job no longer; no purge takes nearly this long. */
	private static final Duration LOCK_AT_MOST = Duration.ofHours(6);

	/** Nodes whose clocks or busy schedulers fire a few minutes apart still purge once. */
	private static final Duration LOCK_AT_LEAST = Duration.ofMinutes(10);

	static final int BATCH = 1000;

	private static final Logger logger = LoggerFactory.getLogger(WebhookRetention.class);

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final ClusterJobs jobs;

	private final Clock clock;

	private final Duration retention;

	WebhookRetention(JdbcTemplate jdbc, EventLog events, ClusterJobs jobs, Clock clock, WebhookProperties properties) {
		this.jdbc = jdbc;
		this.events = events;
		this.jobs = jobs;
		this.clock = clock;
		this.retention = properties.retention();
	}

	/**
	 * The daily purge, unless another node holds {@link #JOB}: it runs it, or ran it within
	 * the last ten minutes. An hour after the event log's, so the two do not load the database
	 * at once.
	 * @return {@code true} when this node purged
	 */
	@Scheduled(cron = "0 17 4 * * *", zone = "UTC")
	public boolean purgeOncePerCluster() {
		return this.jobs.runOnce(JOB, LOCK_AT_MOST, LOCK_AT_LEAST, this::purge);
	}

	/**
	 * Deletes the finished deliveries whose last try was before now minus the retention, and
	 * those of endpoints deleted since (a change that was committing when its endpoint was
	 * deleted still wrote them; no one will send them). Each delivery carries its message, so
	 * nothing else is left behind.
	 * @return how many deliveries were deleted, of each kind
	 */
	Purged purge() {
		Timestamp cutoff = Timestamp.from(Instant.now(this.clock).minus(this.retention));
		int finished = BatchedDelete.run(this.jdbc, """
				delete from webhook_delivery where id in
				  (select id from webhook_delivery where status in ('DELIVERED', 'FAILED') and last_attempt_at < ?
				   order by id fetch first %d rows only)""".formatted(BATCH), BATCH, cutoff);
		int orphaned = BatchedDelete.run(this.jdbc, """
				delete from webhook_delivery where id in
				  (select d.id from webhook_delivery d
				   where not exists (select 1 from webhook_endpoint e where e.id = d.endpoint_id)
				   order by d.id fetch first %d rows only)""".formatted(BATCH), BATCH);
		Purged purged = new Purged(finished, orphaned);
		if (finished + orphaned > 0) {
			logger.info("Webhook retention ({}): removed {} deliveries finished before {}, and {} of deleted endpoints",
					this.retention, finished, cutoff.toInstant(), orphaned);
			this.events
				.event(EventType.ADMIN_ACTION,
						"Webhook retention removed " + finished + " delivered or failed "
								+ ((finished == 1) ? "delivery" : "deliveries") + " finished before "
								+ cutoff.toInstant()
								+ ((orphaned > 0) ? ", and " + orphaned + " undelivered "
										+ ((orphaned == 1) ? "delivery" : "deliveries") + " of deleted endpoints" : "")
								+ "; set tilegate.webhooks.retention to keep them longer")
				.actor(WebhookSender.ACTOR)
				.detailJson(Map.of("deliveries", finished, "orphaned", orphaned, "before",
						cutoff.toInstant().toString(), "retention", this.retention.toString()))
				.recordAlone();
		}
		return purged;
	}

	/**
	 * @param finished delivered or given up before the retention
	 * @param orphaned of deleted endpoints
	 */
	record Purged(int finished, int orphaned) {
	}

}
