package io.tilegate.system;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.tilegate.demo.DemoSignIns;
import io.tilegate.saml.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read what under {@code /actuator}: health and its probes are open and say UP and
 * nothing more; the Prometheus scrape needs the admin role, from an API key, the break-glass
 * admin's password or an admin's console session; nothing else is served.
 */
class HealthAndMetricsAccessTests extends OperationsIntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void healthIsOpenAndSaysUpWithoutDetails(String path) {
		JsonHttpResponse health = this.anonymous.get(path);

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asText()).isEqualTo("UP");
		// The root also names its groups (liveness, readiness); no component, no detail.
		assertThat(health.json().properties()).extracting(Map.Entry::getKey).isSubsetOf("status", "groups");
		assertThat(health.body()).doesNotContain("components").doesNotContain("details").doesNotContain("db");
	}

	@Test
	void readinessIncludesTheDatabaseButDoesNotShowIt() {
		// The group is what a load balancer asks; the admin sees no more than anyone, by design.
		JsonHttpResponse readiness = this.admin.get("/actuator/health/readiness");

		assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void theScrapeRefusesAnonymousCallersWithoutAMetric() {
		JsonHttpResponse refused = this.anonymous.header("Accept", "text/plain").get("/actuator/prometheus");

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).isNotNull();
		assertThat(refused.body()).doesNotContain("# TYPE").doesNotContain("jvm_").doesNotContain("tilegate_");
	}

	@Test
	void theScrapeRefusesAWrongKeyAndAWrongPassword() {
		assertThat(this.anonymous.bearer("tgadmin_not-a-key").get("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(this.anonymous.basic("admin", "wrong").get("/actuator/prometheus").status()).isEqualTo(401);
	}

	@Test
	void prometheusScrapesWithAnAdminApiKey() {
		PrometheusScrape scrape = scrape(newApiKey("prometheus"));

		assertThat(scrape.names("jvm_")).isNotEmpty();
	}

	@Test
	void requestsAreTimedOnceWithoutAnObservationPerSecurityFilter() {
		String key = newApiKey("prometheus");
		scrape(key);

		PrometheusScrape scrape = scrape(key);

		assertThat(scrape.names("http_server_requests")).as("every request is still timed").isNotEmpty();
		assertThat(scrape.names("spring_security_")).as("per-filter observations cost every call CPU").isEmpty();
	}

	@Test
	void theBreakGlassAdminMayScrapeToo() {
		JsonHttpResponse scraped = this.admin.header("Accept", "text/plain").get("/actuator/prometheus");

		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.body()).contains("# TYPE");
	}

	@Test
	void anAdminsConsoleSessionMayScrapeAndAUsersMayNot() {
		// Ada is in the demo connection's admin group; Margaret is not.
		Browser ada = browser();
		DemoSignIns.throughTile(ada, "ada.lovelace@example.com");
		Browser margaret = browser();
		DemoSignIns.throughTile(margaret, "margaret.hamilton@example.com");

		HttpResponse<String> asAda = ada.get("/actuator/prometheus");
		HttpResponse<String> asMargaret = margaret.get("/actuator/prometheus");

		assertThat(asAda.statusCode()).isEqualTo(200);
		assertThat(asAda.body()).contains("# TYPE");
		assertThat(asMargaret.statusCode()).isEqualTo(403);
		assertThat(asMargaret.body()).doesNotContain("# TYPE");
	}

	@Test
	void nothingElseIsServedEvenToAnAdmin() {
		Browser ada = browser();
		DemoSignIns.throughTile(ada, "ada.lovelace@example.com");
		String key = newApiKey("curious script");

		for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops",
				"/actuator/loggers", "/actuator/metrics", "/actuator/threaddump", "/actuator/mappings")) {
			HttpResponse<String> asConsoleAdmin = ada.get(path);
			JsonHttpResponse asScript = this.anonymous.bearer(key).get(path);
			JsonHttpResponse asAnonymous = this.anonymous.get(path);

			assertThat(asConsoleAdmin.statusCode()).as(path).isEqualTo(404);
			// Not an operations endpoint, so the browser chain answers: with its sign-in page.
			assertThat(asScript.status()).as(path).isEqualTo(302);
			assertThat(asAnonymous.status()).as(path).isEqualTo(302);
			assertThat(asConsoleAdmin.body() + asScript.body() + asAnonymous.body()).as(path)
				.doesNotContain("activeProfiles")
				.doesNotContain("spring.datasource")
				.doesNotContain(ADMIN_PASSWORD);
		}
	}

}
