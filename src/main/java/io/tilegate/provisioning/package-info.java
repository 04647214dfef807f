/**
 * Just-in-time provisioning: what a SAML sign-in does to the directory (who it is, which fields
 * and groups it changes), shared by the sign-in and the admin's preview of it.
 *
 * <p>Reads {@code connections}, {@code directory} and {@code events} (personas follow the users
 * it changes through the directory);
 * {@code saml} and {@code admin} read it.
 */
package io.tilegate.provisioning;
