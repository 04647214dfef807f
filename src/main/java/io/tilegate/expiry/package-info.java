/**
 * Credentials that expire, said out loud before they do: IdP signing certificates and SCIM
 * tokens near their end, warned of at 30, 7 and 1 days on the console and once per threshold
 * in the event log, and the daily check that also retires the SP key pairs past their grace
 * period.
 *
 * <p>Reads {@code config}, {@code connections}, {@code scim}, {@code saml} and {@code events};
 * {@code admin} and {@code api} read it.
 */
package io.tilegate.expiry;
