/**
 * The admin REST API under {@code /api/v1}: its own stateless security chain (HTTP Basic or an
 * admin API key), controllers for connections, SCIM tokens, API keys, users and their images,
 * events, personas and spaces, and the JSON error answers. The same sign-in guards the
 * operations endpoints under {@code /actuator}, where only health is open.
 *
 * <p>Reads {@code access}, {@code config}, {@code connections}, {@code directory},
 * {@code events}, {@code images}, {@code personas}, {@code scim} and {@code sessions}; no room
 * reads it.
 */
package io.tilegate.api;
