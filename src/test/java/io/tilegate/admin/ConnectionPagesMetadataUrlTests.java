package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import io.tilegate.connections.Connection;
import io.tilegate.connections.IdpMetadataFetcher;
import io.tilegate.connections.MetadataServer;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.web.util.HtmlUtils;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections whose metadata comes from a URL, through the pages, against a real HTTPS server
 * on localhost (allowed here, as an IdP inside the network would be): created from the URL,
 * refreshed on demand, and a failed refresh shown as a warning while the last good metadata
 * stays.
 */
@Import(ConnectionPagesMetadataUrlTests.TrustingTheTestServer.class)
class ConnectionPagesMetadataUrlTests extends AdminConsoleIntegrationTest {

	private static final Pattern NEW_FORM_ACTION = Pattern
		.compile("<form[^>]*id=\"new-connection\"[^>]*action=\"([^\"]+)\"");

	static final MetadataServer server = MetadataServer.start();

	@Test
	void aConnectionCreatedFromAUrlShowsTheUrlAndWhenItWasFetched() {
		SamlIdentityProvider urlIdp = ConnectionPagesTests.newIdp();
		server.serve(urlIdp.metadataXml(false));
		String id = ConnectionPagesTests.uniqueId();

		HttpResponse<String> created = createFromUrl(id);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		Connection saved = this.connections.find(id).orElseThrow();
		assertThat(saved.getEntityId()).isEqualTo(urlIdp.entityId());
		assertThat(saved.getMetadataUrl()).isEqualTo(url(id));
		String page = this.admin.follow(created).body();
		assertThat(page).contains("<code id=\"metadata-url\">" + url(id) + "</code>")
			.contains("id=\"refresh-metadata\"")
			.doesNotContain("id=\"refresh-failed\"")
			.doesNotContain("Last fetched <span id=\"metadata-refreshed-at\">never");
		assertThat(this.admin.get("/admin/connections").body()).contains("<td>URL</td>");
	}

	@Test
	void aUrlThatRedirectsIsRefusedOnTheFormAndNothingIsSaved() {
		server.answer(302, Map.of("Location", "https://login.example.net/metadata"), new byte[0], false);
		String id = ConnectionPagesTests.uniqueId();

		HttpResponse<String> refused = createFromUrl(id);

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("id=\"problem\"")
			.contains("answered with a redirect (302) to https://login.example.net/metadata")
			.contains("Nothing was saved.")
			.contains("value=\"" + url(id) + "\"");
		assertThat(this.connections.find(id)).isEmpty();
		assertThat(eventsOf(EventType.CONNECTION_REJECTED))
			.anyMatch((event) -> event.getSummary().contains("Connection " + id + " was not created from " + url(id)));
	}

	@Test
	void refreshNowAppliesANewCertificateAndSaysSo() {
		SamlIdentityProvider before = ConnectionPagesTests.newIdp();
		server.serve(before.metadataXml(false));
		String id = ConnectionPagesTests.uniqueId();
		createFromUrl(id);
		SamlIdentityProvider after = before.withRolloverKey();
		server.serve(after.metadataXml(false));
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> refreshed = this.admin.submit("/admin/connections/" + id + "/refresh", Map.of());

		assertThat(location(refreshed)).isEqualTo("/admin/connections/" + id);
		assertThat(this.admin.follow(refreshed).body()).contains("Metadata fetched again and applied")
			.contains("Signing certificate added: ");
		assertThat(this.connections.find(id).orElseThrow().getMetadataXml()).isEqualTo(after.metadataXml(false));
	}

	@Test
	void aFailedRefreshIsAWarningAndSignInsKeepTheLastGoodMetadata() {
		SamlIdentityProvider good = ConnectionPagesTests.newIdp();
		server.serve(good.metadataXml(false));
		String id = ConnectionPagesTests.uniqueId();
		createFromUrl(id);
		server.answer(200, Map.of("Content-Type", "text/html"), "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8),
				false);
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> refreshed = this.admin.submit("/admin/connections/" + id + "/refresh", Map.of());

		assertThat(location(refreshed)).isEqualTo("/admin/connections/" + id);
		String page = HtmlUtils.htmlUnescape(this.admin.follow(refreshed).body());
		assertThat(page).contains("id=\"problem\"")
			.contains("The refresh failed: This is not SAML IdP metadata")
			.contains("id=\"refresh-failed\"")
			.contains("The last refresh failed:")
			.contains("Sign-ins keep using the metadata fetched at ");
		assertThat(this.connections.find(id).orElseThrow().getMetadataXml()).isEqualTo(good.metadataXml(false));
		assertThat(this.admin.get("/admin/connections").body()).contains("Refresh failed");
		assertThat(eventsOf(EventType.CONNECTION_REJECTED)).filteredOn((event) -> id.equals(event.getConnectionId()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("Metadata refresh of connection " + id));
		assertThat(HtmlUtils.htmlUnescape(this.admin.get("/admin/connections/" + id).body()))
			.contains("Sign-ins keep using the metadata fetched at ");
	}

	private HttpResponse<String> createFromUrl(String id) {
		String action = ConnectionPagesTests.formAction(this.admin.get("/admin/connections/new").body(), NEW_FORM_ACTION);
		return this.admin.upload(action, Map.of("id", id, "preset", "okta", "metadataUrl", url(id)), "metadataFile", "",
				new byte[0]);
	}

	private static String url(String id) {
		return server.url("/" + id + "/metadata");
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
