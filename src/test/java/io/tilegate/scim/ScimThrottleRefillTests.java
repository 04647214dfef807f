package io.tilegate.scim;

import java.time.Duration;
import java.util.UUID;

import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The token bucket's arithmetic on a clock the test moves by hand. */
class ScimThrottleRefillTests {

	private final MovableClock clock = new MovableClock();

	private final ScimThrottle throttle = new ScimThrottle(2, 3, this.clock);

	private final UUID token = UUID.randomUUID();

	@Test
	void aFullBucketAllowsTheBurstThenAsksToWait() {
		assertThat(this.throttle.take(this.token)).isZero();
		assertThat(this.throttle.take(this.token)).isZero();
		assertThat(this.throttle.take(this.token)).isZero();
		assertThat(this.throttle.take(this.token)).isEqualTo(1);
	}

	@Test
	void itRefillsAtTheSustainedRate() {
		drain();
		this.clock.advance(Duration.ofMillis(499));
		assertThat(this.throttle.take(this.token)).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.throttle.take(this.token)).isZero();
		assertThat(this.throttle.take(this.token)).isEqualTo(1);
	}

	@Test
	void aLongPauseRefillsNoMoreThanTheBurst() {
		drain();
		this.clock.advance(Duration.ofHours(1));
		drain();
		assertThat(this.throttle.take(this.token)).isEqualTo(1);
	}

	@Test
	void retryAfterIsWholeSecondsAndAtLeastOne() {
		ScimThrottle slow = new ScimThrottle(1, 1, this.clock);
		assertThat(slow.take(this.token)).isZero();
		assertThat(slow.take(this.token)).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(999));
		assertThat(slow.take(this.token)).isEqualTo(1);
	}

	@Test
	void tokensHaveTheirOwnBuckets() {
		drain();
		assertThat(this.throttle.take(UUID.randomUUID())).isZero();
	}

	@Test
	void aRateBelowOneIsAConfigurationError() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ScimThrottle(0, 10, this.clock))
			.withMessageContaining("tilegate.scim.requests-per-second");
	}

	private void drain() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.take(this.token)).isZero();
		}
	}

}
