/**
 * Who may do what: the break-glass admin and its password, admin sessions and their shorter
 * timeout, the sign-in throttle shared by the console form and the admin API, admin API keys,
 * and the bearer secrets (admin API keys, SCIM tokens) that are stored only as hashes.
 *
 * <p>Reads {@code config} and the event log ({@code events}) and nothing else; {@code saml},
 * {@code admin}, {@code api}, {@code scim} and {@code sessions} read it.
 */
package io.tilegate.access;
