package io.tilegate.personas;

import java.util.TimeZone;

import io.tilegate.config.TilegateProperties;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Date rules change their answer without anyone signing in: a new hire leaves the 90-day cohort
 * on day 91 because this pass runs, not because they logged in.
 */
@Component
class DailyRecompute implements SchedulingConfigurer {

	private final PersonaRecomputes recomputes;

	private final String cron;

	DailyRecompute(PersonaRecomputes recomputes, TilegateProperties properties) {
		this.recomputes = recomputes;
		this.cron = properties.personas().dailyRecompute();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addTriggerTask(this::run, new CronTrigger(this.cron, TimeZone.getTimeZone("UTC")));
	}

	void run() {
		this.recomputes.start("daily re-evaluation of date rules", "system");
	}

}
