package io.tilegate.alerts;

import java.time.Duration;

import io.tilegate.config.AlertProperties;
import io.tilegate.config.ClusterJobs;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every node schedules the alert check, one runs it at a time. The lock spares the work and
 * keeps the event log to one evaluation per interval; the alert table's conditional updates,
 * not the lock, make each raise, clear and mail happen once.
 */
@Component
public class AlertCheck implements SchedulingConfigurer {

	/** The check's lock in {@code job_lock}. */
	public static final String JOB = "alert-check";

	/** Longer than the check with an SMTP server that takes its time to answer every mail. */
	static final Duration LOCK_AT_MOST = Duration.ofMinutes(10);

	private final Alerts alerts;

	private final AlertMail mail;

	private final ClusterJobs jobs;

	private final Duration interval;

	AlertCheck(Alerts alerts, AlertMail mail, ClusterJobs jobs, AlertProperties properties) {
		this.alerts = alerts;
		this.mail = mail;
		this.jobs = jobs;
		this.interval = properties.interval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		if (this.interval.compareTo(Duration.ZERO) > 0) {
			// Not at start: a node that starts learns nothing new in its first minute.
			tasks.addFixedDelayTask(new FixedDelayTask(this::checkOncePerCluster, this.interval, this.interval));
		}
	}

	/**
	 * {@link #check()}, unless another node holds {@link #JOB}: it checks, or did within the
	 * last nine tenths of the interval.
	 * @return {@code true} when this node checked
	 */
	public boolean checkOncePerCluster() {
		Duration atLeast = this.interval.multipliedBy(9).dividedBy(10);
		return this.jobs.runOnce(JOB, LOCK_AT_MOST, atLeast.compareTo(LOCK_AT_MOST) < 0 ? atLeast : Duration.ZERO,
				this::check);
	}

	/** Evaluates every condition, then mails what was raised and is due. */
	public void check() {
		this.alerts.evaluate();
		this.mail.sendDue();
	}

}
