package io.tilegate.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.demo.DemoSignIns;
import io.tilegate.personas.PersonaRecomputes;
import io.tilegate.saml.Browser;
import io.tilegate.scim.ScimHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tilegate's own meters as Prometheus scrapes them, after real sign-ins through the demo IdP,
 * real SCIM calls and a real persona recompute: named {@code tilegate_…}, tagged by connection,
 * outcome, reason, method, resource and status, and never naming a person or a secret. The
 * context is shared with other classes, so counters are compared before and after.
 */
class TilegateMetersTests extends OperationsIntegrationTest {

	private static final String DEMO = "demo";

	@Autowired
	PersonaRecomputes recomputes;

	private String key;

	private final List<String> tokensToRevoke = new ArrayList<>();

	private final List<String> secrets = new ArrayList<>();

	@BeforeEach
	void prometheusKey() {
		this.key = newApiKey("prometheus");
		this.secrets.add(this.key);
	}

	@AfterEach
	void revokeTokens() {
		// A connection may have two active tokens; the next test needs its own.
		this.tokensToRevoke.forEach((id) -> this.admin.delete("/api/v1/connections/demo/scim-tokens/" + id));
	}

	@Test
	void signInsAreCountedAndTimedByConnectionOutcomeAndReason() {
		PrometheusScrape before = scrape(this.key);
		Browser grace = browser();
		String signedResponse = DemoSignIns.launch(grace, "grace.hopper@example.com");

		HttpResponse<String> accepted = DemoSignIns.submit(grace, signedResponse);
		HttpResponse<String> replayed = DemoSignIns.submit(browser(), signedResponse);
		HttpResponse<String> nowhere = browser().postResponse("no-such-connection", "PHNhbWxwOlJlc3BvbnNlLz4=", null);

		assertThat(accepted.statusCode()).isEqualTo(302);
		assertThat(replayed.statusCode()).isEqualTo(403);
		assertThat(nowhere.statusCode()).isEqualTo(400);
		PrometheusScrape after = scrape(this.key);
		assertThat(increase(before, after, "tilegate_sign_ins_total",
				Map.of("connection", DEMO, "outcome", "accepted", "reason", "none"))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_sign_ins_total",
				Map.of("connection", DEMO, "outcome", "refused", "reason", "assertion_replayed"))).isEqualTo(1);
		// Anyone can post to any connection id: it is not a tag value unless the connection exists.
		assertThat(increase(before, after, "tilegate_sign_ins_total",
				Map.of("connection", "unknown", "outcome", "refused", "reason", "unknown_connection"))).isEqualTo(1);
		assertThat(after.text()).doesNotContain("no-such-connection");
		assertThat(increase(before, after, "tilegate_sign_in_duration_seconds_count",
				Map.of("connection", DEMO, "outcome", "accepted"))).isEqualTo(1);
		assertThat(after.samples("tilegate_sign_in_duration_seconds_bucket",
				Map.of("connection", DEMO, "outcome", "accepted")))
			.extracting((sample) -> sample.labels().get("le"))
			.contains("0.1", "1.0", "+Inf");
		assertThat(increase(before, after, "tilegate_user_changes_total",
				Map.of("change", "created", "source", "saml", "connection", DEMO))).isEqualTo(1);
		assertNamesNoPersonNorSecret(after);
	}

	@Test
	void scimCallsAreCountedByMethodResourceAndStatusAndTimed() {
		PrometheusScrape before = scrape(this.key);
		ScimHttp scim = new ScimHttp(this.port, newScimToken(null).secret());
		String userName = "pat.scim-" + UUID.randomUUID() + "@example.com";

		JsonHttpResponse created = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
				 "name":{"givenName":"Pat","familyName":"Scim"},"emails":[{"value":"%s","type":"work"}]}"""
			.formatted(userName, userName));
		String id = created.json().path("id").asText();
		JsonHttpResponse found = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + userName + "\""));
		JsonHttpResponse deactivated = scim.patch("/Users/" + id, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","value":{"active":false}}]}""");
		JsonHttpResponse missing = scim.get("/Users/" + UUID.randomUUID());
		JsonHttpResponse refused = scim.withToken("tgscim_not-a-token").get("/Users");
		JsonHttpResponse discovery = scim.get("/ServiceProviderConfig");

		assertThat(List.of(created.status(), found.status(), deactivated.status(), missing.status(), refused.status(),
				discovery.status())).containsExactly(201, 200, 200, 404, 401, 200);
		PrometheusScrape after = scrape(this.key);
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", DEMO, "method", "POST", "resource", "Users", "status", "201"))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", DEMO, "method", "GET", "resource", "Users", "status", "200"))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", DEMO, "method", "PATCH", "resource", "Users", "status", "200"))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", DEMO, "method", "GET", "resource", "Users", "status", "404"))).isEqualTo(1);
		// A refused token names no connection.
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", "none", "method", "GET", "resource", "Users", "status", "401"))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_scim_requests_total",
				Map.of("connection", DEMO, "method", "GET", "resource", "ServiceProviderConfig", "status", "200")))
			.isEqualTo(1);
		assertThat(increase(before, after, "tilegate_scim_request_duration_seconds_count",
				Map.of("method", "GET", "resource", "Users"))).isEqualTo(3);
		assertThat(after.samples("tilegate_scim_request_duration_seconds_bucket",
				Map.of("method", "POST", "resource", "Users")))
			.extracting((sample) -> sample.labels().get("le"))
			.contains("0.05", "+Inf");
		assertThat(increase(before, after, "tilegate_user_changes_total",
				Map.of("change", "created", "source", "scim", "connection", DEMO))).isEqualTo(1);
		assertThat(increase(before, after, "tilegate_user_changes_total",
				Map.of("change", "deactivated", "source", "scim", "connection", DEMO))).isEqualTo(1);
		assertThat(after.text()).doesNotContain(id);
		assertNamesNoPersonNorSecret(after);
	}

	@Test
	void expiryGaugesCountTheDaysLeftFromTheDatabase() {
		Instant inThirtyDays = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
		String soon = newScimToken(inThirtyDays).id();
		String yearLong = newScimToken(null).id();

		PrometheusScrape scrape = scrape(this.key);

		assertThat(scrape.sum("tilegate_scim_token_expiry_days", Map.of("connection", DEMO, "token", soon)))
			.isCloseTo(30, within(0.01));
		assertThat(scrape.sum("tilegate_scim_token_expiry_days", Map.of("connection", DEMO, "token", yearLong)))
			.isCloseTo(365, within(0.01));
		// The demo IdP's key is new at every start and valid ten years.
		assertThat(scrape.samples("tilegate_idp_certificate_expiry_days", Map.of("connection", DEMO)))
			.singleElement()
			.satisfies((certificate) -> {
				assertThat(certificate.value()).isCloseTo(3650, within(1.0));
				assertThat(certificate.labels().get("certificate")).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
			});

		this.admin.delete("/api/v1/connections/demo/scim-tokens/" + soon);
		assertThat(scrape(this.key).samples("tilegate_scim_token_expiry_days", Map.of("token", soon)))
			.as("a revoked token is gone at the next scrape, on every node")
			.isEmpty();
		assertNamesNoPersonNorSecret(scrape);
	}

	@Test
	void personaRecomputesAreTimedAndTheirMembersCounted() throws Exception {
		PrometheusScrape before = scrape(this.key);
		JsonHttpResponse persona = this.admin.post("/api/v1/personas",
				"{\"name\":\"Everyone active " + UUID.randomUUID() + "\",\"rule\":{\"type\":\"active\"},\"spaces\":[]}");
		assertThat(persona.status()).as(persona.toString()).isEqualTo(201);
		this.recomputes.awaitIdle(Duration.ofSeconds(30));
		String userName = "joiner-" + UUID.randomUUID() + "@example.com";
		assertThat(new ScimHttp(this.port, newScimToken(null).secret()).post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s"}""".formatted(userName))
			.status()).isEqualTo(201);

		PrometheusScrape after = scrape(this.key);

		assertThat(increase(before, after, "tilegate_personas_recompute_seconds_count", Map.of("outcome", "done")))
			.isEqualTo(1);
		assertThat(increase(before, after, "tilegate_personas_members_changed_total",
				Map.of("membership", "persona", "change", "joined"))).isGreaterThanOrEqualTo(1);
		assertNamesNoPersonNorSecret(after);
	}

	private IssuedToken newScimToken(Instant expiresAt) {
		String body = (expiresAt != null) ? "{\"label\":\"metrics test\",\"expiresAt\":\"" + expiresAt + "\"}"
				: "{\"label\":\"metrics test\"}";
		JsonHttpResponse created = this.admin.post("/api/v1/connections/demo/scim-tokens", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		IssuedToken token = new IssuedToken(created.json().path("id").asText(), created.json().path("token").asText());
		this.tokensToRevoke.add(token.id());
		this.secrets.add(token.secret());
		return token;
	}

	private static double increase(PrometheusScrape before, PrometheusScrape after, String name,
			Map<String, String> labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

	/** Tag values are connections, reasons, methods and the like; never a person or a secret. */
	private void assertNamesNoPersonNorSecret(PrometheusScrape scrape) {
		assertThat(scrape.names("tilegate_")).isNotEmpty();
		assertThat(scrape.text()).doesNotContain("example.com")
			.doesNotContain("lovelace")
			.doesNotContain("hopper")
			.doesNotContain("tgscim_")
			.doesNotContain("tgadmin_");
		for (String secret : this.secrets) {
			assertThat(scrape.text()).doesNotContain(secret.substring(secret.indexOf('_') + 1));
		}
	}

	private record IssuedToken(String id, String secret) {
	}

}
