package io.tilegate.scim;

import java.time.Duration;
import java.util.UUID;

import io.tilegate.config.ClusterBuckets;
import io.tilegate.system.ClusterDatabase;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The token bucket's arithmetic on a clock the test moves by hand, kept in an H2 database of its own. */
class ScimThrottleRefillTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	private final MovableClock clock = new MovableClock();

	private ClusterBuckets buckets;

	private ScimThrottle throttle;

	@BeforeEach
	void throttle() {
		this.buckets = new ClusterBuckets(database.node(), this.clock);
		this.throttle = new ScimThrottle(2, 3, this.buckets);
	}

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
		ScimThrottle slow = new ScimThrottle(1, 1, this.buckets);
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
		assertThatIllegalArgumentException().isThrownBy(() -> new ScimThrottle(0, 10, this.buckets))
			.withMessageContaining("tilegate.scim.requests-per-second");
	}

	private void drain() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.take(this.token)).isZero();
		}
	}

}
