package io.tilegate.config;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes in small batches, each committed on its own, until a batch comes back short: what a
 * retention purge does, so that the first purge of a long-kept table holds no huge transaction
 * and does not lock the table against the writes going on in it.
 */
public final class BatchedDelete {

	private BatchedDelete() {
	}

	/**
	 * @param delete a delete of at most {@code batch} rows, its limit already in it
	 * @return how many rows were deleted in all
	 */
	public static int run(JdbcTemplate jdbc, String delete, int batch, Object... arguments) {
		int removed = 0;
		int deleted;
		do {
			deleted = jdbc.update(delete, arguments);
			removed += deleted;
		}
		while (deleted == batch);
		return removed;
	}

}
