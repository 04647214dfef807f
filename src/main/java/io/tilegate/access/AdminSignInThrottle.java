package io.tilegate.access;

import java.time.Duration;
import java.util.Locale;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.tilegate.config.ClusterBuckets;
import io.tilegate.config.SharedLimitUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} refused sign-ins within a
 * minute from one address, or for one user name, further attempts are refused until that
 * minute is over, even with the right password. Counted for the whole cluster
 * ({@link ClusterBuckets}), so guesses spread over the nodes lock all of them. The admin API
 * and the console's sign-in form share it, so guessing through both counts once.
 *
 * <p>The minute starts at the first refusal: a bucket of {@value #MAX_FAILURES} that refills
 * all at once when the minute is over.
 */
@Component
public final class AdminSignInThrottle {

	public static final int MAX_FAILURES = 10;

	static final Duration WINDOW = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(AdminSignInThrottle.class);

	private static final String KEY = "admin-sign-in:" + MAX_FAILURES + "/" + WINDOW + ":";

	private static final BucketConfiguration FAILURES_PER_WINDOW = BucketConfiguration.builder()
		.addLimit((limit) -> limit.capacity(MAX_FAILURES).refillIntervally(MAX_FAILURES, WINDOW))
		.build();

	private final ClusterBuckets buckets;

	public AdminSignInThrottle(ClusterBuckets buckets) {
		this.buckets = buckets;
	}

	/**
	 * How long the caller must wait before trying again, or {@link Duration#ZERO}.
	 * @throws SharedLimitUnreachableException when the refusals counted so far could not be
	 * read; refuse the sign-in, since nobody can tell whether it is a guess too many
	 */
	public Duration waitBefore(String address, String userName) {
		try {
			Duration wait = waitBefore(addressKey(address));
			if (userName != null) {
				Duration forUser = waitBefore(userKey(userName));
				wait = (forUser.compareTo(wait) > 0) ? forUser : wait;
			}
			return wait;
		}
		catch (SharedLimitUnreachableException ex) {
			logger.error("Admin sign-in from {} refused without checking the password: the count of refused sign-ins "
					+ "that all nodes share could not be read. Sign-ins stay refused until the database answers. {}",
					address, ex.getMessage());
			throw ex;
		}
	}

	/**
	 * Counts a refused sign-in.
	 * @return {@code true} when this one reached the limit, so the caller can say so once
	 */
	public boolean failed(String address, String userName) {
		try {
			boolean reached = count(addressKey(address));
			if (userName != null) {
				reached |= count(userKey(userName));
			}
			return reached;
		}
		catch (SharedLimitUnreachableException ex) {
			// The sign-in is refused anyway, and the next one stays refused while the count is
			// out of reach: waitBefore fails the same way.
			logger.error("A refused admin sign-in from {} could not be counted towards the lock-out that all nodes "
					+ "share. {}", address, ex.getMessage());
			return false;
		}
	}

	private Duration waitBefore(String key) {
		EstimationProbe probe = this.buckets.apply(key, () -> FAILURES_PER_WINDOW,
				(bucket) -> bucket.estimateAbilityToConsume(1));
		return probe.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private boolean count(String key) {
		ConsumptionProbe probe = this.buckets.apply(key, () -> FAILURES_PER_WINDOW,
				(bucket) -> bucket.tryConsumeAndReturnRemaining(1));
		return probe.isConsumed() && probe.getRemainingTokens() == 0;
	}

	private static String addressKey(String address) {
		return KEY + "address:" + address;
	}

	/** Hashed: a user name field sometimes holds a pasted password, which must not sit in a table. */
	private static String userKey(String userName) {
		return KEY + "user:" + BearerSecrets.hash(userName.toLowerCase(Locale.ROOT));
	}

}
