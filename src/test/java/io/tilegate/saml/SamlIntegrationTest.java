package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Tilegate behind the public base URL {@value #BASE}, which the tests reach on a
 * random local port: like a reverse proxy, so every URL Tilegate checks comes from the base
 * URL and none from the Host header. Connection {@value #CONNECTION} trusts {@link #idp}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tilegate.base-url=" + SamlIntegrationTest.BASE,
				"spring.datasource.url=jdbc:h2:mem:saml-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata" })
public abstract class SamlIntegrationTest {

	public static final String BASE = "https://intranet.example.com";

	public static final String CONNECTION = "acme";

	protected static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.acme.test/metadata",
			"https://idp.acme.test/sso", "https://idp.acme.test/slo");

	@LocalServerPort
	protected int port;

	@Autowired
	protected Connections connections;

	@Autowired
	protected EventLog events;

	protected Browser browser;

	@BeforeEach
	void connectIdentityProvider() {
		this.connections.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, true, true, null),
				ConnectionOrigin.API, "test");
		this.browser = new Browser(this.port);
	}

	protected static String acs(String connectionId) {
		return BASE + "/login/saml2/sso/" + connectionId;
	}

	protected static String spEntityId(String connectionId) {
		return BASE + "/saml2/service-provider-metadata/" + connectionId;
	}

	/** A valid, signed, IdP-initiated response for {@link #CONNECTION}. */
	protected static SamlResponseBuilder response(String nameId) {
		return idp.response(acs(CONNECTION), spEntityId(CONNECTION))
			.nameId(nameId)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("email", nameId.contains("@") ? nameId : nameId + "@example.com");
	}

	protected static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	/** Asserts the user was refused with the page and an event that both name the same reference. */
	protected Event assertRefused(HttpResponse<String> response, String pageReason, String eventReason) {
		assertThat(response.statusCode()).isIn(400, 403);
		assertThat(response.body()).containsAnyOf("Your sign-in was refused", "Your sign-out was refused")
			.contains(pageReason);
		String reference = response.body().replaceAll("(?s).*class=\"reference\">([A-Z0-9]+)<.*", "$1");
		assertThat(reference).matches("[A-Z0-9]{10}");
		Event event = this.events.findByReference(reference).orElseThrow();
		assertThat(event.getType()).isEqualTo(EventType.LOGIN_REFUSED);
		assertThat(event.getSummary()).contains(eventReason);
		return event;
	}

	protected List<Event> eventsOf(EventType type) {
		return this.events.search(type, null, null, 1000);
	}

}
