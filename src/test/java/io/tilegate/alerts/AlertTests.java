package io.tilegate.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.tilegate.admin.AdminConsoleIntegrationTest;
import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.connections.IdpMetadata;
import io.tilegate.connections.IdpMetadataRefresh;
import io.tilegate.connections.InvalidConnectionException;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimTokens;
import io.tilegate.system.FreePort;
import io.tilegate.system.MovableClock;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each condition raised and cleared as the hours pass on a {@link MovableClock}, seen the way an
 * admin sees it: the event log, the console's overview, and the mail a real SMTP server
 * (GreenMail, on a free port) received. The check is run by hand, many times and by two
 * "nodes" at once, and still mails each condition once a day.
 */
@Import(AlertTests.Clocks.class)
@TestPropertySource(properties = { "tilegate.alerts.interval=0", "tilegate.alerts.mail-to=admins@ops.example.com,idm@hr.example.org",
		"tilegate.alerts.mail-from=tilegate@example.com", "spring.mail.host=127.0.0.1" })
abstract class AlertTests extends AdminConsoleIntegrationTest {

	static final int SMTP_PORT = FreePort.any();

	static final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@BeforeAll
	static void startSmtp() {
		smtp.start();
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	@Autowired
	MovableClock clock;

	@Autowired
	AlertCheck check;

	@Autowired
	Alerts alerts;

	@Autowired
	ScimTokens tokens;

	@Autowired
	IdpMetadataRefresh refresh;

	Instant testStart;

	@BeforeEach
	void startClean() throws Exception {
		// A day later than the last test: its refusals out of the window, its mails on another day.
		this.clock.advance(Duration.ofDays(1));
		smtp.purgeEmailFromAllMailboxes();
		this.tokens.list(CONNECTION).forEach((token) -> this.tokens.revoke(CONNECTION, token.getId(), "test"));
		this.jdbc.update("update idp_connection set metadata_url = null, metadata_refresh_error = null where id = ?",
				CONNECTION);
		this.check.check();
		this.clock.advance(Duration.ofSeconds(1));
		this.testStart = this.clock.instant();
	}

	@Test
	void aScimTokenIsAlertedAtThirtySevenAndOneDaysAndWhenExpiredEachStageMailedOnce() throws Exception {
		Instant expiry = this.clock.instant().plus(Duration.ofDays(40));
		this.tokens.issue(CONNECTION, "Okta provisioning", expiry, "admin");
		this.check.check();
		assertThat(raised("credential-expiring:scim-token:")).isEmpty();

		this.clock.advance(Duration.ofDays(10).plusHours(1));
		checkManyTimesOnTwoNodes();
		assertThat(raised("credential-expiring:scim-token:")).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).startsWith("Alert raised: Connection okta: the SCIM token")
				.contains("expires within 30 days"));
		assertThat(mailsAbout("SCIM token expires within 30 days")).singleElement()
			.satisfies((mail) -> assertThat(GreenMailUtil.getBody(mail)).contains("Create a new token")
				.contains("https://intranet.example.com/admin"));
		assertThat(mailsAbout("SCIM token")).allSatisfy((mail) -> assertThat(mail.getAllRecipients()).hasSize(2));
		assertThat(smtp.getReceivedMessagesForDomain("hr.example.org")).isNotEmpty();
		assertThat(overview()).contains("id=\"alerts\"").contains("data-condition=\"credential-expiring:scim-token:");

		this.clock.advance(Duration.ofDays(23));
		checkManyTimesOnTwoNodes();
		this.clock.advance(Duration.ofDays(6));
		checkManyTimesOnTwoNodes();
		this.clock.advance(Duration.ofDays(1));
		checkManyTimesOnTwoNodes();
		assertThat(raised("credential-expiring:scim-token:")).extracting(Event::getSummary)
			.anySatisfy((summary) -> assertThat(summary).contains("expires within 7 days"))
			.anySatisfy((summary) -> assertThat(summary).contains("expires within 1 day "))
			.anySatisfy((summary) -> assertThat(summary).contains("expired on"))
			.hasSize(4);
		assertThat(mailsAbout("SCIM token")).extracting(AlertTests::subject)
			.containsExactly("[Tilegate] Connection okta: SCIM token expires within 30 days",
					"[Tilegate] Connection okta: SCIM token expires within 7 days",
					"[Tilegate] Connection okta: SCIM token expires within 1 day",
					"[Tilegate] Connection okta: SCIM token has expired");

