/**
 * Webhooks: the events of the log that other systems want (users, groups, memberships,
 * connections, alerts), pushed to the endpoints admins register, signed as the Standard
 * Webhooks specification says. Each event is written to an outbox in the transaction that
 * recorded it, and delivered from there by one node at a time per endpoint, with retries for
 * up to three days; the endpoints' secrets are sealed with a key from configuration.
 *
 * <p>Reads {@code config}, {@code events} (what was recorded), {@code directory} and
 * {@code personas} (the user as the admin API shows them) and {@code outbound} (the guarded
 * post); {@code api} and {@code admin} read it.
 */
package io.tilegate.webhooks;
