package io.tilegate.scim;

import java.util.List;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A running Tilegate that an IdP pushes to over real HTTP. Connection {@value #CONNECTION}
 * exists before each test, and {@link #scim} carries a fresh token of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tilegate.base-url=" + ScimIntegrationTest.BASE,
				"spring.datasource.url=jdbc:h2:mem:scim-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata" })
public abstract class ScimIntegrationTest {

	public static final String BASE = "https://intranet.example.com";

	public static final String CONNECTION = "okta";

	protected static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.okta.test/metadata",
			"https://idp.okta.test/sso", "https://idp.okta.test/slo");

	@LocalServerPort
	protected int port;

	@Autowired
	protected Connections connections;

	@Autowired
	protected ScimTokens tokens;

	@Autowired
	protected EventLog events;

	protected ScimHttp scim;

	@BeforeEach
	void connectScimClient() {
		connect(CONNECTION);
		this.scim = new ScimHttp(this.port, newToken(CONNECTION));
	}

	/** Makes sure the connection exists (with IdP-initiated SAML sign-in and link-by-email on). */
	protected void connect(String connectionId) {
		this.connections.save(connectionId,
				new ConnectionSettings(idp.metadataXml(false), "okta", null, true, true, null), ConnectionOrigin.API,
				"test");
	}

	/** A new token of the connection; older test tokens are revoked so rotation limits never bite. */
	protected String newToken(String connectionId) {
		this.tokens.list(connectionId).forEach((token) -> this.tokens.revoke(connectionId, token.getId(), "test"));
		return this.tokens.issue(connectionId, "test", null, "test").secret();
	}

	protected List<Event> eventsOf(EventType type) {
		return this.events.search(type, null, null, 1000);
	}

}
