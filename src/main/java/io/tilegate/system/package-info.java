/**
 * The roof: the assembly of the security chains, the error and form-size pages, and the check
 * that ends a deactivated user's session at their next request.
 *
 * <p>Reads {@code access}, {@code admin}, {@code directory}, {@code events} and {@code saml};
 * no room reads it.
 */
package io.tilegate.system;
