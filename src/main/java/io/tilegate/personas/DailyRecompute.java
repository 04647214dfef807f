package io.tilegate.personas;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Date rules change their answer without anyone signing in: a new hire leaves the 90-day cohort
 * on day 91 because this pass runs, not because they logged in.
 */
@Component
class DailyRecompute {

	private final PersonaRecomputes recomputes;

	DailyRecompute(PersonaRecomputes recomputes) {
		this.recomputes = recomputes;
	}

	@Scheduled(cron = "${tilegate.personas.daily-recompute:0 47 3 * * *}", zone = "UTC")
	void run() {
		this.recomputes.start("daily re-evaluation of date rules", "system");
	}

}
