package io.tilegate.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets that all nodes count against, kept by Bucket4j in the database's
 * {@code rate_limit_bucket} table: a limit of 200 calls a second is 200 for the cluster, not per
 * node, and a lock-out seen by one node holds on all of them. Each use locks the bucket's row
 * for one short transaction ({@code SELECT … FOR UPDATE}); Bucket4j does all the arithmetic.
 * Buckets tell time by Tilegate's clock, so tests that stop or move the clock stop or move them.
 */
@Component
public class ClusterBuckets {

	private static final Logger logger = LoggerFactory.getLogger(ClusterBuckets.class);

	static final String TABLE = "rate_limit_bucket";

	/** Beyond this a limit counts as unreachable: a call waits no longer for its verdict. */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** A bucket that is full again is kept this long, so a steady caller's row is not re-created each time. */
	static final Duration KEEP_WHEN_FULL = Duration.ofMinutes(1);

	private static final int REMOVE_BATCH = 1000;

	private final ProxyManager<String> buckets;

	private final ExpiredEntriesCleaner expired;

	public ClusterBuckets(DataSource dataSource, Clock clock) {
		TimeMeter time = new ClockTime(clock);
		ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy
			.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL);
		String database = databaseName(dataSource);
		if (database.equals("PostgreSQL")) {
			PostgreSQLSelectForUpdateBasedProxyManager<String> postgres = Bucket4jPostgreSQL
				.selectForUpdateBasedBuilder(dataSource)
				.primaryKeyMapper(PrimaryKeyMapper.STRING)
				.table(TABLE)
				.clientClock(time)
				.requestTimeout(REQUEST_TIMEOUT)
				.expirationAfterWrite(expiry)
				.build();
			this.buckets = postgres;
			this.expired = postgres;
		}
		else if (database.equals("H2")) {
			H2RateLimitBuckets h2 = new H2RateLimitBuckets(dataSource, TABLE, ClientSideConfig.getDefault()
				.withClientClock(time)
				.withRequestTimeout(REQUEST_TIMEOUT)
				.withExpirationAfterWriteStrategy(expiry));
			this.buckets = h2;
			this.expired = h2;
		}
		else {
			throw new IllegalStateException("Tilegate keeps its rate limits in PostgreSQL or H2, not in " + database
					+ "; point spring.datasource.url at one of them");
		}
	}

	/**
	 * Uses the bucket named {@code key}, which the first node to ask creates with
	 * {@code configuration}. The key should say what the configuration is, so a changed limit
	 * starts new buckets rather than reading old ones.
	 * @throws SharedLimitUnreachableException when the database could not be read or written;
	 * the caller must then refuse, never let the call through uncounted
	 */
	public <T> T apply(String key, Supplier<BucketConfiguration> configuration, Function<Bucket, T> use) {
		try {
			return use.apply(this.buckets.builder().build(key, configuration));
		}
		catch (RuntimeException ex) {
			throw new SharedLimitUnreachableException(ex);
		}
	}

	/**
	 * Removes buckets that are full again, the sign of a caller who stopped. On every node: a
	 * delete of what is already gone does nothing, PostgreSQL's skips rows another node is
	 * deleting, and a lock for it would cost a write per run to save a cheap query.
	 * @return how many were removed
	 */
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT3M")
	public int removeExpired() {
		int removed = 0;
		int batch;
		do {
			batch = this.expired.removeExpired(REMOVE_BATCH);
			removed += batch;
		}
		while (batch == REMOVE_BATCH);
		if (removed > 0) {
			logger.debug("Removed {} rate limit buckets that were full again", removed);
		}
		return removed;
	}

	private static String databaseName(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not reach the database to set up the rate limits kept there", ex);
		}
	}

	/** Bucket4j's clock read from Tilegate's. */
	private record ClockTime(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			Instant now = this.clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
