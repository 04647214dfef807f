package io.tilegate.connections;

import java.time.Duration;

import io.tilegate.config.ClusterJobs;
import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fetches the metadata of URL connections again, on demand and on a schedule, so a rolled-over
 * IdP certificate is trusted before the IdP starts signing with it. A failed fetch changes
 * nothing that sign-in uses: the last good metadata stays. The schedule runs on one node of
 * the cluster at a time.
 */
@Component
public class IdpMetadataRefresh {

	/** The scheduled refresh's lock in {@code job_lock}: one node fetches, the others skip. */
	public static final String JOB = "idp-metadata-refresh";

	private static final Logger logger = LoggerFactory.getLogger(IdpMetadataRefresh.class);

	static final String SCHEDULE_ACTOR = "metadata-refresh";

	private final Connections connections;

	private final IdpMetadataFetcher fetcher;

	private final ClusterJobs jobs;

	private final Duration lockAtMost;

	private final Duration lockAtLeast;

	IdpMetadataRefresh(Connections connections, IdpMetadataFetcher fetcher, ClusterJobs jobs,
			TilegateProperties properties) {
		this.connections = connections;
		this.fetcher = fetcher;
		this.jobs = jobs;
		// Each node's timer starts with the node, so the timers of a cluster fire at different
		// times of day. Kept for most of an interval, the lock lets the first of them fetch and
		// the others skip, which is once per interval for the cluster.
		Duration interval = properties.metadata().refreshInterval();
		this.lockAtLeast = interval.multipliedBy(9).dividedBy(10);
		this.lockAtMost = (interval.compareTo(Duration.ofHours(1)) > 0) ? interval : Duration.ofHours(1);
	}

	/**
	 * Fetches the connection's metadata from its URL and applies it when it changed.
	 * @throws InvalidConnectionException when there is no such connection, it has no URL, or
	 * the fetch failed (recorded on the connection and in the event log)
	 */
	public MetadataRefresh refresh(String id, String actor) {
		Connection connection = this.connections.find(id)
			.orElseThrow(() -> new InvalidConnectionException("There is no connection '" + id + "'."));
		String url = connection.getMetadataUrl();
		if (url == null) {
			throw new InvalidConnectionException("Connection '" + id + "' has uploaded metadata, not a metadata URL; "
					+ "upload the new metadata instead.");
		}
		IdpMetadata fetched;
		try {
			fetched = this.fetcher.fetch(url);
			return this.connections.applyRefresh(id, url, fetched, actor);
		}
		catch (InvalidConnectionException ex) {
			this.connections.refreshFailed(id, url, ex.getMessage(), actor);
			throw ex;
		}
	}

	/**
	 * {@link #refreshAll()} on the schedule, unless another node holds {@link #JOB}: it refreshes,
	 * or did within the last nine tenths of the interval.
	 * @return {@code true} when this node refreshed
	 */
	@Scheduled(fixedDelayString = "${tilegate.metadata.refresh-interval:24h}",
			initialDelayString = "${tilegate.metadata.refresh-interval:24h}")
	public boolean refreshAllOncePerCluster() {
		return this.jobs.runOnce(JOB, this.lockAtMost, this.lockAtLeast, this::refreshAll);
	}

	/** Every URL connection in turn; one failing does not stop the others. */
	void refreshAll() {
		for (Connection connection : this.connections.fetchedFromUrls()) {
			try {
				MetadataRefresh refresh = refresh(connection.getId(), SCHEDULE_ACTOR);
				if (refresh.changed()) {
					logger.info("Applied changed metadata of connection {} from {}", connection.getId(),
							connection.getMetadataUrl());
				}
			}
			catch (InvalidConnectionException ex) {
				logger.warn("Metadata refresh of connection {} failed, keeping its last good metadata: {}",
						connection.getId(), ex.getMessage());
			}
			catch (RuntimeException ex) {
				logger.error("Metadata refresh of connection {} failed", connection.getId(), ex);
			}
		}
	}

}
