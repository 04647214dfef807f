/**
 * The directory everyone else writes through, one service per job: users and their profiles
 * ({@code Directory}), the NameIDs linked to them ({@code IdentityLinks}), custom fields
 * ({@code CustomFields}), the groups sign-ins assert ({@code GroupMemberships}) and those SCIM
 * pushes ({@code PushedGroups}), and users as SCIM entries ({@code UserEntries}); the admin's,
 * the people directory's and the persona rules' reads are {@code DirectoryReports},
 * {@code Colleagues} and {@code PersonaFacts}. Every change records an event, and a
 * {@code UserChanged} for each user it changed, which others (personas) follow.
 *
 * <p>Reads only the event log ({@code events}); the feature rooms read it.
 */
package io.tilegate.directory;
