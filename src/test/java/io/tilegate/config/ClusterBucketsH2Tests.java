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
	void takingFromABucketLeavesH2sParsedStatementsCached() throws SQLException {
		HikariDataSource node = database().node();
		ClusterBuckets buckets = new ClusterBuckets(node, Clock.systemUTC());
		take(buckets, "warm", 100);
		long before = metadataVersion(node);

		for (int i = 0; i < 5; i++) {
			assertThat(take(buckets, "cached", 100)).isTrue();
		}

		assertThat(metadataVersion(node)).isEqualTo(before);
	}

	private static long metadataVersion(HikariDataSource node) throws SQLException {
		try (Connection connection = node.getConnection()) {
			SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
			return session.getDatabase().getModificationMetaId();
		}
	}

}
