package io.tilegate.system;

import io.tilegate.api.AdminHttp;
import io.tilegate.saml.Browser;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Tilegate as operations see it: the demo IdP for real signed sign-ins, the
 * break-glass admin's password {@value #ADMIN_PASSWORD}, and Prometheus export on (Spring
 * Boot's tests turn it off unless asked). The test classes that extend it share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:operations-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata",
		"tilegate.admin-password=" + OperationsIntegrationTest.ADMIN_PASSWORD })
public abstract class OperationsIntegrationTest {

	public static final String ADMIN_PASSWORD = "test-Operations-Pa55word";

	// The demo IdP's URLs are built from the base URL, so the port is chosen before the start.
	private static final int PORT = FreePort.any();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("tilegate.base-url", () -> "http://localhost:" + PORT);
	}

	@LocalServerPort
	protected int port;

	protected AdminHttp anonymous;

	protected AdminHttp admin;

	@BeforeEach
	void callers() {
		this.anonymous = new AdminHttp(this.port);
		this.admin = this.anonymous.basic("admin", ADMIN_PASSWORD);
	}

	protected Browser browser() {
		return new Browser(this.port);
	}

	/** Creates an admin API key through the API; its secret. */
	protected String newApiKey(String label) {
		JsonHttpResponse created = this.admin.post("/api/v1/api-keys", "{\"label\":\"" + label + "\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("key").asText();
	}

	/** Scrapes as Prometheus does, with an admin API key. */
	protected PrometheusScrape scrape(String apiKey) {
		JsonHttpResponse scraped = this.anonymous.bearer(apiKey).header("Accept", "text/plain").get("/actuator/prometheus");
		assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
		return new PrometheusScrape(scraped.body());
	}

}
