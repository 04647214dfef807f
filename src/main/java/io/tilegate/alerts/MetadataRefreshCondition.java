package io.tilegate.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.config.AlertProperties;
import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;

import org.springframework.stereotype.Component;

/**
 * A connection whose metadata URL has failed to refresh for {@code metadata-failing-for}: the
 * last good metadata still signs people in, but a certificate the IdP rolls over is not trusted
 * until a fetch succeeds. A single failure is not an alert; failing that long is.
 */
@Component
class MetadataRefreshCondition implements AlertCondition {

	static final String KIND = "metadata-refresh-failing";

	private final Connections connections;

	private final AlertProperties properties;

	MetadataRefreshCondition(Connections connections, AlertProperties properties) {
		this.connections = connections;
		this.properties = properties;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<AlertFinding> findAt(Instant now) {
		return this.connections.fetchedFromUrls()
			.stream()
			.filter((connection) -> connection.getMetadataRefreshError() != null)
			.map(this::finding)
			.toList();
	}

	private AlertFinding finding(Connection connection) {
		Instant last = connection.getMetadataRefreshedAt();
		String failingFor = Spans.describe(this.properties.metadataFailingFor());
		return new AlertFinding(KIND + ":" + connection.getId(), connection.getId(), null,
				"Connection " + connection.getId() + ": metadata URL failing for " + failingFor,
				"Connection " + connection.getId() + ": its metadata URL " + connection.getMetadataUrl()
						+ " has failed to refresh for " + failingFor + " or more: " + connection.getMetadataRefreshError()
						+ " Sign-ins keep using the metadata fetched " + ((last != null) ? "at " + last : "before")
						+ ", so a certificate the IdP rolls over is not trusted. Fix the URL or the IdP, then press "
						+ "Refresh on the connection's page.",
				Map.of("metadataUrl", connection.getMetadataUrl(), "error", connection.getMetadataRefreshError()),
				this.properties.metadataFailingFor());
	}

}
