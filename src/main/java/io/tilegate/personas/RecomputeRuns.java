package io.tilegate.personas;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tilegate.personas.PersonaRecomputes.timestamp;

/**
 * Runs the recomputes {@link PersonaRecomputes} queued, as db-scheduler tasks that any node
 * picks, one at a time across the cluster: a run first claims its row, and waits while another
 * run's heartbeat is fresh. A node that dies mid-run has its task revived elsewhere by
 * db-scheduler; the revived run starts over, unless a later recompute was asked for since,
 * which covers it.
 */
@Configuration(proxyBeanMethods = false)
class RecomputeRuns {

	static final TaskDescriptor<Void> TASK = TaskDescriptor.of("persona-recompute");

	/**
	 * A run writes its heartbeat after each chunk of users, well under a second apart; one this
	 * old ran on a node that stopped (or is stuck), and the next may start.
	 */
	static final Duration STALE = Duration.ofMinutes(2);

	private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

	private static final Duration WAIT = Duration.ofMillis(250);

	/** Finished recomputes are kept this long for the record; the event log keeps them longer. */
	static final Duration KEEP = Duration.ofDays(30);

	private static final Logger logger = LoggerFactory.getLogger(RecomputeRuns.class);

	private final PersonaMembership membership;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final MeterRegistry registry;

	private final ObjectMapper json;

	private final TransactionTemplate transaction;

