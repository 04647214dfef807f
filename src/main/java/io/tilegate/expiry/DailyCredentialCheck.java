package io.tilegate.expiry;

import java.time.Duration;
import java.util.TimeZone;

import io.tilegate.config.ClusterJobs;
import io.tilegate.config.ExpiryCheckProperties;
import io.tilegate.saml.SpCredentials;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Certificates and tokens expire on a Sunday whether anyone looks or not: every node schedules
 * this check, one runs it. Each threshold's event is once per credential even if two nodes ran
 * it, since the warning's row decides; the lock only spares the work.
 */
@Component
public class DailyCredentialCheck implements SchedulingConfigurer {

	/** The check's lock in {@code job_lock}. */
	public static final String JOB = "daily-credential-check";

	static final Duration LOCK_AT_MOST = Duration.ofMinutes(30);

	static final Duration LOCK_AT_LEAST = Duration.ofMinutes(10);

	private final ExpiryWarnings warnings;

	private final SpCredentials credentials;

	private final ClusterJobs jobs;

	private final String cron;

	DailyCredentialCheck(ExpiryWarnings warnings, SpCredentials credentials, ClusterJobs jobs,
			ExpiryCheckProperties properties) {
		this.warnings = warnings;
		this.credentials = credentials;
		this.jobs = jobs;
		this.cron = properties.dailyCheck();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		if (!ScheduledTaskRegistrar.CRON_DISABLED.equals(this.cron)) {
			tasks.addTriggerTask(this::checkOncePerCluster, new CronTrigger(this.cron, TimeZone.getTimeZone("UTC")));
		}
	}

	/**
	 * Retires the SP key pairs past their grace period and records the expiry thresholds crossed,
	 * unless another node holds {@link #JOB}.
	 * @return {@code true} when this node ran the check
	 */
	public boolean checkOncePerCluster() {
		return this.jobs.runOnce(JOB, LOCK_AT_MOST, LOCK_AT_LEAST, () -> {
			this.credentials.retireOutgrown();
			this.warnings.recordCrossedThresholds();
		});
	}

}
