package io.tilegate.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Tilegate whose break-glass admin password is {@value #ADMIN_PASSWORD}, called
 * over real HTTP. {@link #admin} signs in with that password; connection {@value #CONNECTION}
 * exists before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tilegate.base-url=" + AdminApiIntegrationTest.BASE,
				"spring.datasource.url=jdbc:h2:mem:api-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata",
				"tilegate.admin-password=" + AdminApiIntegrationTest.ADMIN_PASSWORD })
public abstract class AdminApiIntegrationTest {

	public static final String BASE = "https://intranet.example.com";

	public static final String ADMIN_PASSWORD = "test-Admin-Pa55word";

	public static final String CONNECTION = "okta";

	/** The SCIM chain's test-only endpoint (scim/ScimEchoFixture). */
	protected static final String SCIM_ECHO = "/_test/echo";

	protected static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.okta.test/metadata",
			"https://idp.okta.test/sso", "https://idp.okta.test/slo");

	@LocalServerPort
	protected int port;

	@Autowired
	protected Connections connections;

	@Autowired
	protected EventLog events;

	@Autowired
	protected JdbcTemplate jdbc;

	/** Signed in as the break-glass admin. */
	protected AdminHttp admin;

	protected AdminHttp anonymous;

	@BeforeEach
	void signIn() {
		connect(CONNECTION);
		this.anonymous = new AdminHttp(this.port);
		this.admin = this.anonymous.basic("admin", ADMIN_PASSWORD);
	}

	protected void connect(String connectionId) {
		this.connections.save(connectionId,
				new ConnectionSettings(idp.metadataXml(false), "okta", null, true, true, null), ConnectionOrigin.API,
				"test");
	}

	/** Creates an API key through the API and returns its secret. */
	protected String newApiKey(String label) {
		JsonHttpResponse created = this.admin.post("/api/v1/api-keys", "{\"label\":\"" + label + "\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("key").asText();
	}

	protected ScimHttp scim(String token) {
		return new ScimHttp(this.port, token);
	}

	protected List<Event> eventsOf(EventType type) {
		return this.events.search(type, null, null, 1000);
	}

	/** The item of a JSON list whose {@code id} is the one given. */
	protected static JsonNode find(JsonNode list, String id) {
		return find(list, id, "id");
	}

	protected static JsonNode find(JsonNode list, String value, String field) {
		for (JsonNode item : list) {
			if (item.path(field).asText().equals(value)) {
				return item;
			}
		}
		throw new AssertionError("Not listed: " + value + " in " + list);
	}

	/** Asserts that no event, of any type, contains the secret or a recognisable part of it. */
	protected void assertNotInTheEventLog(String secret) {
		String secretPart = secret.substring(secret.indexOf('_') + 1);
		assertThat(this.events.search(null, null, null, 1000)).allSatisfy((event) -> {
			assertThat(String.valueOf(event.getSummary())).doesNotContain(secretPart);
			assertThat(String.valueOf(event.getActor())).doesNotContain(secretPart);
			assertThat(String.valueOf(event.getDetail())).doesNotContain(secretPart);
		});
	}

}
