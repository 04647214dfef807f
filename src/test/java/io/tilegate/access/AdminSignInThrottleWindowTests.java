package io.tilegate.access;

import java.time.Duration;

import io.tilegate.config.ClusterBuckets;
import io.tilegate.system.ClusterDatabase;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in throttle's window on a clock the test moves by hand, counted in an H2 database of its own. */
class AdminSignInThrottleWindowTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	private final MovableClock clock = new MovableClock();

	private AdminSignInThrottle throttle;

	@BeforeEach
	void throttle() {
		this.throttle = new AdminSignInThrottle(new ClusterBuckets(database.node(), this.clock));
	}

	@Test
	void theTenthFailureLocksUntilTheMinuteIsOver() {
		for (int i = 1; i < AdminSignInThrottle.MAX_FAILURES; i++) {
			assertThat(this.throttle.failed("10.0.0.1", "admin")).isFalse();
		}
		assertThat(this.throttle.waitBefore("10.0.0.1", "admin")).isZero();
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.throttle.failed("10.0.0.1", "admin")).isTrue();

		assertThat(this.throttle.waitBefore("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(40));
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(this.throttle.waitBefore("10.0.0.1", "admin")).isZero();
	}

	@Test
	void oneUserNameIsLockedFromEveryAddress() {
		for (int i = 1; i <= AdminSignInThrottle.MAX_FAILURES; i++) {
			this.throttle.failed("10.0.0." + i, "Admin");
		}

		assertThat(this.throttle.waitBefore("10.9.9.9", "admin")).isPositive();
		assertThat(this.throttle.waitBefore("10.9.9.9", "someone-else")).isZero();
		assertThat(this.throttle.waitBefore("10.9.9.9", null)).isZero();
	}

	@Test
	void oneAddressIsLockedForEveryUserName() {
		for (int i = 1; i <= AdminSignInThrottle.MAX_FAILURES; i++) {
			this.throttle.failed("10.0.0.1", "user" + i);
		}

		assertThat(this.throttle.waitBefore("10.0.0.1", "admin")).isPositive();
		assertThat(this.throttle.waitBefore("10.0.0.1", null)).isPositive();
		assertThat(this.throttle.waitBefore("10.0.0.2", "admin")).isZero();
	}

	@Test
	void failuresSpreadOverMoreThanAMinuteDoNotLock() {
		for (int i = 1; i <= 3 * AdminSignInThrottle.MAX_FAILURES; i++) {
			this.throttle.failed("10.0.0.1", "admin");
			this.clock.advance(Duration.ofSeconds(7));
		}

		assertThat(this.throttle.waitBefore("10.0.0.1", "admin")).isZero();
	}

}
