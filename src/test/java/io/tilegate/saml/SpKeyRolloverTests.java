package io.tilegate.saml;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.api.AdminHttp;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlBindings;
import io.tilegate.events.EventType;
import io.tilegate.expiry.DailyCredentialCheck;
import io.tilegate.system.JsonHttpResponse;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SP key pair rolls over with IdPs signing in throughout, over real HTTP: the next pair is
 * created with the console's button, published beside the current one and decrypts; it is
 * promoted through the admin API and signs from then on; the replaced pair is retired by the
 * daily check once the grace period is over on a {@link MovableClock}. Run on H2 and on
 * PostgreSQL.
 */
@Import(SpKeyRolloverTests.Clocks.class)
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "tilegate.admin-password=" + SpKeyRolloverTests.ADMIN_PASSWORD,
		"tilegate.saml.key-grace-period=7d" })
abstract class SpKeyRolloverTests extends SamlIntegrationTest {

	static final String ADMIN_PASSWORD = "rollover-Admin-Pa55word";

	private static final Pattern SIGNING = Pattern.compile("<md:KeyDescriptor use=\"signing\">");

	private static final Pattern ENCRYPTION = Pattern.compile("<md:KeyDescriptor use=\"encryption\">");

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			MovableClock clock = new MovableClock();
			// Sign-ins are checked against OpenSAML's own clock too: start from the real time.
			clock.advance(Duration.between(clock.instant(), Instant.now()));
			return clock;
		}

	}

	@Autowired
	SpCredentials credentials;

	@Autowired
	DailyCredentialCheck dailyCheck;

	@Autowired
	MovableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theSpKeyRollsOverWithoutAnOutage(CapturedOutput output) {
		this.connections.save("keycloak", new ConnectionSettings(idp.metadataXml(true), "okta", null, true, true, null),
				ConnectionOrigin.API, "test");
		X509Certificate first = this.credentials.certificate();
		assertThat(count(SIGNING, metadata(CONNECTION))).isEqualTo(1);

		ConsoleBrowser console = new ConsoleBrowser(this.port).signIn(ADMIN_PASSWORD);
		console.get("/admin/connections/" + CONNECTION + "?section=sp-keys");
		HttpResponse<String> created = console.submit("/admin/connections/" + CONNECTION + "/sp-keys/next",
				Map.of("section", "sp-keys"));
		assertThat(ConsoleBrowser.location(created)).endsWith("/admin/connections/" + CONNECTION + "?section=sp-keys");
		AdminHttp api = new AdminHttp(this.port).basic("admin", ADMIN_PASSWORD);
		X509Certificate next = SpCredentials.readCertificate(api.get("/api/v1/sp-keys")
			.json()
			.path("keys")
			.path(1)
			.path("certificatePem")
			.asText());
		assertThat(next).isNotEqualTo(first);
		JsonHttpResponse another = api.post("/api/v1/sp-keys/next", "");
		assertThat(another.status()).isEqualTo(409);
		assertThat(another.toString()).contains("A next key pair exists already");
		assertThat(eventsOf(EventType.SP_KEY_CREATED)).singleElement()
			.satisfies((event) -> assertThat(event.getActor()).isEqualTo("admin"));

		String during = metadata(CONNECTION);
		assertThat(count(SIGNING, during)).isEqualTo(2);
		assertThat(count(ENCRYPTION, during)).isEqualTo(2);
		assertThat(during).contains(base64(first)).contains(base64(next));
		int before = output.getOut().length();
		signsIn(first);
		signsIn(next);
		// Each with the key the IdP named in its EncryptedKey, tried first: OpenSAML logs an ERROR for every key it tries in vain.
		assertThat(output.getOut().substring(before)).doesNotContain("Error decrypting encrypted key")
			.doesNotContain("Failed to decrypt");
		assertThat(SamlBindings.verifyRedirectSignature(startSignIn("keycloak").getRawQuery(), first)).isTrue();

		String page = console.get("/admin/connections/" + CONNECTION + "?section=sp-keys").body();
		assertThat(page).contains("id=\"metadata-fetch-list\"").contains("Java-http-client");
		assertThat(console.get("/admin/connections/keycloak?section=sp-keys").body()).contains("id=\"no-metadata-fetch\"");

		JsonHttpResponse promoted = api.post("/api/v1/sp-keys/next/promote", "");
		assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
		assertThat(api.post("/api/v1/sp-keys/next/promote", "").status()).isEqualTo(409);

		URI signedByNext = startSignIn("keycloak");
		assertThat(SamlBindings.verifyRedirectSignature(signedByNext.getRawQuery(), next)).isTrue();
		assertThat(SamlBindings.verifyRedirectSignature(signedByNext.getRawQuery(), first)).isFalse();
		assertThat(this.credentials.certificate()).isEqualTo(next);
		signsIn(first);
		assertThat(count(SIGNING, metadata(CONNECTION))).isEqualTo(2);

		this.clock.advance(Duration.ofDays(7).plusMinutes(1));
		assertThat(this.dailyCheck.checkOncePerCluster()).isTrue();

		String after = metadata(CONNECTION);
		assertThat(count(SIGNING, after)).isEqualTo(1);
		assertThat(count(ENCRYPTION, after)).isEqualTo(1);
		assertThat(after).contains(base64(next)).doesNotContain(base64(first));
		assertThat(this.jdbc.queryForObject("select count(*) from sp_credential where private_key_pem is null",
				Integer.class)).isEqualTo(1);
		assertThat(eventsOf(EventType.SP_KEY_RETIRED)).hasSize(1);
	}

	private void signsIn(X509Certificate encryptedTo) {
		String user = uniqueUser();
		IssuedResponse issued = response(user).now(this.clock.instant()).encryptFor(encryptedTo).build();
		assertThat(issued.xml()).contains("EncryptedAssertion");
		Browser browser = new Browser(this.port);

		HttpResponse<String> acs = browser.postResponse(CONNECTION, issued.base64(), null);

		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(browser.get("/").body()).contains(user);
	}

	private URI startSignIn(String connectionId) {
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + connectionId);
		return URI.create(start.headers().firstValue("Location").orElseThrow());
	}

	private String metadata(String connectionId) {
		HttpResponse<String> metadata = this.browser.get("/saml2/service-provider-metadata/" + connectionId);
		assertThat(metadata.statusCode()).isEqualTo(200);
		return metadata.body();
	}

	private static int count(Pattern pattern, String xml) {
		Matcher matcher = pattern.matcher(xml);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static String base64(X509Certificate certificate) {
		try {
			return Base64.getEncoder().encodeToString(certificate.getEncoded());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