		this.tokens.list(CONNECTION).forEach((token) -> this.tokens.revoke(CONNECTION, token.getId(), "admin"));
		this.check.check();
		assertThat(cleared("credential-expiring:scim-token:")).hasSize(1);
		assertThat(overview()).doesNotContain("data-condition=\"credential-expiring:scim-token:");
	}

	@Test
	void aMetadataUrlFailingForADayIsAlertedAndClearsWhenARefreshSucceeds() {
		String url = "https://127.0.0.1:1/metadata";
		this.jdbc.update("update idp_connection set metadata_url = ? where id = ?", url, CONNECTION);
		assertThatThrownBy(() -> this.refresh.refresh(CONNECTION, "test")).isInstanceOf(InvalidConnectionException.class);
		this.check.check();
		this.clock.advance(Duration.ofHours(23));
		assertThatThrownBy(() -> this.refresh.refresh(CONNECTION, "test")).isInstanceOf(InvalidConnectionException.class);
		this.check.check();
		assertThat(raised("metadata-refresh-failing:")).isEmpty();
		assertThat(overview()).doesNotContain("data-kind=\"metadata-refresh-failing\"");

		this.clock.advance(Duration.ofHours(1));
		this.check.check();
		this.check.check();
		assertThat(raised("metadata-refresh-failing:")).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains(url)
				.contains("has failed to refresh for 24 hours or more"));
		assertThat(mailsAbout("metadata URL failing for 24 hours")).hasSize(1);
		assertThat(overview()).contains("data-kind=\"metadata-refresh-failing\"");

		this.connections.applyRefresh(CONNECTION, url, IdpMetadata.parse(idp.metadataXml(false)), "test");
		this.check.check();
		assertThat(cleared("metadata-refresh-failing:")).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).startsWith("Alert cleared after 0 seconds"));
		assertThat(overview()).doesNotContain("data-kind=\"metadata-refresh-failing\"");
	}

	@Test
	void aConnectionWhoseScimClientFallsSilentIsAlertedAndClearsAtTheNextCall() throws Exception {
		String secret = this.tokens.issue(CONNECTION, "Okta provisioning", this.clock.instant().plus(Duration.ofDays(365)),
				"admin").secret();
		this.clock.advance(Duration.ofHours(23));
		this.check.check();
		assertThat(raised("scim-silent:")).isEmpty();

		this.clock.advance(Duration.ofHours(1));
		checkManyTimesOnTwoNodes();
		assertThat(raised("scim-silent:")).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("no SCIM call for 24 hours or more")
				.contains("none since its SCIM token was created"));
		assertThat(mailsAbout("no SCIM call")).hasSize(1);

		HttpResponse<String> call = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/scim/v2/Users?count=1"))
				.header("Authorization", "Bearer " + secret)
				.header("Accept", "application/scim+json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
		this.check.check();
		assertThat(cleared("scim-silent:")).hasSize(1);

		this.clock.advance(Duration.ofHours(25));
		this.check.check();
		assertThat(raised("scim-silent:")).hasSize(2).first().satisfies((event) -> assertThat(event.getSummary())
			.startsWith("Alert raised again:").contains("the last at "));
		assertThat(mailsAbout("no SCIM call")).as("the next day: mailed again").hasSize(2);
	}

	@Test
	void aBurstOfRefusedSignInsIsAlertedOnceAndClearsWhenItPasses() {
		for (int i = 0; i < 19; i++) {
			refusedSignIn();
		}
		this.check.check();
		assertThat(raised("sign-ins-refused:")).isEmpty();

		refusedSignIn();
		checkManyTimesOnTwoNodes();
		assertThat(raised("sign-ins-refused:")).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("20 sign-ins refused in the last 10 minutes"));
		assertThat(overview()).contains("data-condition=\"sign-ins-refused:okta\"");

		this.clock.advance(Duration.ofMinutes(11));
		this.check.check();
		assertThat(cleared("sign-ins-refused:")).hasSize(1);
		for (int i = 0; i < 20; i++) {
			refusedSignIn();
		}
		this.check.check();
		assertThat(raised("sign-ins-refused:")).hasSize(2);
		assertThat(mailsAbout("sign-ins refused")).as("the same condition on the same day: one mail").hasSize(1);
	}

	@Test
	void aMailTheSmtpServerCannotTakeIsSentAtTheNextCheckAndTheAlertIsRaisedAllTheSame() {
		for (int i = 0; i < 20; i++) {
			refusedSignIn();
		}
		smtp.stop();
		try {
			this.check.check();
		}
		finally {
			smtp.start();
		}
		assertThat(this.alerts.raised()).extracting(Alert::key).contains("sign-ins-refused:okta");

		this.check.check();
		this.check.check();
		assertThat(mailsAbout("sign-ins refused")).hasSize(1);
	}

	private void checkManyTimesOnTwoNodes() {
		CompletableFuture<Void> other = CompletableFuture.runAsync(this.check::check);
		this.check.check();
		other.join();
		this.check.check();
		this.check.check();
	}

	private void refusedSignIn() {
		HttpResponse<String> acs = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(uniqueUser()).audience("https://somewhere-else.example.com").build().base64());
		assertThat(acs.statusCode()).isNotEqualTo(302);
	}

	private List<Event> raised(String conditionPrefix) {
		return ofCondition(EventType.ALERT_RAISED, conditionPrefix);
	}

	private List<Event> cleared(String conditionPrefix) {
		return ofCondition(EventType.ALERT_CLEARED, conditionPrefix);
	}

	private List<Event> ofCondition(EventType type, String conditionPrefix) {
		return this.events.search(type, null, this.testStart, 1000).stream()
			.filter((event) -> event.getDetail().contains("\"condition\":\"" + conditionPrefix))
			.toList();
	}

	private static List<MimeMessage> mailsAbout(String subject) {
		// GreenMail keeps a copy per recipient; the copies of one mail share its Message-ID.
		Map<String, MimeMessage> mails = new LinkedHashMap<>();
		for (MimeMessage mail : smtp.getReceivedMessages()) {
			if (subject(mail).contains(subject)) {
				mails.putIfAbsent(header(mail, "Message-ID"), mail);
			}
		}
		return List.copyOf(mails.values());
	}

	private static String subject(MimeMessage mail) {
		return header(mail, "Subject");
	}

	private static String header(MimeMessage mail, String name) {
		try {
			return mail.getHeader(name, null);
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String overview() {
		// The moved clock may have outlived the admin's session: sign in again, as the admin would.
		return new ConsoleBrowser(this.port).signIn(ADMIN_PASSWORD).get("/admin").body();
	}

}
