package io.tilegate.saml;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.saml2.core.Saml2Error;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IssueInstant window, which OpenSAML 4.0.1 lacks: a captured response replayed long
 * after, and one pre-dated into the future to outlive its validity, are refused; one inside
 * the window, at either edge of the clock skew, is not.
 */
class IssueInstantWindowTests {

	private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

	private final IssueInstantWindow window = new IssueInstantWindow(Clock.fixed(NOW, ZoneOffset.UTC),
			Duration.ofMinutes(5), Duration.ofMinutes(2));

	@Test
	void aCapturedResponseReplayedAnHourLaterIsStale() {
		Saml2Error error = this.window.check(NOW.minus(Duration.ofHours(1)), "response");
		assertThat(error.getErrorCode()).isEqualTo(RefusalReason.STALE);
		assertThat(error.getDescription()).contains("more than 5 minutes ago", "120 s clock skew");
	}

	@Test
	void aResponseIssuedFourHundredDaysAgoIsStaleWhateverItsNotOnOrAfterSays() {
		assertThat(this.window.check(NOW.minus(Duration.ofDays(400)), "assertion").getErrorCode())
			.isEqualTo(RefusalReason.STALE);
	}

	@Test
	void aResponsePreDatedIntoTheFutureIsRefused() {
		Saml2Error error = this.window.check(NOW.plus(Duration.ofHours(1)), "assertion");
		assertThat(error.getErrorCode()).isEqualTo(RefusalReason.FROM_THE_FUTURE);
		assertThat(error.getDescription()).contains("in the future", "Check the IdP's clock");
	}

	@Test
	void aMessageWithoutIssueInstantIsRefused() {
		assertThat(this.window.check(null, "response").getErrorCode()).isEqualTo(RefusalReason.STALE);
	}

	@Test
	void theEdgesOfTheWindowAreInside() {
		assertThat(this.window.check(NOW, "response")).isNull();
		assertThat(this.window.check(NOW.minus(Duration.ofMinutes(7)), "response")).isNull();
		assertThat(this.window.check(NOW.plus(Duration.ofMinutes(2)), "response")).isNull();
		assertThat(this.window.check(NOW.minus(Duration.ofMinutes(7)).minusMillis(1), "response")).isNotNull();
		assertThat(this.window.check(NOW.plus(Duration.ofMinutes(2)).plusMillis(1), "response")).isNotNull();
	}

}
