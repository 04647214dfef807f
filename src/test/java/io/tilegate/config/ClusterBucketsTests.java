package io.tilegate.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Buckets shared by nodes, each a {@link ClusterBuckets} on a connection pool of its own. */
abstract class ClusterBucketsTests {

	/** Time stands still: no bucket refills while a test runs, however slow the machine. */
	private final Clock stopped = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

	abstract ClusterDatabase database();

	@Test
	void twoNodesTakeFromOneBucket() {
		ClusterBuckets first = new ClusterBuckets(database().node(), this.stopped);
		ClusterBuckets second = new ClusterBuckets(database().node(), this.stopped);

		assertThat(take(first, "shared", 3)).isTrue();
		assertThat(take(second, "shared", 3)).isTrue();
		assertThat(take(first, "shared", 3)).isTrue();
		assertThat(take(second, "shared", 3)).isFalse();
		assertThat(take(first, "shared", 3)).isFalse();
		assertThat(take(second, "another", 3)).isTrue();
	}

	@Test
	void manyCallersOnTwoNodesAtOnceGetExactlyTheBucketsTokens() throws Exception {
		List<ClusterBuckets> nodes = List.of(new ClusterBuckets(database().node(), this.stopped),
				new ClusterBuckets(database().node(), this.stopped));
		int callers = 8;
		int callsEach = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Integer>> granted = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				ClusterBuckets node = nodes.get(i % 2);
				granted.add(threads.submit(() -> {
					start.await();
					int got = 0;
					for (int call = 0; call < callsEach; call++) {
						got += take(node, "contended", 50) ? 1 : 0;
					}
					return got;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> each : granted) {
				total += each.get(60, TimeUnit.SECONDS);
			}

			assertThat(total).isEqualTo(50);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void bucketsWhoseExpiryPassedAreRemovedAndTheOthersKept() {
		ClusterBuckets node = new ClusterBuckets(database().node(), this.stopped);
		take(node, "stopped-calling", 3);
		take(node, "still-calling", 3);
		// Bucket4j sets a full bucket to expire a minute later by the wall clock; no test waits
		// that long, so this one's minute is made to have passed.
		database().execute("update rate_limit_bucket set expires_at = 0 where id = 'stopped-calling'");

		assertThat(node.removeExpired()).isOne();

		assertThat(new JdbcTemplate(database().node()).queryForList("select id from rate_limit_bucket", String.class))
			.containsExactly("still-calling");
	}

	@Test
	void aNodeWithoutADatabaseCannotTellAndSaysSo() {
		HikariDataSource pool = database().node();
		ClusterBuckets node = new ClusterBuckets(pool, this.stopped);
		pool.close();

		assertThatExceptionOfType(SharedLimitUnreachableException.class).isThrownBy(() -> take(node, "any", 3))
			.withMessageContaining("could not be read or written in the database");
	}

	@Test
	void aMissingTableIsUnreachableToo() {
		ClusterBuckets node = new ClusterBuckets(database().node(), this.stopped);
		database().execute("alter table rate_limit_bucket rename to rate_limit_bucket_away");

		assertThatExceptionOfType(SharedLimitUnreachableException.class).isThrownBy(() -> take(node, "any", 3));
	}

	static boolean take(ClusterBuckets node, String key, int capacity) {
		return node.apply(key,
				() -> BucketConfiguration.builder()
					.addLimit((limit) -> limit.capacity(capacity).refillGreedy(1, Duration.ofHours(1)))
					.build(),
				(bucket) -> bucket.tryConsume(1));
	}

}
