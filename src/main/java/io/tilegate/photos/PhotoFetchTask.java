package io.tilegate.photos;

import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tilegate.config.TilegateProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The queued fetch as a db-scheduler task: what a node runs when it picks one. Each change of
 * a photo URL queues its own instance ({@code userId/random}), never merged with one queued
 * before: a fetch already running for an older URL must not swallow the newer one.
 */
@Configuration(proxyBeanMethods = false)
class PhotoFetchTask {

	static final TaskDescriptor<PhotoFetch> TASK = TaskDescriptor.of("profile-photo-fetch", PhotoFetch.class);

	static SchedulableInstance<PhotoFetch> instance(PhotoFetch fetch) {
		return TASK.instance(fetch.userId() + "/" + UUID.randomUUID()).data(fetch).scheduledTo(Instant.now());
	}

	@Bean
	OneTimeTask<PhotoFetch> profilePhotoFetch(IdpPhotos photos, TilegateProperties properties) {
		return Tasks.oneTime(TASK)
			.onFailure(new PhotoFetchRetries(photos, properties.images()))
			.execute((instance, context) -> photos.bringIn(instance.getData())
				.ifPresent((next) -> context.getSchedulerClient().schedule(instance(next))));
	}

}
