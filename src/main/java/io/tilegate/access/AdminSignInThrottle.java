package io.tilegate.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} refused sign-ins within a
 * minute from one address, or for one user name, further attempts are refused until that
 * minute is over, even with the right password. In memory, per node: it only needs to make
 * guessing slow, not impossible to retry. The admin API and the console's sign-in form share
 * one, so guessing through both counts once.
 */
@Component
public final class AdminSignInThrottle {

	public static final int MAX_FAILURES = 10;

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** Bounds the memory an attacker can make us use by guessing with ever new user names. */
	private static final int MAX_TRACKED = 10_000;

	private final Clock clock;

	private final Map<String, Window> failures = new ConcurrentHashMap<>();

	public AdminSignInThrottle(Clock clock) {
		this.clock = clock;
	}

	/** How long the caller must wait before trying again, or {@link Duration#ZERO}. */
	public Duration waitBefore(String address, String userName) {
		Instant now = this.clock.instant();
		Duration wait = waitBefore(addressKey(address), now);
		if (userName != null) {
			Duration forUser = waitBefore(userKey(userName), now);
			wait = (forUser.compareTo(wait) > 0) ? forUser : wait;
		}
		return wait;
	}

	/**
	 * Counts a refused sign-in.
	 * @return {@code true} when this one reached the limit, so the caller can say so once
	 */
	public boolean failed(String address, String userName) {
		Instant now = this.clock.instant();
		if (this.failures.size() > MAX_TRACKED) {
			this.failures.values().removeIf((window) -> window.isOverAt(now));
		}
		boolean reached = count(addressKey(address), now);
		if (userName != null) {
			reached |= count(userKey(userName), now);
		}
		return reached;
	}

	private Duration waitBefore(String key, Instant now) {
		Window window = this.failures.get(key);
		if (window == null || window.isOverAt(now) || window.count() < MAX_FAILURES) {
			return Duration.ZERO;
		}
		return Duration.between(now, window.end());
	}

	private boolean count(String key, Instant now) {
		Window counted = this.failures.compute(key,
				(k, window) -> (window == null || window.isOverAt(now)) ? new Window(now.plus(WINDOW), 1)
						: new Window(window.end(), window.count() + 1));
		return counted.count() == MAX_FAILURES;
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	private static String userKey(String userName) {
		return "user:" + userName.toLowerCase(Locale.ROOT);
	}

	private record Window(Instant end, int count) {

		boolean isOverAt(Instant now) {
			return !now.isBefore(this.end);
		}

	}

}
