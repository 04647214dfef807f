package io.tilegate.expiry;

import java.time.Duration;
import java.time.Instant;

/**
 * A certificate or token that expires within the widest threshold, or has expired.
 *
 * @param subject what it is, as {@code expiry_warning} keys it: never a secret
 * @param what how the pages and the event log name it
 * @param threshold the narrowest threshold crossed: 30, 7 or 1 days
 */
public record ExpiryWarning(Kind kind, String connectionId, String subject, String what, Instant expiresAt,
		int threshold, Instant now) {

	/** The days ahead at which an admin is warned, widest first. */
	static final int[] THRESHOLDS = { 30, 7, 1 };

	public enum Kind {

		IDP_CERTIFICATE, SCIM_TOKEN

	}

	/** The narrowest threshold crossed at {@code now}, or 0 when none is. */
	static int thresholdAt(Instant expiresAt, Instant now) {
		int crossed = 0;
		for (int days : THRESHOLDS) {
			if (expiresAt.isBefore(now.plus(Duration.ofDays(days)).plusNanos(1))) {
				crossed = days;
			}
		}
		return crossed;
	}

	public boolean expired() {
		return !this.expiresAt.isAfter(this.now);
	}

	/** Whole days left, rounded down; 0 on its last day. */
	public long daysLeft() {
		return Math.max(0, Duration.between(this.now, this.expiresAt).toDays());
	}

	/** {@code bad} within a day or expired, else {@code warn}: the pages' state classes. */
	public String state() {
		return (this.threshold == 1 || expired()) ? "bad" : "warn";
	}

	/** What it means and what to do, for the pages and the event's summary. */
	public String sentence() {
		String when = expired() ? "expired on " + this.expiresAt
				: "expires within " + this.threshold + (this.threshold == 1 ? " day" : " days") + " (" + this.expiresAt
						+ ")";
		return switch (this.kind) {
			case IDP_CERTIFICATE -> "Connection " + this.connectionId + ": the IdP signing certificate " + this.what
					+ " " + when + ". "
					+ (expired() ? "Sign-ins signed with it are refused. "
							: "Once it has expired, sign-ins signed with it are refused. ")
					+ "Have the IdP's admin create the next certificate, then replace or refresh this connection's "
					+ "metadata so it holds both, before the IdP switches.";
			case SCIM_TOKEN -> "Connection " + this.connectionId + ": the SCIM token " + this.what + " " + when + ". "
					+ (expired() ? "The IdP's provisioning gets 401 on every push. "
							: "From then on the IdP's provisioning gets 401 on every push. ")
					+ "Create a new token on the connection's page, put it in the IdP's provisioning settings, then "
					+ "revoke this one.";
		};
	}

}
