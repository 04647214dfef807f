package io.tilegate.directory;

import java.util.UUID;

/** Enough of a user to decide what a login or a SCIM call may do with them. */
public record UserSummary(UUID id, String userName, boolean active, boolean scimManaged) {
}
