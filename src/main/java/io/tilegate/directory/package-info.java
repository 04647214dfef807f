/**
 * The directory everyone else writes through: users and their profiles, identity links, custom
 * fields, managers, groups and the groups SCIM pushes, with an event for every change, and a
 * {@code UserChanged} for every user changed, which others (personas) follow.
 *
 * <p>Reads only the event log ({@code events}); the feature rooms read it.
 */
package io.tilegate.directory;
