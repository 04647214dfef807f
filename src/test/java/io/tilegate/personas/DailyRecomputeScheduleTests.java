package io.tilegate.personas;

import io.tilegate.config.TilegateProperties;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;

/** When the daily pass is scheduled; what it does is tested over the API (PersonaApiTests). */
class DailyRecomputeScheduleTests {

	@Test
	void theConfiguredCronSchedulesThePass() {
		assertThat(scheduled("0 47 3 * * *").getTriggerTaskList()).hasSize(1);
	}

	@Test
	void aDashTurnsThePassOffAsTheReadmeSays() {
		assertThat(scheduled("-").getTriggerTaskList()).isEmpty();
	}

	private static ScheduledTaskRegistrar scheduled(String cron) {
		TilegateProperties properties = new TilegateProperties(null, null, null, null, null, null, null, null,
				new TilegateProperties.Personas(cron, 0, 0), null);
		ScheduledTaskRegistrar tasks = new ScheduledTaskRegistrar();
		new DailyRecompute(null, null, properties).configureTasks(tasks);
		return tasks;
	}

}
