package io.tilegate.saml;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.saml2.core.Saml2Error;

/**
 * Refuses a message issued too long ago or in the future. OpenSAML 4.0.1 has no IssueInstant
 * age check, so without this an assertion with a far NotOnOrAfter (or none) lives forever.
 */
final class IssueInstantWindow {

	private final Clock clock;

	private final Duration maxAge;

	private final Duration clockSkew;

	IssueInstantWindow(Clock clock, Duration maxAge, Duration clockSkew) {
		this.clock = clock;
		this.maxAge = maxAge;
		this.clockSkew = clockSkew;
	}

	/** An error for the message, or {@code null} when it was issued within the window. */
	Saml2Error check(Instant issueInstant, String what) {
		if (issueInstant == null) {
			return new Saml2Error(RefusalReason.STALE, "The " + what + " has no IssueInstant.");
		}
		Instant now = Instant.now(this.clock);
		if (issueInstant.isBefore(now.minus(this.maxAge).minus(this.clockSkew))) {
			return new Saml2Error(RefusalReason.STALE,
					"The " + what + " was issued at " + issueInstant + ", more than " + this.maxAge.toMinutes()
							+ " minutes ago (plus " + this.clockSkew.toSeconds() + " s clock skew). "
							+ "A stale or replayed response, or the IdP's clock is wrong.");
		}
		if (issueInstant.isAfter(now.plus(this.clockSkew))) {
			return new Saml2Error(RefusalReason.FROM_THE_FUTURE,
					"The " + what + " was issued at " + issueInstant + ", in the future beyond the "
							+ this.clockSkew.toSeconds() + " s clock skew. Check the IdP's clock.");
		}
		return null;
	}

	Duration clockSkew() {
		return this.clockSkew;
	}

	Duration maxAge() {
		return this.maxAge;
	}

}
