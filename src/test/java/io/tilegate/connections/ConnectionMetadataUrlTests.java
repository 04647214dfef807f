package io.tilegate.connections;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.api.AdminHttp;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections whose metadata comes from a URL, through the admin API, against a real HTTPS
 * server on localhost (allowed here as the IdP inside the network would be): created from the
 * URL, refreshed on demand and by the scheduled job, and kept on their last good metadata when a
 * refresh fails.
 */
@Import(ConnectionMetadataUrlTests.TrustingTheTestServer.class)
class ConnectionMetadataUrlTests extends AdminApiIntegrationTest {

	private static final String CONNECTIONS = "/api/v1/connections";

	/** Shared with the PostgreSQL subclass and its cached context; it ends with the test JVM. */
	static final MetadataServer server = MetadataServer.start();

	@Autowired
	private IdpMetadataRefresh refresh;

	@Test
	void aConnectionFromAUrlStoresTheUrl() {
		SamlIdentityProvider pingfed = newIdp("pingfed");
		server.serve(pingfed.metadataXml(false));

		JsonHttpResponse created = createFromUrl("pingfed");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode read = this.admin.get(CONNECTIONS + "/pingfed").json();
		assertThat(read.path("entityId").asText()).isEqualTo(pingfed.entityId());
		assertThat(read.path("metadataUrl").asText()).isEqualTo(server.url("/pingfed/metadata"));
		assertThat(read.path("metadataRefreshedAt").isNull()).isFalse();
		assertThat(read.path("metadataRefreshError").isNull()).isTrue();
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).filteredOn((event) -> "pingfed".equals(event.getConnectionId()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("metadata from " + server.url("/pingfed/metadata")));
	}

