package io.tilegate.connections;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tilegate.directory.DirectorySlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The connections' gauges, as a scrape reads them from a real database. */
@DirectorySlice
@Import({ ConnectionMetrics.class, ConnectionMetricsTests.Prometheus.class })
abstract class ConnectionMetricsTests {

	@Autowired
	Connections connections;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PrometheusRegistry prometheus;

	@Autowired
	TestEntityManager entities;

	@Test
	void eachSigningCertificatesDaysLeftAndEachFailingRefresh() throws Exception {
		String xml = new ClassPathResource("metadata/static-idp.xml").getContentAsString(StandardCharsets.UTF_8);
		this.connections.save("uploaded", ConnectionSettings.metadataOnly(xml), ConnectionOrigin.API, "test");
		String otherIdp = xml.replace("static-idp.example.com", "other-idp.example.com");
		this.connections.save("from-url", ConnectionSettings.metadataOnly(otherIdp), ConnectionOrigin.API, "test");
		this.jdbc.update("update idp_connection set metadata_url = 'https://idp.example.test/metadata', "
				+ "metadata_refresh_error = 'HTTP 500' where id = 'from-url'");
		SigningCertificate certificate = IdpMetadata.parse(xml).signingCertificates().get(0);
		double daysLeft = Duration.between(Instant.now(), certificate.notAfter()).toSeconds() / 86400.0;

		MetricSnapshots scrape = this.prometheus.scrape();

		assertThat(points(scrape, ConnectionMetrics.CERTIFICATE_EXPIRY)).hasSize(2).allSatisfy((point) -> {
			assertThat(point.getLabels().get("certificate")).isEqualTo(certificate.sha256Fingerprint());
			assertThat(((GaugeDataPointSnapshot) point).getValue()).isCloseTo(daysLeft, within(0.01));
		});
		assertThat(points(scrape, ConnectionMetrics.REFRESH_FAILING)).singleElement().satisfies((point) -> {
			assertThat(point.getLabels().get("connection")).isEqualTo("from-url");
			assertThat(((GaugeDataPointSnapshot) point).getValue()).isEqualTo(1);
		});

		this.jdbc.update("update idp_connection set metadata_refresh_error = null where id = 'from-url'");
		this.connections.delete("uploaded", "test");
		// The scrape reads with SQL; the test's own transaction must show it the delete first.
		this.entities.flush();

		MetricSnapshots later = this.prometheus.scrape();
		assertThat(points(later, ConnectionMetrics.CERTIFICATE_EXPIRY))
			.extracting((point) -> point.getLabels().get("connection"))
			.containsExactly("from-url");
		assertThat(points(later, ConnectionMetrics.REFRESH_FAILING)).singleElement()
			.satisfies((point) -> assertThat(((GaugeDataPointSnapshot) point).getValue()).isZero());
	}

	static List<? extends DataPointSnapshot> points(MetricSnapshots scrape, String name) {
		return scrape.stream()
			.filter((metric) -> metric.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getDataPoints();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Prometheus {

		@Bean
		PrometheusRegistry prometheusRegistry() {
			return new PrometheusRegistry();
		}

	}

}
