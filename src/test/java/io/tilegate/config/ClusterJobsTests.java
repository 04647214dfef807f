package io.tilegate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.tilegate.system.ClusterDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/** Job locks between nodes, each a {@link ClusterJobs} on a connection pool of its own. */
abstract class ClusterJobsTests {

	private static final Duration AT_MOST = Duration.ofMinutes(10);

	private static final Duration AT_LEAST = Duration.ofMinutes(5);

	abstract ClusterDatabase database();

	@Test
	void aJobLockedByOneNodeIsSkippedByTheOther() throws Exception {
		ClusterJobs first = new ClusterJobs(database().node());
		ClusterJobs second = new ClusterJobs(database().node());
		AtomicInteger runs = new AtomicInteger();
		ExecutorService otherNode = Executors.newSingleThreadExecutor();
		try {
			List<Boolean> secondRan = new ArrayList<>();

			// The other node's attempt on a thread of its own: ShedLock lets a thread that holds a
			// lock run the same job again inside it.
			boolean firstRan = first.runOnce("nightly", AT_MOST, Duration.ZERO, () -> {
				runs.incrementAndGet();
				secondRan.add(await(otherNode
					.submit(() -> second.runOnce("nightly", AT_MOST, Duration.ZERO, runs::incrementAndGet))));
			});

			assertThat(firstRan).isTrue();
			assertThat(secondRan).containsExactly(false);
			assertThat(runs).hasValue(1);
			assertThat(new JdbcTemplate(database().node())
				.queryForObject("select locked_by from job_lock where name = 'nightly'", String.class))
				.isEqualTo(first.node());
		}
		finally {
			otherNode.shutdownNow();
		}
	}

	private static <T> T await(Future<T> future) {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void theDailyJobStartedOnBothNodesAtOnceRunsOnce() throws Exception {
		List<ClusterJobs> nodes = List.of(new ClusterJobs(database().node()), new ClusterJobs(database().node()));
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
		try {
			List<Future<Boolean>> ran = new ArrayList<>();
			for (ClusterJobs node : nodes) {
				Callable<Boolean> fire = () -> {
					start.await();
					return node.runOnce("daily", AT_MOST, AT_LEAST, runs::incrementAndGet);
				};
				ran.add(threads.submit(fire));
			}
			start.countDown();

			List<Boolean> outcomes = new ArrayList<>();
			for (Future<Boolean> outcome : ran) {
				outcomes.add(outcome.get(30, TimeUnit.SECONDS));
			}
			assertThat(outcomes).containsExactlyInAnyOrder(true, false);
			assertThat(runs).hasValue(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aFinishedJobStaysLockedForItsLeastTimeSoALateNodeSkipsIt() {
		ClusterJobs early = new ClusterJobs(database().node());
		ClusterJobs late = new ClusterJobs(database().node());
		AtomicInteger runs = new AtomicInteger();

		assertThat(early.runOnce("daily", AT_MOST, AT_LEAST, runs::incrementAndGet)).isTrue();
		assertThat(late.runOnce("daily", AT_MOST, AT_LEAST, runs::incrementAndGet)).isFalse();
		assertThat(early.runOnce("daily", AT_MOST, AT_LEAST, runs::incrementAndGet)).isFalse();
		assertThat(runs).hasValue(1);
	}

	@Test
	void aJobWhoseLockIsOverRunsAgainOnAnyNode() {
		ClusterJobs first = new ClusterJobs(database().node());
		ClusterJobs second = new ClusterJobs(database().node());
		AtomicInteger runs = new AtomicInteger();

		assertThat(first.runOnce("frequent", AT_MOST, Duration.ZERO, runs::incrementAndGet)).isTrue();
		assertThat(second.runOnce("frequent", AT_MOST, Duration.ZERO, runs::incrementAndGet)).isTrue();
		assertThat(runs).hasValue(2);
	}

	@Test
	void aLockExpiresAfterItsMostTimeWhenItsNodeDied() {
		ClusterJobs second = new ClusterJobs(database().node());
		// ShedLock's own reading of the database clock (its usingDbTime statements).
		String now = database().isPostgres() ? "timezone('utc', CURRENT_TIMESTAMP)" : "LOCALTIMESTAMP";
		// What a node that died in the middle of the job leaves behind, its lock's end just passed.
		database().execute("insert into job_lock (name, lock_until, locked_at, locked_by) values ('orphaned', " + now
				+ " - INTERVAL '1' SECOND, " + now + " - INTERVAL '1' HOUR, 'dead-node')");
		database().execute("insert into job_lock (name, lock_until, locked_at, locked_by) values ('held', " + now
				+ " + INTERVAL '1' HOUR, " + now + ", 'live-node')");

		assertThat(second.runOnce("orphaned", AT_MOST, Duration.ZERO, () -> {
		})).isTrue();
		assertThat(second.runOnce("held", AT_MOST, Duration.ZERO, () -> {
		})).isFalse();
	}

	@Test
	void differentJobsDoNotWaitForEachOther() {
		ClusterJobs first = new ClusterJobs(database().node());
		ClusterJobs second = new ClusterJobs(database().node());
		List<Boolean> otherRan = new ArrayList<>();

		first.runOnce("event-retention", AT_MOST, AT_LEAST,
				() -> otherRan.add(second.runOnce("personas", AT_MOST, AT_LEAST, () -> {
				})));

		assertThat(otherRan).containsExactly(true);
	}

	@Test
	void whenTheLockCannotBeTakenTheJobDoesNotRun() {
		HikariDataSource pool = database().node();
		ClusterJobs node = new ClusterJobs(pool);
		AtomicInteger runs = new AtomicInteger();
		pool.close();

		assertThatRuntimeException().isThrownBy(() -> node.runOnce("daily", AT_MOST, AT_LEAST, runs::incrementAndGet));
		assertThat(runs).hasValue(0);
	}

}
