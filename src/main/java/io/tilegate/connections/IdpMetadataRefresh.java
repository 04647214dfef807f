package io.tilegate.connections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fetches the metadata of URL connections again, on demand and on a schedule, so a rolled-over
 * IdP certificate is trusted before the IdP starts signing with it. A failed fetch changes
 * nothing that sign-in uses: the last good metadata stays.
 */
@Component
public class IdpMetadataRefresh {

	private static final Logger logger = LoggerFactory.getLogger(IdpMetadataRefresh.class);

	static final String SCHEDULE_ACTOR = "metadata-refresh";

	private final Connections connections;

	private final IdpMetadataFetcher fetcher;

	IdpMetadataRefresh(Connections connections, IdpMetadataFetcher fetcher) {
		this.connections = connections;
		this.fetcher = fetcher;
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

	/** Every URL connection in turn; one failing does not stop the others. */
	@Scheduled(fixedDelayString = "${tilegate.metadata.refresh-interval:24h}",
			initialDelayString = "${tilegate.metadata.refresh-interval:24h}")
	public void refreshAll() {
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