	RecomputeRuns(PersonaMembership membership, EventLog events, JdbcTemplate jdbc, Clock clock, MeterRegistry registry,
			ObjectMapper json, PlatformTransactionManager transactions) {
		this.membership = membership;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.registry = registry;
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Bean
	OneTimeTask<Void> personaRecompute() {
		return Tasks.oneTime(TASK).execute((instance, context) -> run(UUID.fromString(instance.getId())));
	}

	private enum Outcome {

		/** Claimed: this node runs it now. */
		RUN,
		/** Another recompute runs: wait for it. */
		WAIT,
		/** Nothing to run: it finished before, or a later one covers it. */
		NONE

	}

	/** @param job the recompute's row as claimed, when {@code outcome} is {@code RUN} */
	private record Claim(Outcome outcome, Claimed job) {

		static final Claim WAIT = new Claim(Outcome.WAIT, null);

		static final Claim NONE = new Claim(Outcome.NONE, null);

	}

	void run(UUID id) {
		Claim claim;
		while ((claim = this.transaction.execute((status) -> claim(id))).outcome() == Outcome.WAIT) {
			try {
				Thread.sleep(WAIT.toMillis());
			}
			catch (InterruptedException ex) {
				// Shutting down: the task stays queued, and a node picks it up again.
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Stopped while waiting for another persona recompute", ex);
			}
		}
		if (claim.outcome() == Outcome.RUN) {
			recompute(id, claim.job());
		}
	}

	private Claim claim(UUID id) {
		List<Claimed> rows = this.jdbc.query(
				"select state, reason, actor, seq from persona_recompute where id = ? for update", this::claimed, id);
		if (rows.isEmpty() || !List.of("queued", "running").contains(rows.get(0).state())) {
			return Claim.NONE;
		}
		Claimed row = rows.get(0);
		Instant now = this.clock.instant();
		if (row.state().equals("running") && later(row.seq())) {
			this.jdbc.update("update persona_recompute set state = 'failed', finished_at = ?, error = ? where id = ?",
					timestamp(now), "The node that ran it stopped; a later re-evaluation covers it.", id);
			return Claim.NONE;
		}
		Integer others = this.jdbc.queryForObject("select count(*) from persona_recompute where state = 'running' "
				+ "and id <> ? and heartbeat_at > ?", Integer.class, id, timestamp(now.minus(STALE)));
		if (others != null && others > 0) {
			return Claim.WAIT;
		}
		Long total = this.jdbc.queryForObject("select count(*) from app_user where tenant_id = ?", Long.class,
				PersonaMembership.TENANT);
		this.jdbc.update("update persona_recompute set state = 'running', waiting = null, started_at = ?, "
				+ "heartbeat_at = ?, done_users = 0, total_users = ? where id = ?", timestamp(now), timestamp(now),
				(total != null) ? total : 0, id);
		// Read under the row's lock, as the claim ends its wait: no later change joins it now.
		return new Claim(Outcome.RUN, row);
	}

	private boolean later(long seq) {
		Integer later = this.jdbc.queryForObject("select count(*) from persona_recompute where seq > ?",
				Integer.class, seq);
		return later != null && later > 0;
	}

	private void recompute(UUID id, Claimed job) {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "failed";
		Progress progress = new Progress(id);
		try {
			PersonaMembership.Summary summary = this.membership.recomputeAll(job.reason(), progress::accept);
			outcome = "done";
			OffsetDateTime finished = timestamp(this.clock.instant());
			String summaryJson = this.json.writeValueAsString(summary);
			// One transaction: whoever reads "done" (the admin page, another node) also finds its event.
			this.transaction.executeWithoutResult((status) -> {
				this.jdbc.update("update persona_recompute set state = 'done', done_users = ?, heartbeat_at = ?, "
						+ "finished_at = ?, summary = ? where id = ?", summary.users(), finished, finished, summaryJson,
						id);
				this.events
					.event(EventType.PERSONAS_RECOMPUTED, "Personas and spaces recomputed for " + summary.users()
							+ " users in " + summary.millis() + " ms: " + summary.personaJoins() + " persona joins, "
							+ summary.personaLeaves() + " leaves, " + summary.spaceJoins() + " space joins, "
							+ summary.spaceLeaves() + " leaves; after: " + job.reason())
					.actor(job.actor())
					.detailJson(summary)
					.record();
			});
		}
		catch (RuntimeException | JsonProcessingException ex) {
			logger.error("Persona recompute after '{}' failed after {} users; memberships of the users done so far "
					+ "are current, the rest keep their previous ones until the next recompute", job.reason(),
					progress.done, ex);
			this.jdbc.update("update persona_recompute set state = 'failed', done_users = ?, finished_at = ?, "
					+ "error = ? where id = ?", progress.done, timestamp(this.clock.instant()),
					PersonaRecomputes.truncated(String.valueOf(ex.getMessage()), 2000), id);
		}
		finally {
			// What members changed is counted from the join and leave events (EventMeters).
			sample.stop(Timer.builder(PersonaRecomputes.RECOMPUTE)
				.description("How long a recompute of everyone's personas and spaces took")
				.tag("outcome", outcome)
				.register(this.registry));
			this.jdbc.update("delete from persona_recompute where state in ('done', 'failed') and finished_at < ?",
					timestamp(this.clock.instant().minus(KEEP)));
		}
	}

	private Claimed claimed(ResultSet rs, int row) throws SQLException {
		return new Claimed(rs.getString("state"), rs.getString("reason"), rs.getString("actor"), rs.getLong("seq"));
	}

	private record Claimed(String state, String reason, String actor, long seq) {
	}

	/** Writes how far the run got, and its heartbeat, at most twice a second. */
	private final class Progress {

		private final UUID id;

		private long done;

		private long writtenAt = System.nanoTime() - PROGRESS_EVERY.toNanos();

		Progress(UUID id) {
			this.id = id;
		}

		synchronized void accept(long done) {
			this.done = done;
			long now = System.nanoTime();
			if (now - this.writtenAt >= PROGRESS_EVERY.toNanos()) {
				this.writtenAt = now;
				RecomputeRuns.this.jdbc.update(
						"update persona_recompute set done_users = ?, heartbeat_at = ? where id = ?", done,
						timestamp(RecomputeRuns.this.clock.instant()), this.id);
			}
		}

	}

}
