package io.tilegate.sessions;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.TilegateApplication;
import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.ReceivedSamlMessage;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.saml.Browser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Tilegate nodes on one database, as behind a load balancer: a session made on one node
 * serves the others, a form read on one is accepted by another, a deactivation on one ends the
 * session on the others, and the sessions outlive a restart of every node. Each database has
 * its subclass.
 */
abstract class SessionsAcrossNodesTests {

	private static final String BASE = "https://intranet.example.com";

	private static final String CONNECTION = "nodes";

	private static final String ADMIN_PASSWORD = "nodes-Admin-Pa55word";

	private static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.nodes.test/metadata",
			"https://idp.nodes.test/sso", "https://idp.nodes.test/slo");

	/** The {@code --spring.datasource.*} arguments of the database every node shares. */
	abstract List<String> database();

	@Test
	void aSessionMadeOnOneNodeServesEveryNodeAndOutlivesARestartOfThemAll() {
		String ada = user("ada");
		String grace = user("grace");
		Browser adasBrowser;
		Browser gracesBrowser;
		ConsoleBrowser console;
		try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
			first.getBean(Connections.class)
				.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, true, true, null,
						List.of("tilegate-admins")), ConnectionOrigin.API, "test");
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);

			adasBrowser = new Browser(port(first));
			assertThat(adasBrowser.postResponse(CONNECTION, idp.response(acs(), spEntityId()).nameId(ada).build().base64(),
					null).statusCode()).isEqualTo(302);
			UUID adaId = jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class, ada);
			assertThat(jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", Integer.class,
					adaId.toString())).isOne();
			HttpResponse<String> onTheOtherNode = adasBrowser.get(on(second, "/"));
			assertThat(onTheOtherNode.statusCode()).isEqualTo(200);
			assertThat(onTheOtherNode.body()).contains(ada);

			// Started on the first node; the IdP's POST reaches the second without the cookie.
			gracesBrowser = new Browser(port(first));
			HttpResponse<String> started = gracesBrowser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/people");
			String relayState = Browser.redirectParameter(started, "RelayState");
			ReceivedSamlMessage authnRequest = ReceivedSamlMessage.fromRedirect(Browser.redirectParameter(started, "SAMLRequest"));
			gracesBrowser = new Browser(port(second));
			HttpResponse<String> signedIn = gracesBrowser.postResponse(CONNECTION,
					idp.response(acs(), spEntityId()).nameId(grace).inResponseTo(authnRequest.id()).build().base64(),
					relayState);
			assertThat(signedIn.headers().firstValue("Location")).as(signedIn.body()).hasValue("/people");
			assertThat(gracesBrowser.get(on(first, "/")).body()).contains(grace);

			// The console's CSRF token lives in the session too: a form read on one node is taken by the other.
			console = new ConsoleBrowser(port(first)).signIn(ADMIN_PASSWORD);
			assertThat(console.get("/admin/users/" + adaId).statusCode()).isEqualTo(200);
			HttpResponse<String> deactivated = console.submit(on(second, "/admin/users/" + adaId + "/deactivate"),
					Map.of());
			assertThat(ConsoleBrowser.location(deactivated)).isEqualTo("/admin/users/" + adaId);
			assertThat(jdbc.queryForObject("select MAX_INACTIVE_INTERVAL from SPRING_SESSION where SESSION_ID = ?",
					Integer.class, console.sessionId())).as("the admin's idle timeout, kept for every node")
				.isEqualTo(30 * 60);

			HttpResponse<String> adasNext = adasBrowser.get(on(first, "/"));
			assertThat(adasNext.headers().firstValue("Location")).hasValue("/login?ended");
		}

		try (ConfigurableApplicationContext restarted = start()) {
			HttpResponse<String> home = gracesBrowser.get(on(restarted, "/"));
			assertThat(home.statusCode()).isEqualTo(200);
			assertThat(home.body()).contains(grace);
			assertThat(console.get(on(restarted, "/admin")).statusCode()).isEqualTo(200);
			assertThat(adasBrowser.get(on(restarted, "/")).headers().firstValue("Location")).hasValue("/login");
		}
	}

	private ConfigurableApplicationContext start() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--tilegate.base-url=" + BASE,
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--tilegate.admin-password=" + ADMIN_PASSWORD,
				"--spring.main.banner-mode=off"));
		arguments.addAll(database());
		return new SpringApplicationBuilder(TilegateApplication.class).run(arguments.toArray(String[]::new));
	}

	private static String acs() {
		return BASE + "/login/saml2/sso/" + CONNECTION;
	}

	private static String spEntityId() {
		return BASE + "/saml2/service-provider-metadata/" + CONNECTION;
	}

	private static String user(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static String on(ConfigurableApplicationContext node, String path) {
		return "http://localhost:" + port(node) + path;
	}

}
