package io.tilegate.config;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts many rows into one table in one JDBC batch of statements of
 * {@value #ROWS_PER_STATEMENT} rows each: a statement of many rows is executed once, where a
 * batch of one-row statements is executed row by row (PostgreSQL plans, starts and ends each;
 * H2 takes its locks and runs its checks for each). The rows keep their order.
 */
public final class MultiRowInsert {

	public static final int ROWS_PER_STATEMENT = 100;

	private MultiRowInsert() {
	}

	/** Sets one row's parameters, the first of them at {@code before + 1}. */
	@FunctionalInterface
	public interface RowSetter<T> {

		void set(PreparedStatement statement, int before, T row) throws SQLException;

	}

	/**
	 * Writes the rows in the caller's transaction.
	 * @param insertInto the statement up to its values, e.g. {@code insert into t (a, b) values }
	 * @param columns how many parameters each row has
	 */
	public static <T> void insert(JdbcTemplate jdbc, String insertInto, int columns, List<T> rows,
			RowSetter<T> setter) {
		String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
		int whole = rows.size() - rows.size() % ROWS_PER_STATEMENT;
		if (whole > 0) {
			jdbc.batchUpdate(insertInto + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT, row)),
					new BatchPreparedStatementSetter() {

						@Override
						public void setValues(PreparedStatement statement, int i) throws SQLException {
							set(statement, columns, rows.subList(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT),
									setter);
						}

						@Override
						public int getBatchSize() {
							return whole / ROWS_PER_STATEMENT;
						}

					});
		}
		if (whole < rows.size()) {
			List<T> rest = rows.subList(whole, rows.size());
			jdbc.update(insertInto + String.join(", ", Collections.nCopies(rest.size(), row)),
					(statement) -> set(statement, columns, rest, setter));
		}
	}

	private static <T> void set(PreparedStatement statement, int columns, List<T> rows, RowSetter<T> setter)
			throws SQLException {
		for (int i = 0; i < rows.size(); i++) {
			setter.set(statement, i * columns, rows.get(i));
		}
	}

}
