package io.tilegate.access;

import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.tilegate.config.ClusterBuckets;
import io.tilegate.config.SharedLimitUnreachableException;
import io.tilegate.system.ClusterDatabase;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The sign-in throttle of two nodes, each with a connection pool of its own onto one database. */
@ExtendWith(OutputCaptureExtension.class)
abstract class AdminSignInThrottleClusterTests {

	private final MovableClock clock = new MovableClock();

	abstract ClusterDatabase database();

	@Test
	void refusalsSpreadOverTwoNodesLockBoth() {
		AdminSignInThrottle first = node(this.clock);
		AdminSignInThrottle second = node(this.clock);
		int reached = 0;

		for (int i = 1; i <= AdminSignInThrottle.MAX_FAILURES; i++) {
			AdminSignInThrottle node = (i % 2 == 0) ? first : second;
			assertThat(node.waitBefore("10.0.0." + i, "admin")).as("attempt %d", i).isZero();
			reached += node.failed("10.0.0." + i, "admin") ? 1 : 0;
		}

		assertThat(reached).as("the refusal that reached the limit, said once").isOne();
		assertThat(first.waitBefore("10.9.9.9", "admin")).isEqualTo(Duration.ofMinutes(1));
		assertThat(second.waitBefore("10.9.9.9", "ADMIN")).isEqualTo(Duration.ofMinutes(1));
		assertThat(second.waitBefore("10.9.9.9", "someone-else")).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(first.waitBefore("10.9.9.9", "admin")).isZero();
		assertThat(second.waitBefore("10.9.9.9", "admin")).isZero();
	}

	@Test
	void oneAddressGuessingThroughBothNodesIsLockedOnBoth() {
		AdminSignInThrottle first = node(this.clock);
		AdminSignInThrottle second = node(this.clock);

		for (int i = 1; i <= AdminSignInThrottle.MAX_FAILURES; i++) {
			((i % 2 == 0) ? first : second).failed("10.0.0.1", "user" + i);
		}

		assertThat(first.waitBefore("10.0.0.1", null)).isPositive();
		assertThat(second.waitBefore("10.0.0.1", "admin")).isPositive();
		assertThat(second.waitBefore("10.0.0.2", "admin")).isZero();
	}

	@Test
	void aNodeThatCannotReadTheCountRefusesAndSaysWhy(CapturedOutput output) {
		HikariDataSource pool = database().node();
		AdminSignInThrottle cut = new AdminSignInThrottle(new ClusterBuckets(pool, Clock.systemUTC()));
		pool.close();

		assertThatExceptionOfType(SharedLimitUnreachableException.class)
			.isThrownBy(() -> cut.waitBefore("10.0.0.1", "admin"));
		assertThat(output).contains("ERROR").contains("Admin sign-in from 10.0.0.1 refused without checking the "
				+ "password: the count of refused sign-ins that all nodes share could not be read");

		assertThat(cut.failed("10.0.0.1", "admin")).isFalse();
		assertThat(output).contains("A refused admin sign-in from 10.0.0.1 could not be counted");
	}

	@Test
	void aUserNameIsKeptOnlyAsAHash() {
		node(this.clock).failed("10.0.0.1", "tgadmin_pasted-by-mistake");

		assertThat(new JdbcTemplate(database().node()).queryForList("select id from rate_limit_bucket", String.class))
			.hasSize(2)
			.noneMatch((id) -> id.contains("pasted-by-mistake"));
	}

	private AdminSignInThrottle node(Clock clock) {
		return new AdminSignInThrottle(new ClusterBuckets(database().node(), clock));
	}

}
