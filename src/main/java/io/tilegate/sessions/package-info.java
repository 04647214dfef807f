/**
 * Signed-in sessions: kept in the database by Spring Session JDBC so that every node serves
 * every session and a restart keeps them, and indexed by the Tilegate user they belong to.
 *
 * <p>Reads {@code directory} (who a signed-in principal is); no room reads it.
 */
package io.tilegate.sessions;
