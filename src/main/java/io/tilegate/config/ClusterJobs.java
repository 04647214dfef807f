package io.tilegate.config;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scheduled jobs that must run on one node at a time: every node's scheduler fires, and the
 * first to take the job's row in {@code job_lock} (ShedLock) runs it while the others skip.
 * Lock times are the database's clock, so nodes whose clocks disagree still agree on when a
 * lock ends.
 */
@Component
public class ClusterJobs {

	private static final Logger logger = LoggerFactory.getLogger(ClusterJobs.class);

	static final String TABLE = "job_lock";

	private final LockingTaskExecutor locks;

	private final String node;

	public ClusterJobs(DataSource dataSource) {
		// The host name says which machine holds a lock; the suffix tells apart two nodes on one
		// host, whose locks must not be taken for each other's.
		this.node = Utils.getHostname() + "/" + ProcessHandle.current().pid() + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
		this.locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
			.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName(TABLE)
			.withLockedByValue(this.node)
			.usingDbTime()
			.build()));
	}

	/**
	 * Runs {@code job} on this node unless another node holds its lock.
	 * @param name the job's lock, the same on every node
	 * @param atMostFor how long the lock outlives a node that died while running the job; longer
	 * than the job ever takes, since past it another node may start the job again
	 * @param atLeastFor how long the lock is kept after the job ended, so a node whose scheduler
	 * fires a little later does not run it a second time
	 * @return {@code true} when this node ran it, {@code false} when another node holds the lock
	 * @throws RuntimeException what the job threw, or the database's error when the lock could
	 * not be taken; then the job did not run here, since a job run without its lock may run twice
	 */
	public boolean runOnce(String name, Duration atMostFor, Duration atLeastFor, Runnable job) {
		TaskResult<Void> result;
		try {
			result = this.locks.executeWithLock(() -> {
				job.run();
				return null;
			}, new LockConfiguration(ClockProvider.now(), name, atMostFor, atLeastFor));
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		if (!result.wasExecuted()) {
			logger.info("Job '{}' skipped on this node ({}): another node runs it or ran it within the last {}", name,
					this.node, atLeastFor);
		}
		return result.wasExecuted();
	}

	/** How this node signs the locks it holds ({@code job_lock.locked_by}). */
	public String node() {
		return this.node;
	}

}
