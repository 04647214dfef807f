package io.tilegate.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tilegate.connections.IdpMetadata;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.expiry.DailyCredentialCheck;
import io.tilegate.expiry.ExpiryWarnings;
import io.tilegate.scim.ScimTokens;
import io.tilegate.system.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IdP signing certificate and a SCIM token nearing their end, as the days pass on a
 * {@link MovableClock}: each is warned of at 30, 7 and 1 days on the overview and the
 * connection's page, with one event per threshold however often the check runs (two runs stand
 * for two nodes).
 */
@Import(ExpiryWarningTests.Clocks.class)
class ExpiryWarningTests extends AdminConsoleIntegrationTest {

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@Autowired
	MovableClock clock;

	@Autowired
	ExpiryWarnings warnings;

	@Autowired
	DailyCredentialCheck dailyCheck;

	@Autowired
	ScimTokens tokens;

	@Test
	void certificatesAndTokensAreWarnedOfAtThirtySevenAndOneDays() {
		Instant certificateExpiry = IdpMetadata.parse(idp.metadataXml(false)).signingCertificates().get(0).notAfter();
		this.clock.advance(Duration.between(this.clock.instant(), certificateExpiry.minus(Duration.ofDays(31))));
		Instant tokenExpiry = this.clock.instant().plus(Duration.ofDays(45));
		this.tokens.issue(CONNECTION, "Okta provisioning", tokenExpiry, "admin");
		assertThat(this.dailyCheck.checkOncePerCluster()).isTrue();
		assertThat(expiryEvents()).isEmpty();
		assertThat(consolePage("/admin")).doesNotContain("id=\"expiry-warnings\"");

		this.clock.advance(Duration.ofDays(2));
		checkTwice();
		assertThat(thresholds("cert:")).containsExactly(30);
		assertThat(consolePage("/admin")).contains("id=\"expiry-warnings\"")
			.contains("the IdP signing certificate")
			.contains("expires within 30 days");

		this.clock.advance(Duration.ofDays(22));
		checkTwice();
		assertThat(thresholds("cert:")).containsExactlyInAnyOrder(30, 7);
		assertThat(thresholds("scim-token:")).containsExactly(30);
		assertThat(consolePage("/admin/connections/" + CONNECTION)).contains("expires within 7 days")
			.contains("the SCIM token &quot;Okta provisioning&quot;")
			.contains("expires within 30 days");

		this.clock.advance(Duration.ofDays(6).plusHours(12));
		checkTwice();
		assertThat(thresholds("cert:")).containsExactlyInAnyOrder(30, 7, 1);
		assertThat(thresholds("scim-token:")).containsExactly(30);
		assertThat(consolePage("/admin")).contains("expires within 1 day ");
		assertThat(expiryEvents()).allSatisfy((event) -> assertThat(event.getConnectionId()).isEqualTo(CONNECTION));
	}

	private void checkTwice() {
		this.warnings.recordCrossedThresholds();
		this.warnings.recordCrossedThresholds();
	}

	private String consolePage(String path) {
		// The moved clock may have outlived the admin's session: sign in again, as the admin would.
		return new ConsoleBrowser(this.port).signIn(ADMIN_PASSWORD).get(path).body();
	}

	private List<Event> expiryEvents() {
		return eventsOf(EventType.CREDENTIAL_EXPIRING);
	}

	private List<Integer> thresholds(String subjectPrefix) {
		return expiryEvents().stream()
			.filter((event) -> event.getDetail().contains("\"subject\":\"" + subjectPrefix))
			.map((event) -> event.getDetail().replaceAll(".*\"thresholdDays\":(\\d+).*", "$1"))
			.map(Integer::valueOf)
			.toList();
	}

}
