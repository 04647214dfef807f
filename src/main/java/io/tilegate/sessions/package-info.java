/**
 * Signed-in sessions: kept in the database by Spring Session JDBC so that every node serves
 * every session and a restart keeps them, indexed by the Tilegate user they belong to, and
 * ended at once, on every node, when that user loses access.
 *
 * <p>Reads {@code access} (the hash of a bearer secret), {@code config}, {@code directory} and
 * {@code events}; {@code admin}, {@code api}, {@code scim} and {@code system} read it. It
 * follows the directory's {@code UserChanged} events to end the sessions of users deactivated
 * by any writer; a deletion, which publishes none for the deleted user, is reported by its
 * three doors (admin page, admin API, SCIM).
 */
package io.tilegate.sessions;
