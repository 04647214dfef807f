package io.tilegate.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

/**
 * Bucket4j's select-for-update protocol in H2's SQL, the statements of its PostgreSQL module
 * but for one: Bucket4j has no H2 module, and H2 takes that module's
 * {@code INSERT … ON CONFLICT(id) DO NOTHING} in no mode, so a row that another transaction
 * inserted first is seen as a duplicate key instead. Every bucket calculation, the retry after
 * the insert and the expiry times stay Bucket4j's.
 * <p>
 * Statements carry no query timeout: H2 applies one by running {@code SET QUERY_TIMEOUT},
 * and every {@code SET} empties each session's cache of parsed statements, so with a timeout
 * on every rate-limited call the whole application parsed its SQL afresh on every request, a
 * fifth of a SCIM create's CPU. An embedded H2 has no other node to hold a bucket's row; a
 * wait for its lock is bounded by the database's {@code LOCK_TIMEOUT} instead.
 */
final class H2RateLimitBuckets extends AbstractSelectForUpdateBasedProxyManager<String>
		implements ExpiredEntriesCleaner {

	private static final String DUPLICATE_KEY = "23505";

	private final DataSource dataSource;

	private final ExpirationAfterWriteStrategy expiration;

	private final String select;

	private final String insert;

	private final String update;

	private final String remove;

	private final String removeExpired;

	H2RateLimitBuckets(DataSource dataSource, String table, ClientSideConfig config) {
		super(config);
		this.dataSource = dataSource;
		this.expiration = config.getExpirationAfterWriteStrategy()
			.orElseThrow(() -> new IllegalArgumentException("Rows must expire, or the table only grows"));
		this.select = "SELECT state FROM " + table + " WHERE id = ? FOR UPDATE";
		// The empty row expires like any other, so one left by a failed second transaction goes too.
		this.insert = "INSERT INTO " + table + " (id, state, expires_at) VALUES (?, NULL, ?)";
		this.update = "UPDATE " + table + " SET state = ?, expires_at = ? WHERE id = ?";
		this.remove = "DELETE FROM " + table + " WHERE id = ?";
		this.removeExpired = "DELETE FROM " + table + " WHERE expires_at < ? FETCH FIRST ? ROWS ONLY";
	}

	@Override
	public boolean isExpireAfterWriteSupported() {
		return true;
	}

	@Override
	protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
		Connection connection;
		try {
			connection = this.dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
		return new SelectForUpdateBasedTransaction() {

			@Override
			public void begin(Optional<Long> timeoutNanos) {
				run(() -> connection.setAutoCommit(false));
			}

			@Override
			public void rollback() {
				run(connection::rollback);
			}

			@Override
			public void commit(Optional<Long> timeoutNanos) {
				run(connection::commit);
			}

			@Override
			public LockAndGetResult tryLockAndGet(Optional<Long> timeoutNanos) {
				try (PreparedStatement statement = connection.prepareStatement(H2RateLimitBuckets.this.select)) {
					statement.setString(1, key);
					try (ResultSet row = statement.executeQuery()) {
						return row.next() ? LockAndGetResult.locked(row.getBytes(1)) : LockAndGetResult.notLocked();
					}
				}
				catch (SQLException ex) {
					throw new BucketExceptions.BucketExecutionException(ex);
				}
			}

			@Override
			public boolean tryInsertEmptyData(Optional<Long> timeoutNanos) {
				try (PreparedStatement statement = connection.prepareStatement(H2RateLimitBuckets.this.insert)) {
					statement.setString(1, key);
					statement.setLong(2, System.currentTimeMillis() + 60_000);
					return statement.executeUpdate() > 0;
				}
				catch (SQLException ex) {
					if (DUPLICATE_KEY.equals(ex.getSQLState())) {
						return false;
					}
					throw new BucketExceptions.BucketExecutionException(ex);
				}
			}

			@Override
			public void update(byte[] data, RemoteBucketState state, Optional<Long> timeoutNanos) {
				try (PreparedStatement statement = connection.prepareStatement(H2RateLimitBuckets.this.update)) {
					statement.setBytes(1, data);
					// As Bucket4j's own JDBC modules: the time to live on the bucket's clock, the
					// expiry on the wall clock that removeExpired compares with.
					long ttl = H2RateLimitBuckets.this.expiration.calculateTimeToLiveMillis(state, currentTimeNanos());
					statement.setLong(2, (ttl < 0) ? Long.MAX_VALUE : System.currentTimeMillis() + ttl);
					statement.setString(3, key);
					statement.executeUpdate();
				}
				catch (SQLException ex) {
					throw new BucketExceptions.BucketExecutionException(ex);
				}
			}

			@Override
			public void release() {
				run(connection::close);
			}

			private void run(SqlAction action) {
				try {
					action.run();
				}
				catch (SQLException ex) {
					throw new BucketExceptions.BucketExecutionException(ex);
				}
			}

		};
	}

	@Override
	public void removeProxy(String key) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(this.remove)) {
			statement.setString(1, key);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
	}

	@Override
	public int removeExpired(int batchSize) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(this.removeExpired)) {
			statement.setLong(1, System.currentTimeMillis());
			statement.setInt(2, batchSize);
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
	}

	@FunctionalInterface
	private interface SqlAction {

		void run() throws SQLException;

	}

}
