/**
 * The admin console: thin page controllers and their Thymeleaf templates
 * ({@code templates/admin/...}) for connections, the mapping test, users, events, personas,
 * spaces and API keys, and the console's own sign-in chain.
 *
 * <p>Reads the services of {@code access}, {@code connections}, {@code directory},
 * {@code events}, {@code images}, {@code personas}, {@code provisioning}, {@code saml},
 * {@code scim} and {@code sessions}; only {@code system} reads it, to assemble the security
 * chains.
 */
package io.tilegate.admin;
