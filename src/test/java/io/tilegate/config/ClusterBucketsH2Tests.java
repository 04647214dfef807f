package io.tilegate.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import com.zaxxer.hikari.HikariDataSource;
import io.tilegate.system.ClusterDatabase;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterBucketsH2Tests extends ClusterBucketsTests {

	@RegisterExtension
	static final ClusterDatabase database = ClusterDatabase.h2();

	@Override
	ClusterDatabase database() {
		return database;
	}

	/**
	 * Every rate-limited call goes through a bucket. Any {@code SET} H2 runs (a query timeout is
	 * one) empties every session's cache of parsed statements, and the whole application would
	 * parse its SQL afresh on each call.
	 */
	@Test
	void takingFromABucketLeavesH2sParsedStatementsCached() throws SQLException, InterruptedException {
		HikariDataSource node = database().node();
		ClusterBuckets buckets = new ClusterBuckets(node, Clock.systemUTC());
		take(buckets, "warm", 100);
		awaitFullPool(node);
		long before = metadataVersion(node);

		for (int i = 0; i < 5; i++) {
			assertThat(take(buckets, "cached", 100)).isTrue();
		}

		assertThat(metadataVersion(node)).isEqualTo(before);
	}

	/**
	 * Each connection H2 opens moves the version by two, and Hikari opens the pool's others in
	 * the background after the first: counted during the takes, they failed this test once.
	 */
	private static void awaitFullPool(HikariDataSource node) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (node.getHikariPoolMXBean().getTotalConnections() < node.getMaximumPoolSize()) {
			assertThat(System.nanoTime()).as("pool filled within 10 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static long metadataVersion(HikariDataSource node) throws SQLException {
		try (Connection connection = node.getConnection()) {
			SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
			return session.getDatabase().getModificationMetaId();
		}
	}

}
