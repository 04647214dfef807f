package io.tilegate.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * days until each IdP signing certificate expires, and whether a connection's last metadata
 * refresh from its URL failed (it keeps signing users in with the last good metadata, so
 * nobody notices until the IdP rolls its certificate over).
 *
 * <p>A Prometheus collector rather than Micrometer gauges: connections and their certificates
 * come and go on other nodes, and a collector answers with exactly what the database holds at
 * the scrape, where gauges would have to be registered and removed as the rows change. One
 * query per scrape; a connection's metadata is read and parsed again only when its version
 * changed.
 */
@Component
class ConnectionMetrics implements MultiCollector {

	static final String CERTIFICATE_EXPIRY = "tilegate_idp_certificate_expiry_days";

	static final String REFRESH_FAILING = "tilegate_idp_metadata_refresh_failing";

	private static final Logger logger = LoggerFactory.getLogger(ConnectionMetrics.class);

	private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

	private final Connections connections;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Map<String, Certificates> certificates = new ConcurrentHashMap<>();

	ConnectionMetrics(Connections connections, JdbcTemplate jdbc, Clock clock,
			ObjectProvider<PrometheusRegistry> prometheus) {
		this.connections = connections;
		this.jdbc = jdbc;
		this.clock = clock;
		// Absent when Prometheus export is off (as in most tests); then there is nobody to answer.
		prometheus.ifAvailable((registry) -> registry.register(this));
	}

	@Override
	public List<String> getPrometheusNames() {
		return List.of(CERTIFICATE_EXPIRY, REFRESH_FAILING);
	}

	@Override
	public MetricSnapshots collect() {
		List<Row> rows;
		try {
			rows = this.jdbc.query("""
					select id, version, metadata_url is not null, metadata_refresh_error is not null
					from idp_connection order by id""",
					(rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4)));
		}
		catch (DataAccessException ex) {
			// The readiness check says the database is down; the rest of the scrape still answers.
			logger.warn("Connection metrics left out of this scrape: {}", ex.getMessage());
			return MetricSnapshots.of();
		}
		this.certificates.keySet().retainAll(rows.stream().map(Row::id).toList());
		Instant now = Instant.now(this.clock);
		GaugeSnapshot.Builder expiry = GaugeSnapshot.builder()
			.name(CERTIFICATE_EXPIRY)
			.help("Days until the IdP signing certificate expires (negative: expired), per connection and "
					+ "SHA-256 fingerprint");
		GaugeSnapshot.Builder failing = GaugeSnapshot.builder()
			.name(REFRESH_FAILING)
			.help("1 while the last refresh of the connection's metadata from its URL failed, else 0");
		for (Row row : rows) {
			for (SigningCertificate certificate : certificatesOf(row)) {
				expiry.dataPoint(GaugeDataPointSnapshot.builder()
					.labels(Labels.of("connection", row.id(), "certificate", certificate.sha256Fingerprint()))
					.value(Duration.between(now, certificate.notAfter()).toSeconds() / SECONDS_PER_DAY)
					.build());
			}
			if (row.fromUrl()) {
				failing.dataPoint(GaugeDataPointSnapshot.builder()
					.labels(Labels.of("connection", row.id()))
					.value(row.refreshFailing() ? 1 : 0)
					.build());
			}
		}
		return MetricSnapshots.of(expiry.build(), failing.build());
	}

	private List<SigningCertificate> certificatesOf(Row row) {
		Certificates known = this.certificates.get(row.id());
		if (known != null && known.version() == row.version()) {
			return known.certificates();
		}
		List<SigningCertificate> parsed;
		try {
			parsed = this.connections.find(row.id())
				.map((connection) -> IdpMetadata.parse(connection.getMetadataXml()).signingCertificates())
				.orElse(List.of());
		}
		catch (RuntimeException ex) {
			// Saved metadata was valid when saved; if it no longer parses, sign-ins say so louder.
			logger.warn("Could not read the signing certificates of connection {} for its metrics: {}", row.id(),
					ex.getMessage());
			parsed = List.of();
		}
		List<SigningCertificate> copy = new ArrayList<>(parsed);
		this.certificates.put(row.id(), new Certificates(row.version(), copy));
		return copy;
	}

	private record Row(String id, long version, boolean fromUrl, boolean refreshFailing) {
	}

	private record Certificates(long version, List<SigningCertificate> certificates) {
	}

}
