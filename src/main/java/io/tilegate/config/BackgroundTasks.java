package io.tilegate.config;

import java.util.Optional;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The queue of background tasks every node serves (db-scheduler, table {@code scheduled_tasks}
 * of V11): a feature declares a task bean and schedules instances of it in its own
 * transaction; any node's poller runs them. The starter joins the caller's Spring transaction
 * (it wraps the data source in a {@code TransactionAwareDataSourceProxy}), so scheduling is
 * part of the change that asked for it.
 */
@Configuration(proxyBeanMethods = false)
class BackgroundTasks {

	@Bean
	DbSchedulerCustomizer backgroundTaskSettings(ClusterJobs jobs) {
		return new DbSchedulerCustomizer() {

			// The same name a node signs its job locks with: a picked task says which node has it.
			@Override
			public Optional<SchedulerName> schedulerName() {
				return Optional.of(new SchedulerName.Fixed(jobs.node()));
			}

			// JSON rather than the starter's Java serialization: a row read back is plain data that
			// no class on the classpath gets to interpret, and an admin can read it.
			@Override
			public Optional<Serializer> serializer() {
				return Optional.of(new JacksonSerializer());
			}

		};
	}

}
