package io.tilegate.system;

import java.util.List;

import io.tilegate.api.AdminHttp;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings docs/production.md gives for a proxy that terminates TLS, here with the test
 * client (127.0.0.1) as the proxy: its X-Forwarded-For and X-Forwarded-Proto are believed,
 * what a client wrote into X-Forwarded-For before it is not, and cookies are secure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tilegate.base-url=https://intranet.example.com",
				"spring.datasource.url=jdbc:h2:mem:proxy-${random.uuid};DB_CLOSE_DELAY=-1",
				"tilegate.idp-metadata-dir=target/no-idp-metadata",
				"tilegate.admin-password=" + BehindATlsProxyTests.ADMIN_PASSWORD,
				"server.servlet.session.cookie.secure=true", "server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1" })
class BehindATlsProxyTests {

	static final String ADMIN_PASSWORD = "test-Proxy-Pa55word";

	@LocalServerPort
	int port;

	@Autowired
	EventLog events;

	@Test
	void theSignInThrottleCountsTheClientTheProxyNamesNotTheProxy() {
		AdminHttp throughProxy = new AdminHttp(this.port).header("X-Forwarded-For", "203.0.113.7")
			.header("X-Forwarded-Proto", "https");

		assertThat(throughProxy.basic("admin", "wrong").get("/api/v1/users").status()).isEqualTo(401);

		assertThat(lastRefusal().getDetail()).contains("\"address\":\"203.0.113.7\"");
	}

	@Test
	void whatTheClientWroteBeforeTheProxysEntryIsNotBelieved() {
		// The proxy appends the address it saw to whatever the client sent.
		AdminHttp throughProxy = new AdminHttp(this.port).header("X-Forwarded-For", "198.51.100.66, 203.0.113.8")
			.header("X-Forwarded-Proto", "https");

		assertThat(throughProxy.basic("admin", "wrong").get("/api/v1/users").status()).isEqualTo(401);

		assertThat(lastRefusal().getDetail()).contains("\"address\":\"203.0.113.8\"").doesNotContain("198.51.100.66");
	}

	@Test
	void httpsFromTheProxyTurnsOnStrictTransportSecurity() {
		AdminHttp browser = new AdminHttp(this.port);

		assertThat(browser.header("X-Forwarded-Proto", "https").get("/login").header("Strict-Transport-Security"))
			.isNotNull();
		assertThat(browser.get("/login").header("Strict-Transport-Security")).isNull();
	}

	@Test
	void sessionCookiesAreSecureAndRedirectsRelative() {
		JsonHttpResponse toSignIn = new AdminHttp(this.port).header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "evil.example")
			.get("/admin");

		assertThat(toSignIn.status()).isEqualTo(302);
		assertThat(toSignIn.header("Location")).startsWith("/").doesNotContain("evil.example");
		assertThat(toSignIn.headers("Set-Cookie")).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly"));
	}

	private Event lastRefusal() {
		List<Event> refusals = this.events.search(EventType.ADMIN_SIGN_IN_REFUSED, null, null, 1);
		assertThat(refusals).isNotEmpty();
		return refusals.get(0);
	}

}
