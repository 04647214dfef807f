package io.tilegate.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * What PostgreSQL's autovacuum gives every table about a minute after its first rows: the
 * planner's statistics. A benchmark fills a new database faster than that, and until the first
 * analyze the planner guesses. Measured (docs/benchmarks.md): each SCIM create's look for the
 * users waiting for it as their manager then read the whole user table, and a create cost about
 * 7 ms of server CPU instead of 2. A node that has run for a minute has them; so does a
 * benchmark once it calls this after its warm-up. H2 is left alone: it has no such pause.
 */
final class PlannerStatistics {

	private PlannerStatistics() {
	}

	static void gather(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				statement.execute("analyze");
			}
		}
	}

}
