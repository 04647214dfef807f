package io.tilegate.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterJobsPostgresTests extends ClusterJobsTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.postgres();

	@Override
	ClusterDatabase database() {
		return database;
	}

	/**
	 * Why job_lock's columns are TIMESTAMP without a time zone: with TIMESTAMP WITH TIME ZONE,
	 * the New York node would read the UTC node's lock as five hours older and run the job again.
	 */
	@Test
	void nodesInDifferentTimeZonesAgreeWhenALockEnds() {
		ClusterJobs utc = new ClusterJobs(database.node("UTC"));
		ClusterJobs newYork = new ClusterJobs(database.node("America/New_York"));
		ClusterJobs kiritimati = new ClusterJobs(database.node("Pacific/Kiritimati"));
		AtomicInteger runs = new AtomicInteger();

		assertThat(utc.runOnce("daily", Duration.ofMinutes(10), Duration.ofMinutes(5), runs::incrementAndGet)).isTrue();
		assertThat(newYork.runOnce("daily", Duration.ofMinutes(10), Duration.ofMinutes(5), runs::incrementAndGet))
			.isFalse();
		assertThat(kiritimati.runOnce("daily", Duration.ofMinutes(10), Duration.ofMinutes(5), runs::incrementAndGet))
			.isFalse();
		assertThat(runs).hasValue(1);
	}

}
