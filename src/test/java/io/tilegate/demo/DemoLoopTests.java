package io.tilegate.demo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tilegate.saml.Browser;
import io.tilegate.system.FreePort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop a newcomer clicks through with the demo profile: the demo IdP's tile, the
 * SP-initiated sign-in, the home page with manager, groups and custom fields, and sign-out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:demo-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata" })
class DemoLoopTests {

	// The demo IdP's URLs are built from the base URL, so the port is chosen before the start;
	// a free one, so that two builds on one machine do not collide.
	private static final int PORT = FreePort.any();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("tilegate.base-url", () -> "http://localhost:" + PORT);
	}

	@LocalServerPort
	int port;

	@Test
	void tileSignsInWithTheWholeProfile() {
		Browser browser = new Browser(this.port);
		// Grace's manager signs in first, so the reference resolves at once; the order is not required.
		DemoSignIns.throughTile(new Browser(this.port), "ada.lovelace@example.com");

		HttpResponse<String> landed = DemoSignIns.throughTile(browser, "grace.hopper@example.com");

		assertThat(landed.statusCode()).isEqualTo(302);
		String home = browser.get("/").body();
		assertThat(home).contains("Grace").contains("Hopper").contains("Ada Lovelace").contains("Engineering");
		assertThat(home).contains("Office location");
	}

	@Test
	void spInitiatedSignInThroughTheDemoIdp() {
		Browser browser = new Browser(this.port);
		HttpResponse<String> start = browser.get("/saml2/authenticate/demo");
		URI toIdp = URI.create(start.headers().firstValue("Location").orElseThrow());
		assertThat(toIdp.getPath()).isEqualTo("/demo-idp/sso");

		HttpResponse<String> picker = browser.get(toIdp.toString());
		assertThat(picker.statusCode()).isEqualTo(200);
		Map<String, String> form = DemoSignIns.hiddenFields(picker.body());
		form.put("userName", "katherine.johnson@example.com");
		HttpResponse<String> autoPost = browser.postForm("/demo-idp/sso/sign-in", form);

		HttpResponse<String> acs = DemoSignIns.submit(browser, autoPost.body());
		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(browser.get("/").body()).contains("Katherine");
	}

	@Test
	void signOutEverywhereFromTheDemoIdpEndsTheTilegateSession() {
		Browser browser = new Browser(this.port);
		DemoSignIns.throughTile(browser, "margaret.hamilton@example.com");
		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		HttpResponse<String> dashboard = browser.get("/demo-idp");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", DemoSignIns.hiddenFields(dashboard.body()).get("_csrf"));
		form.put("userName", "margaret.hamilton@example.com");
		HttpResponse<String> toSp = browser.postForm("/demo-idp/logout", form);

		HttpResponse<String> done = browser.follow(toSp);
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(browser.get("/").statusCode()).isEqualTo(302);
	}

}
