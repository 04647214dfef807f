package io.tilegate.scim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * For Prometheus, read from the database at each scrape so that every node says the same: the
 * days until each SCIM token that is not revoked expires. An expired one stays, below zero,
 * until it is revoked: the IdP still holding it gets 401 on every push. Labelled with the
 * token's id, as the admin API and the connection's page list it; never its secret.
 *
 * <p>A Prometheus collector rather than Micrometer gauges for the reason
 * {@code ConnectionMetrics} gives: tokens are issued and revoked on other nodes too.
 */
@Component
class ScimTokenMetrics implements MultiCollector {

	static final String TOKEN_EXPIRY = "tilegate_scim_token_expiry_days";

	private static final Logger logger = LoggerFactory.getLogger(ScimTokenMetrics.class);

	private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ScimTokenMetrics(JdbcTemplate jdbc, Clock clock, ObjectProvider<PrometheusRegistry> prometheus) {
		this.jdbc = jdbc;
		this.clock = clock;
		// Absent when Prometheus export is off (as in most tests); then there is nobody to answer.
		prometheus.ifAvailable((registry) -> registry.register(this));
	}

	@Override
	public List<String> getPrometheusNames() {
		return List.of(TOKEN_EXPIRY);
	}

	@Override
	public MetricSnapshots collect() {
		Instant now = Instant.now(this.clock);
		GaugeSnapshot.Builder expiry = GaugeSnapshot.builder()
			.name(TOKEN_EXPIRY)
			.help("Days until the SCIM token expires (negative: expired and not revoked), per connection and token id");
		try {
			this.jdbc.query("select connection_id, id, expires_at from scim_token where revoked_at is null",
					(rs) -> {
						Instant expiresAt = rs.getTimestamp(3).toInstant();
						expiry.dataPoint(GaugeDataPointSnapshot.builder()
							.labels(Labels.of("connection", rs.getString(1), "token", rs.getString(2)))
							.value(Duration.between(now, expiresAt).toSeconds() / SECONDS_PER_DAY)
							.build());
					});
		}
		catch (DataAccessException ex) {
			// The readiness check says the database is down; the rest of the scrape still answers.
			logger.warn("SCIM token metrics left out of this scrape: {}", ex.getMessage());
			return MetricSnapshots.of();
		}
		return MetricSnapshots.of(expiry.build());
	}

}
