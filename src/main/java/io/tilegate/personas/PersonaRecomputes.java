package io.tilegate.personas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Directory-wide recomputes in the background, one at a time, with their progress. A change
 * that arrives while one runs queues exactly one more, which sees every rule saved until it
 * starts: a burst of rule edits costs two passes, not one per edit.
 */
@Service
public class PersonaRecomputes {

	static final String RECOMPUTE = "tilegate.personas.recompute";

	private static final Logger logger = LoggerFactory.getLogger(PersonaRecomputes.class);

	private final PersonaMembership membership;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final MeterRegistry registry;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "persona-recompute");
		thread.setDaemon(true);
		return thread;
	});

	private Job running;

	private Job queued;

	private Job last;

	PersonaRecomputes(PersonaMembership membership, EventLog events, JdbcTemplate jdbc, Clock clock,
			MeterRegistry registry) {
		this.membership = membership;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.registry = registry;
	}

	/**
	 * Where a recompute stands.
	 * @param state {@code queued}, {@code running}, {@code done} or {@code failed}
	 * @param done users recomputed so far, of {@code total} when it started
	 */
	public record Status(UUID id, String reason, String state, long done, long total, Instant startedAt,
			Instant finishedAt, PersonaMembership.Summary summary, String error) {
	}

	/** Starts (or joins the queued) directory-wide recompute. */
	public synchronized Status start(String reason, String actor) {
		if (this.queued != null) {
			this.queued.reason = this.queued.reason + "; " + reason;
			return this.queued.status();
		}
		Job job = new Job(reason, actor);
		this.queued = job;
		job.future = CompletableFuture.runAsync(() -> run(job), this.worker);
		return job.status();
	}

	/** The running or queued recompute, else the last one; {@code null} if none ran yet. */
	public synchronized Status status() {
		Job job = (this.running != null) ? this.running : (this.queued != null) ? this.queued : this.last;
		return (job != null) ? job.status() : null;
	}

	/** Waits until no recompute is running or queued; for tests and shutdown. */
	public void awaitIdle(Duration timeout) throws TimeoutException {
		CompletableFuture<?> pending;
		synchronized (this) {
			pending = (this.queued != null) ? this.queued.future : (this.running != null) ? this.running.future : null;
		}
		if (pending == null) {
			return;
		}
		try {
			pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			// Failures are in the job's status and the log.
		}
	}

	private void run(Job job) {
		synchronized (this) {
			this.queued = null;
			this.running = job;
			job.state = "running";
			job.startedAt = Instant.now(this.clock);
		}
		Timer.Sample sample = Timer.start(this.registry);
		try {
			Long total = this.jdbc.queryForObject("select count(*) from app_user where tenant_id = ?", Long.class,
					PersonaMembership.TENANT);
			job.total = (total != null) ? total : 0;
			PersonaMembership.Summary summary = this.membership.recomputeAll(job.reason, job.done::set);
			job.summary = summary;
			job.state = "done";
			this.events
				.event(EventType.PERSONAS_RECOMPUTED, "Personas and spaces recomputed for " + summary.users()
						+ " users in " + summary.millis() + " ms: " + summary.personaJoins() + " persona joins, "
						+ summary.personaLeaves() + " leaves, " + summary.spaceJoins() + " space joins, "
						+ summary.spaceLeaves() + " leaves; after: " + job.reason)
				.actor(job.actor)
				.detailJson(summary)
				.recordAlone();
		}
		catch (RuntimeException ex) {
			job.state = "failed";
			job.error = ex.getMessage();
			logger.error("Persona recompute after '{}' failed after {} users; memberships of the users done so far "
					+ "are current, the rest keep their previous ones until the next recompute", job.reason,
					job.done.get(), ex);
		}
		finally {
			// What members changed is counted from the join and leave events (EventMeters).
			sample.stop(Timer.builder(RECOMPUTE)
				.description("How long a recompute of everyone's personas and spaces took")
				.tag("outcome", job.state)
				.register(this.registry));
			synchronized (this) {
				job.finishedAt = Instant.now(this.clock);
				this.running = null;
				this.last = job;
			}
		}
	}

	@PreDestroy
	void stop() {
		this.worker.shutdownNow();
	}

	private static final class Job {

		final UUID id = UUID.randomUUID();

		final String actor;

		volatile String reason;

		volatile String state = "queued";

		final AtomicLong done = new AtomicLong();

		volatile long total;

		volatile Instant startedAt;

		volatile Instant finishedAt;

		volatile PersonaMembership.Summary summary;

		volatile String error;

		CompletableFuture<Void> future;

		Job(String reason, String actor) {
			this.reason = reason;
			this.actor = actor;
		}

		Status status() {
			return new Status(this.id, this.reason, this.state, this.done.get(), this.total, this.startedAt,
					this.finishedAt, this.summary, this.error);
		}

	}

}
