package io.tilegate.scim;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.tilegate.config.ClusterBuckets;
import io.tilegate.config.SharedLimitUnreachableException;
import io.tilegate.system.ClusterDatabase;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The per-token throttle of two nodes, each with a connection pool of its own onto one database. */
abstract class ScimThrottleClusterTests {

	private final MovableClock clock = new MovableClock();

	private final UUID token = UUID.randomUUID();

	abstract ClusterDatabase database();

	@Test
	void aTokensCallsSpreadOverTwoNodesShareOneBurst() {
		ScimThrottle first = node(2, 3);
		ScimThrottle second = node(2, 3);

		assertThat(first.take(this.token)).isZero();
		assertThat(second.take(this.token)).isZero();
		assertThat(first.take(this.token)).isZero();
		assertThat(second.take(this.token)).isEqualTo(1);
		assertThat(first.take(this.token)).isEqualTo(1);

		this.clock.advance(Duration.ofMillis(500));
		assertThat(second.take(this.token)).isZero();
		assertThat(first.take(this.token)).isEqualTo(1);
	}

	@Test
	void nodesStartedWithOtherLimitsKeepBucketsOfTheirOwn() {
		ScimThrottle strict = node(1, 1);
		ScimThrottle lenient = node(2, 3);

		assertThat(strict.take(this.token)).isZero();
		assertThat(strict.take(this.token)).isEqualTo(1);
		assertThat(lenient.take(this.token)).isZero();
	}

	@Test
	void aNodeThatCannotReadTheBucketCannotLetTheCallThrough() {
		HikariDataSource pool = database().node();
		ScimThrottle cut = new ScimThrottle(2, 3, new ClusterBuckets(pool, Clock.systemUTC()));
		pool.close();

		assertThatExceptionOfType(SharedLimitUnreachableException.class).isThrownBy(() -> cut.take(this.token));
	}

	private ScimThrottle node(int perSecond, int burst) {
		return new ScimThrottle(perSecond, burst, new ClusterBuckets(database().node(), this.clock));
	}

}
