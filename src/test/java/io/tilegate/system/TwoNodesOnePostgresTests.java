package io.tilegate.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.tilegate.TilegateApplication;
import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.api.AdminHttp;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.ReceivedSamlMessage;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.personas.DailyRecompute;
import io.tilegate.saml.Browser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tilegate as production runs it: two identical nodes, A and B, on one PostgreSQL, each on its
 * own port as behind a load balancer that may send any request to either. Every claim that the
 * cluster makes is driven here over HTTP, the way a browser, an IdP's server or an operator
 * reaches it. The admin lockout is the last step, since it shuts the admin out of both nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnePostgresTests {

	private static final String BASE = "https://intranet.example.com";

	private static final String CONNECTION = "cluster";

	private static final String ADMIN_PASSWORD = "cluster-Admin-Pa55word";

	private static final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.cluster.test/metadata",
			"https://idp.cluster.test/sso", "https://idp.cluster.test/slo");

	private EmbeddedPostgres postgres;

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	private JdbcTemplate database;

	@BeforeAll
	void startTwoNodes() throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		this.a = start();
		this.b = start();
		this.a.getBean(Connections.class)
			.save(CONNECTION, ConnectionSettings.metadataOnly(idp.metadataXml(false)), ConnectionOrigin.API, "test");
		this.database = this.a.getBean(JdbcTemplate.class);
	}

	@AfterAll
	void stopEverything() throws IOException {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		this.postgres.close();
	}

	@Test
	@Order(1)
	void aSignInStartedOnACompletesAtBsAcsAndBsSessionServesA() {
		String user = uniqueUser();
		Browser browser = new Browser(port(this.a));

		HttpResponse<String> started = browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/people");
		ReceivedSamlMessage authnRequest = ReceivedSamlMessage
			.fromRedirect(Browser.redirectParameter(started, "SAMLRequest"));
		// The IdP's form posts back through the load balancer, which sends it to B.
		HttpResponse<String> signedIn = browser.postForm(on(this.b, "/login/saml2/sso/" + CONNECTION),
				Map.of("SAMLResponse", response(user).inResponseTo(authnRequest.id()).build().base64(), "RelayState",
						Browser.redirectParameter(started, "RelayState")));

		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValue("/people");
		assertThat(sessionsOf(user)).isOne();
		HttpResponse<String> onA = browser.get(on(this.a, "/"));
		assertThat(onA.statusCode()).isEqualTo(200);
		assertThat(onA.body()).contains(user);
	}

	@Test
	@Order(2)
	void anAssertionUsedAtBIsRefusedWhenReplayedAtA() {
		IssuedResponse issued = response(uniqueUser()).build();
		assertThat(new Browser(port(this.b)).postResponse(CONNECTION, issued.base64(), null).statusCode())
			.isEqualTo(302);

		Browser attacker = new Browser(port(this.a));
		HttpResponse<String> replayed = attacker.postResponse(CONNECTION, issued.base64(), null);

		assertThat(replayed.statusCode()).isEqualTo(403);
		assertThat(replayed.body()).contains("this sign-in response was already used");
		assertThat(attacker.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	@Order(3)
	void aDeactivationOnASignsTheUserOutOnBAtTheNextRequest() {
		String user = uniqueUser();
		Browser browser = signIn(this.b, user);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		JsonHttpResponse deactivated = new AdminHttp(port(this.a)).basic("admin", ADMIN_PASSWORD)
			.post("/api/v1/users/" + userId(user) + "/deactivate", null);

		assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
		assertThat(sessionsOf(user)).isZero();
		assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/login?ended");
	}

	@Test
	@Order(4)
	void aSoapLogoutRequestSentToBEndsTheSessionOnA() throws Exception {
		String user = uniqueUser();
		Browser browser = signIn(this.a, user);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		// The IdP's server calls B, with no browser and no cookie.
		String logoutRequest = idp.logoutRequest(BASE + "/logout/saml2/slo", user).buildPost().xml();
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(on(this.b, "/logout/saml2/slo")))
				.header("Content-Type", "text/xml; charset=utf-8")
				.header("SOAPAction", "http://www.oasis-open.org/committees/security")
				.POST(HttpRequest.BodyPublishers.ofString(
						"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
								+ logoutRequest.replaceFirst("^<\\?xml[^>]*\\?>", "") + "</s:Body></s:Envelope>"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("urn:oasis:names:tc:SAML:2.0:status:Success");
		assertThat(sessionsOf(user)).isZero();
		HttpResponse<String> next = browser.get("/");
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location").orElseThrow()).startsWith("/login");
	}

	@Test
	@Order(5)
	void theDailyPersonaPassStartedOnBothNodesAtOnceRunsOnce() throws Exception {
		CyclicBarrier bothReady = new CyclicBarrier(2);
		List<CompletableFuture<Boolean>> runs = new ArrayList<>();
		for (ConfigurableApplicationContext node : List.of(this.a, this.b)) {
			DailyRecompute job = node.getBean(DailyRecompute.class);
			runs.add(CompletableFuture.supplyAsync(() -> {
				try {
					bothReady.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return job.recomputeOncePerCluster();
			}));
		}

		List<Boolean> ran = new ArrayList<>();
		for (CompletableFuture<Boolean> run : runs) {
			ran.add(run.get());
		}

		assertThat(ran).containsExactlyInAnyOrder(true, false);
		assertThat(this.database.queryForObject(
				"select count(*) from event_log where type = 'PERSONAS_RECOMPUTED' and summary like ?", Integer.class,
				"%after: daily re-evaluation of date rules"))
			.isOne();
		// Started again on either node while the lock holds (the pass keeps it a while), it does not run.
		assertThat(this.b.getBean(DailyRecompute.class).recomputeOncePerCluster()).isFalse();
		assertThat(this.a.getBean(DailyRecompute.class).recomputeOncePerCluster()).isFalse();
	}

	@Test
	@Order(6)
	void elevenRefusedAdminPasswordsSpreadOverBothNodesLockBoth() {
		ConsoleBrowser onA = new ConsoleBrowser(port(this.a));
		ConsoleBrowser onB = new ConsoleBrowser(port(this.b));

		List<String> refusals = new ArrayList<>();
		for (int attempt = 1; attempt <= AdminSignInThrottle.MAX_FAILURES + 1; attempt++) {
			ConsoleBrowser node = (attempt % 2 == 1) ? onA : onB;
			refusals.add(ConsoleBrowser.location(node.signInWith("admin", "wrong-password-" + attempt)));
		}

		assertThat(refusals.subList(0, AdminSignInThrottle.MAX_FAILURES))
			.as("each node alone saw five or six; together they reached the limit")
			.allMatch((location) -> location.endsWith("/admin/sign-in?error"));
		assertThat(refusals.get(AdminSignInThrottle.MAX_FAILURES)).endsWith("/admin/sign-in?throttled");
		assertThat(ConsoleBrowser.location(onA.signInWith("admin", ADMIN_PASSWORD)))
			.endsWith("/admin/sign-in?throttled");
		assertThat(ConsoleBrowser.location(onB.signInWith("admin", ADMIN_PASSWORD)))
			.endsWith("/admin/sign-in?throttled");
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TilegateApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--tilegate.base-url=" + BASE, "--tilegate.idp-metadata-dir=target/no-idp-metadata",
				"--tilegate.admin-password=" + ADMIN_PASSWORD, "--spring.main.banner-mode=off");
	}

	private Browser signIn(ConfigurableApplicationContext node, String user) {
		Browser browser = new Browser(port(node));
		HttpResponse<String> acs = browser.postResponse(CONNECTION, response(user).build().base64(), null);
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(acs.headers().firstValue("Location")).hasValue("/");
		return browser;
	}

	private static SamlResponseBuilder response(String user) {
		return idp.response(BASE + "/login/saml2/sso/" + CONNECTION, BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user)
			.attribute("email", user);
	}

	private UUID userId(String user) {
		return this.database.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				user.toLowerCase());
	}

	private int sessionsOf(String user) {
		return this.database.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?",
				Integer.class, userId(user).toString());
	}

	private static String uniqueUser() {
		return "member-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

	private static String on(ConfigurableApplicationContext node, String path) {
		return "http://localhost:" + port(node) + path;
	}

}
