/**
 * The roof: the assembly of the security chains, the error and form-size pages, the notice
 * shown to a user whose session was ended, and the per-request check that ends it should
 * ending it at once have failed.
 *
 * <p>Reads {@code access}, {@code admin}, {@code directory}, {@code events}, {@code saml} and
 * {@code sessions}; no room reads it.
 */
package io.tilegate.system;
