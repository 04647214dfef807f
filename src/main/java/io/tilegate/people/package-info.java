/**
 * The people directory employees use at {@code /people}: colleagues searched by name,
 * department, title or office, a person's page with their manager, direct reports and
 * spaces, and the org chart the manager links make, walked up to the top and down to the
 * direct reports. Only signed-in people whose account is active see it, and only active
 * people are in it.
 *
 * <p>Reads {@code access}, {@code directory}, {@code images} and {@code personas}; no room reads it.
 */
package io.tilegate.people;
