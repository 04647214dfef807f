/**
 * Alerts that reach a person: conditions an admin must act on (an IdP certificate or SCIM token
 * near or past its end, a metadata URL failing to refresh, a connection's SCIM client gone
 * silent, a burst of refused sign-ins), evaluated by one node of the cluster at a time, kept in
 * the database with when each was raised and cleared, recorded as {@code ALERT_RAISED} and
 * {@code ALERT_CLEARED} events, shown on the console's overview while raised, and mailed to the
 * admins at most once per condition and day.
 *
 * <p>Another room adds a condition by declaring an {@link io.tilegate.alerts.AlertCondition}
 * bean (the webhooks' endpoint failing for a day is one): this room then evaluates, records and
 * mails it like its own, and never reads that room.
 *
 * <p>Reads {@code config}, {@code connections}, {@code expiry}, {@code scim} and
 * {@code events}; {@code admin} reads it.
 */
package io.tilegate.alerts;
