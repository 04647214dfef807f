package io.tilegate.personas;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Directory-wide recomputes, queued in the database ({@code persona_recompute}) and run by
 * whichever node's background tasks pick them ({@link RecomputeRuns}), one at a time across
 * the cluster. A change that arrives while one waits joins it, so a burst of rule edits costs
 * at most two passes: the one running and one that sees every rule saved until it starts.
 * Every node reads the same progress, and a recompute asked for is not lost to a restart.
 */
@Service
public class PersonaRecomputes {

	static final String RECOMPUTE = "tilegate.personas.recompute";

	private static final int REASON_LENGTH = 4000;

	private static final String COLUMNS = "id, reason, state, done_users, total_users, started_at, finished_at, "
			+ "summary, error";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Scheduler scheduler;

	private final ObjectMapper json;

	private final TransactionTemplate ownTransaction;

	PersonaRecomputes(JdbcTemplate jdbc, Clock clock, Scheduler scheduler, ObjectMapper json,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.scheduler = scheduler;
		this.json = json;
		// Committed before start() answers, whatever the caller's transaction: an answer that says
		// "queued" is one a restart keeps, and the row locks a caller holds do not delay the run.
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Where a recompute stands.
	 * @param state {@code queued}, {@code running}, {@code done} or {@code failed}
	 * @param done users recomputed so far, of {@code total} when it started
	 */
	public record Status(UUID id, String reason, String state, long done, long total, Instant startedAt,
			Instant finishedAt, PersonaMembership.Summary summary, String error) {
	}

	/** Queues a directory-wide recompute, or joins the one already waiting. */
	public Status start(String reason, String actor) {
		try {
			return this.ownTransaction.execute((status) -> queue(reason, actor));
		}
		catch (DuplicateKeyException ex) {
			// Another node queued one between this one's look and its insert: join that one.
			return this.ownTransaction.execute((status) -> queue(reason, actor));
		}
	}

	private Status queue(String reason, String actor) {
		List<Status> waiting = this.jdbc.query(
				"select " + COLUMNS + " from persona_recompute where waiting = 1 for update", this::status);
		if (!waiting.isEmpty()) {
			Status joined = waiting.get(0);
			String reasons = joinedReasons(joined.reason(), reason);
			this.jdbc.update("update persona_recompute set reason = ? where id = ?", reasons, joined.id());
			return new Status(joined.id(), reasons, joined.state(), 0, 0, null, null, null, null);
		}
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.update("insert into persona_recompute (id, reason, actor, state, waiting, done_users, total_users, "
				+ "requested_at) values (?, ?, ?, 'queued', 1, 0, 0, ?)", id, truncated(reason), truncated(actor, 255),
				timestamp(now));
		// A batch of one is a plain insert: the id is new, there is nothing to look for first.
		this.scheduler.scheduleBatch(List.of(RecomputeRuns.TASK.instance(id.toString()).scheduledTo(now)));
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				// This node starts it now rather than at its next poll, unless another is running.
				PersonaRecomputes.this.scheduler.triggerCheckForDueExecutions();
			}

		});
		return new Status(id, truncated(reason), "queued", 0, 0, null, null, null, null);
	}

	/** The running or queued recompute, else the last one; {@code null} if none ever ran. */
	public Status status() {
		List<Status> latest = this.jdbc.query("select " + COLUMNS + " from persona_recompute order by "
				+ "case state when 'running' then 0 when 'queued' then 1 else 2 end, seq desc "
				+ "fetch first 1 rows only", this::status);
		return latest.isEmpty() ? null : latest.get(0);
	}

	/** Waits until no recompute is running or queued; for tests and the daily pass. */
	public void awaitIdle(Duration timeout) throws TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (pending() > 0) {
			if (System.nanoTime() > deadline) {
				throw new TimeoutException("A persona recompute still runs or waits after " + timeout);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private int pending() {
		Integer pending = this.jdbc.queryForObject(
				"select count(*) from persona_recompute where state in ('queued', 'running')", Integer.class);
		return (pending != null) ? pending : 0;
	}

	private Status status(ResultSet rs, int row) throws SQLException {
		String summary = rs.getString("summary");
		try {
			return new Status(rs.getObject("id", UUID.class), rs.getString("reason"), rs.getString("state"),
					rs.getLong("done_users"), rs.getLong("total_users"), instant(rs, "started_at"),
					instant(rs, "finished_at"),
					(summary != null) ? this.json.readValue(summary, PersonaMembership.Summary.class) : null,
					rs.getString("error"));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable summary of persona recompute " + rs.getString("id"), ex);
		}
	}

	static String joinedReasons(String reasons, String reason) {
		return truncated(reasons.endsWith("…") ? reasons : reasons + "; " + reason);
	}

	static String truncated(String text) {
		return truncated(text, REASON_LENGTH);
	}

	static String truncated(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length - 1) + "…";
	}

	static OffsetDateTime timestamp(Instant at) {
		return (at != null) ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : null;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
