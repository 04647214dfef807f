package io.tilegate.photos;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failed try waits and runs again, each wait twice the one before ({@code retry-backoff},
 * then 2×, 4×…), until {@code fetch-tries} tries have failed: then the problem is shown on the
 * user's page and recorded as an event, and the fetch leaves the queue.
 */
class PhotoFetchRetries implements FailureHandler<PhotoFetch> {

	private static final Logger logger = LoggerFactory.getLogger(PhotoFetchRetries.class);

	private final IdpPhotos photos;

	private final TilegateProperties.Images settings;

	PhotoFetchRetries(IdpPhotos photos, TilegateProperties.Images settings) {
		this.photos = photos;
		this.settings = settings;
	}

	@Override
	public void onFailure(ExecutionComplete complete, ExecutionOperations<PhotoFetch> operations) {
		PhotoFetch job = (PhotoFetch) complete.getExecution().taskInstance.getData();
		int tries = complete.getExecution().consecutiveFailures + 1;
		String reason = complete.getCause().map(PhotoFetchRetries::reason).orElse("it failed for no reason given");
		if (tries >= this.settings.fetchTries()) {
			logger.warn("Gave up fetching the profile photo of user {} after {} tries: {}", job.userId(), tries, reason);
			this.photos.giveUp(job, "Tilegate tried " + tries + " times over "
					+ minutes(backoff(tries).minus(this.settings.retryBackoff())) + " and gave up; the last try: "
					+ reason + " It tries again when the IdP sends another photo URL; until then an admin may "
					+ "upload the image.");
			operations.stop();
			return;
		}
		Duration wait = backoff(tries);
		logger.info("Fetching the profile photo of user {} failed (try {} of {}); trying again in {}: {}", job.userId(),
				tries, this.settings.fetchTries(), wait, reason);
		operations.reschedule(complete, complete.getTimeDone().plus(wait));
	}

	/** The wait after the given number of failed tries: the backoff, doubled for each earlier failure. */
	Duration backoff(int failedTries) {
		return this.settings.retryBackoff().multipliedBy(1L << (failedTries - 1));
	}

	private static String reason(Throwable cause) {
		if (cause instanceof PhotoFetchFailure) {
			return cause.getMessage();
		}
		return "Tilegate could not store the image (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
				+ ").";
	}

	private static String minutes(Duration duration) {
		long minutes = duration.toMinutes();
		return (minutes >= 2) ? "about " + minutes + " minutes" : "about " + Math.max(1, duration.toSeconds()) + " seconds";
	}

}
