package io.tilegate.scim;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.directory.DirectorySlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The SCIM tokens' gauge, as a scrape reads it from a real database. */
@DirectorySlice
@Import({ ScimTokenMetrics.class, ScimTokenMetricsTests.Prometheus.class })
abstract class ScimTokenMetricsTests {

	@Autowired
	Connections connections;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PrometheusRegistry prometheus;

	@Test
	void daysLeftOnEveryTokenNotRevokedAndBelowZeroOnceExpired() throws Exception {
		String xml = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save("okta", ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		Instant now = Instant.now();
		UUID current = token(now.plus(Duration.ofDays(30)), null);
		UUID expired = token(now.minus(Duration.ofDays(2)), null);
		token(now.plus(Duration.ofDays(300)), now.minus(Duration.ofDays(1)));

		List<? extends DataPointSnapshot> points = this.prometheus.scrape()
			.stream()
			.filter((metric) -> metric.getMetadata().getName().equals(ScimTokenMetrics.TOKEN_EXPIRY))
			.findFirst()
			.orElseThrow()
			.getDataPoints();

		assertThat(points).hasSize(2)
			.allSatisfy((point) -> assertThat(point.getLabels().get("connection")).isEqualTo("okta"));
		assertThat(daysLeft(points, current)).isCloseTo(30, within(0.01));
		assertThat(daysLeft(points, expired)).isCloseTo(-2, within(0.01));
	}

	private UUID token(Instant expiresAt, Instant revokedAt) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("""
				insert into scim_token (id, connection_id, label, secret_hash, hint, created_at, created_by, expires_at,
				                        revoked_at, revoked_by)
				values (?, 'okta', 'test', ?, 'abcd', ?, 'test', ?, ?, ?)""", id, id.toString().replace("-", ""),
				Timestamp.from(Instant.now()), Timestamp.from(expiresAt),
				(revokedAt != null) ? Timestamp.from(revokedAt) : null, (revokedAt != null) ? "test" : null);
		return id;
	}

	private static double daysLeft(List<? extends DataPointSnapshot> points, UUID token) {
		return points.stream()
			.filter((point) -> point.getLabels().get("token").equals(token.toString()))
			.map((point) -> ((GaugeDataPointSnapshot) point).getValue())
			.findFirst()
			.orElseThrow();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Prometheus {

		@Bean
		PrometheusRegistry prometheusRegistry() {
			return new PrometheusRegistry();
		}

	}

}
