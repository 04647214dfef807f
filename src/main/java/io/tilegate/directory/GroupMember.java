package io.tilegate.directory;

import java.util.UUID;

/** A user in a group, as a group lists them. */
public record GroupMember(UUID userId, String userName) {
}
