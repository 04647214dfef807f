package io.tilegate.admin;

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
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Tilegate driven over real HTTP the way a browser drives the admin console:
 * {@link #admin} is signed in with the break-glass password; connection {@value #CONNECTION}
 * makes members of {@value #ADMIN_GROUP} admins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tilegate.base-url=" + AdminConsoleIntegrationTest.BASE,
				"spring.datasource.url=jdbc:h2:mem:console-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata",
				"tilegate.admin-password=" + AdminConsoleIntegrationTest.ADMIN_PASSWORD })
public abstract class AdminConsoleIntegrationTest {

	public static final String BASE = "https://intranet.example.com";

	public static final String ADMIN_PASSWORD = "console-Admin-Pa55word";

	public static final String CONNECTION = "okta";

	public static final String ADMIN_GROUP = "tilegate-admins";

	protected static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.console.test/metadata",
			"https://idp.console.test/sso", "https://idp.console.test/slo");

	@LocalServerPort
	protected int port;

	@Autowired
	protected Connections connections;

	@Autowired
	protected EventLog events;

	@Autowired
	protected JdbcTemplate jdbc;

	/** Signed in as the break-glass admin. */
	protected ConsoleBrowser admin;

	@BeforeEach
	void signInAdmin() {
		this.connections.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, true, true, null,
				List.of(ADMIN_GROUP)), ConnectionOrigin.API, "test");
		this.admin = new ConsoleBrowser(this.port).signIn(ADMIN_PASSWORD);
	}

	/** A signed, IdP-initiated response for {@link #CONNECTION}. */
	protected static SamlResponseBuilder response(String nameId, String... groups) {
		SamlResponseBuilder response = idp
			.response(BASE + "/login/saml2/sso/" + CONNECTION, BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(nameId)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("email", nameId);
		return (groups.length > 0) ? response.attribute("groups", groups) : response;
	}

	/** A browser signed in through SAML as a new user in these groups. */
	protected ConsoleBrowser samlUser(String... groups) {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);
		HttpResponse<String> acs = browser.postSamlResponse(CONNECTION, response(uniqueUser(), groups).build().base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		return browser;
	}

	protected static String uniqueUser() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	protected List<Event> eventsOf(EventType type) {
		return this.events.search(type, null, null, 1000);
	}

}