	@Test
	void aRedirectingUrlIsRefusedAndNothingIsSaved() {
		server.answer(301, Map.of("Location", "https://login.example.net/metadata"), new byte[0], false);

		JsonHttpResponse refused = createFromUrl("moved");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("error").asText())
			.contains("redirect (301) to https://login.example.net/metadata")
			.endsWith("Nothing was saved.");
		assertThat(this.admin.get(CONNECTIONS + "/moved").status()).isEqualTo(404);
	}

	@Test
	void refreshAppliesARolledOverCertificateAndLogsIt() {
		SamlIdentityProvider before = newIdp("rollover");
		server.serve(before.metadataXml(false));
		createFromUrl("rollover");
		long version = this.admin.get(CONNECTIONS + "/rollover").json().path("version").asLong();
		SamlIdentityProvider after = before.withRolloverKey();
		server.serve(after.metadataXml(false));
		String added = SigningCertificate.of(after.signingKeys().get(1).certificate()).sha256Fingerprint();

		JsonHttpResponse refreshed = this.admin.post(CONNECTIONS + "/rollover/refresh", null);

		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(refreshed.json().path("changed").asBoolean()).isTrue();
		assertThat(refreshed.json().path("certificatesAdded")).singleElement()
			.satisfies((certificate) -> assertThat(certificate.path("sha256Fingerprint").asText()).isEqualTo(added));
		assertThat(refreshed.json().path("certificatesRemoved")).isEmpty();
		JsonNode read = this.admin.get(CONNECTIONS + "/rollover").json();
		assertThat(read.path("version").asLong()).isGreaterThan(version);
		assertThat(read.path("certificates")).hasSize(2);
		assertThat(this.connections.find("rollover").orElseThrow().getMetadataXml()).isEqualTo(after.metadataXml(false));
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).filteredOn((event) -> "rollover".equals(event.getConnectionId()))
			.anySatisfy((event) -> {
				assertThat(event.getSummary()).contains("Signing certificate added: " + added);
				assertThat(event.getActor()).isEqualTo("admin");
			});
	}

	@Test
	void anUnchangedRefreshKeepsTheVersion() {
		SamlIdentityProvider same = newIdp("steady");
		server.serve(same.metadataXml(false));
		createFromUrl("steady");
		JsonNode before = this.admin.get(CONNECTIONS + "/steady").json();

		JsonHttpResponse refreshed = this.admin.post(CONNECTIONS + "/steady/refresh", null);

		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.json().path("changed").asBoolean()).isFalse();
		JsonNode after = this.admin.get(CONNECTIONS + "/steady").json();
		assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong());
		assertThat(after.path("metadataRefreshedAt").asText()).isNotEqualTo(before.path("metadataRefreshedAt").asText());
	}

	@Test
	void aFailedRefreshKeepsTheLastGoodMetadataAndRecordsWhy() {
		SamlIdentityProvider good = newIdp("flaky");
		server.serve(good.metadataXml(false));
		createFromUrl("flaky");
		long version = this.admin.get(CONNECTIONS + "/flaky").json().path("version").asLong();
		server.answer(200, Map.of("Content-Type", "text/html"), "<html>maintenance</html>".getBytes(), false);

		JsonHttpResponse refreshed = this.admin.post(CONNECTIONS + "/flaky/refresh", null);

		assertThat(refreshed.status()).isEqualTo(502);
		assertThat(refreshed.json().path("error").asText()).contains("not SAML IdP metadata")
			.contains("keeps its last good metadata");
		JsonNode read = this.admin.get(CONNECTIONS + "/flaky").json();
		assertThat(read.path("metadataRefreshError").asText()).contains("not SAML IdP metadata");
		assertThat(read.path("version").asLong()).isEqualTo(version);
		assertThat(this.connections.find("flaky").orElseThrow().getMetadataXml()).isEqualTo(good.metadataXml(false));
		assertThat(eventsOf(EventType.CONNECTION_REJECTED)).filteredOn((event) -> "flaky".equals(event.getConnectionId()))
			.map(Event::getSummary)
			.singleElement()
			.satisfies((summary) -> assertThat(summary).contains("Metadata refresh of connection flaky from")
				.contains("not SAML IdP metadata")
				.contains("Sign-ins keep using the metadata fetched at"));

		server.serve(good.metadataXml(false));
		assertThat(this.admin.post(CONNECTIONS + "/flaky/refresh", null).status()).isEqualTo(200);
		assertThat(this.admin.get(CONNECTIONS + "/flaky").json().path("metadataRefreshError").isNull()).isTrue();
	}

	@Test
	void theScheduledJobRefreshesEveryUrlConnection() {
		SamlIdentityProvider before = newIdp("nightly");
		server.serve(before.metadataXml(false));
		createFromUrl("nightly");
		SamlIdentityProvider replaced = newIdp("nightly");
		server.serve(replaced.metadataXml(false));
		String removed = SigningCertificate.of(before.signingKey().certificate()).sha256Fingerprint();

		this.refresh.refreshAll();

		assertThat(this.connections.find("nightly").orElseThrow().getMetadataXml())
			.isEqualTo(replaced.metadataXml(false));
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).filteredOn((event) -> "nightly".equals(event.getConnectionId()))
			.anySatisfy((event) -> {
				assertThat(event.getSummary()).contains("Signing certificate removed: " + removed)
					.contains("Signing certificate added: ");
				assertThat(event.getActor()).isEqualTo("metadata-refresh");
			});
	}

	@Test
	void theScheduledJobRunsOnOneNodeAtATime() {
		server.serve(newIdp("rotating").metadataXml(false));
		createFromUrl("rotating");
		SamlIdentityProvider rolledOver = newIdp("rotating");
		server.serve(rolledOver.metadataXml(false));

		assertThat(this.refresh.refreshAllOncePerCluster()).isTrue();
		server.serve(newIdp("rotating").metadataXml(false));
		assertThat(this.refresh.refreshAllOncePerCluster()).as("as on another node, within most of the interval")
			.isFalse();

		assertThat(this.connections.find("rotating").orElseThrow().getMetadataXml())
			.isEqualTo(rolledOver.metadataXml(false));
	}

	@Test
	void uploadingMetadataStopsFetchingFromTheUrl() {
		SamlIdentityProvider fetched = newIdp("switch");
		server.serve(fetched.metadataXml(false));
		createFromUrl("switch");

		JsonHttpResponse uploaded = this.admin.header("Content-Type", "application/xml")
			.send("PUT", CONNECTIONS + "/switch", fetched.withRolloverKey().metadataXml(false));

		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
		assertThat(uploaded.json().path("metadataUrl").isNull()).isTrue();
		assertThat(this.admin.post(CONNECTIONS + "/switch/refresh", null).status()).isEqualTo(409);
	}

	private JsonHttpResponse createFromUrl(String id) {
		return this.admin.post(CONNECTIONS, "{\"id\":\"" + id + "\",\"metadataUrl\":\"" + server.url("/" + id + "/metadata")
				+ "\"}");
	}

	private static SamlIdentityProvider newIdp(String name) {
		return SamlIdentityProvider.create("https://" + name + ".idp.test/metadata", "https://" + name + ".idp.test/sso",
				"https://" + name + ".idp.test/slo");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TrustingTheTestServer {

		@Bean
		@Primary
		IdpMetadataFetcher trustingFetcher() {
			return server.fetcher(true);
		}

	}

}
