package io.tilegate.personas;

import java.time.Duration;
import java.util.TimeZone;
import java.util.concurrent.TimeoutException;

import io.tilegate.config.ClusterJobs;
import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Date rules change their answer without anyone signing in: a new hire leaves the 90-day cohort
 * on day 91 because this pass runs, not because they logged in. Every node schedules it, one
 * runs it: the pass recomputes the whole directory, and once is enough.
 */
@Component
public class DailyRecompute implements SchedulingConfigurer {

	/** The pass's lock in {@code job_lock}: one node recomputes, the others skip. */
	public static final String JOB = "personas-daily-recompute";

	/**
	 * How long the lock is held while a pass runs, and so how long the pass is waited for; a
	 * node that dies during the pass holds it no longer.
	 */
	static final Duration LOCK_AT_MOST = Duration.ofHours(6);

	/** Nodes whose clocks or busy schedulers fire a few minutes apart still run one pass. */
	static final Duration LOCK_AT_LEAST = Duration.ofMinutes(10);

	static final String REASON = "daily re-evaluation of date rules";

	private static final Logger logger = LoggerFactory.getLogger(DailyRecompute.class);

	private final PersonaRecomputes recomputes;

	private final ClusterJobs jobs;

	private final String cron;

	DailyRecompute(PersonaRecomputes recomputes, ClusterJobs jobs, TilegateProperties properties) {
		this.recomputes = recomputes;
		this.jobs = jobs;
		this.cron = properties.personas().dailyRecompute();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		if (!ScheduledTaskRegistrar.CRON_DISABLED.equals(this.cron)) {
			tasks.addTriggerTask(this::recomputeOncePerCluster, new CronTrigger(this.cron, TimeZone.getTimeZone("UTC")));
		}
	}

	/**
	 * The daily pass, unless another node holds {@link #JOB}: it runs the pass, or ran it
	 * within the last ten minutes. Returns when the pass is over, so the lock covers all of it.
	 * @return {@code true} when this node ran the pass
	 */
	public boolean recomputeOncePerCluster() {
		return this.jobs.runOnce(JOB, LOCK_AT_MOST, LOCK_AT_LEAST, () -> {
			this.recomputes.start(REASON, "system");
			try {
				this.recomputes.awaitIdle(LOCK_AT_MOST);
			}
			catch (TimeoutException ex) {
				logger.warn("The {} still runs after {}; its lock ends now, and another node may start the next "
						+ "pass while this one finishes", REASON, LOCK_AT_MOST);
			}
		});
	}

}
