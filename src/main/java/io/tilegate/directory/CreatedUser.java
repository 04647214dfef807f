package io.tilegate.directory;

/**
 * A user {@link Directory#createUser(String, ProfileEdit, Provenance) created} with a profile,
 * and what of the edit was written or skipped.
 */
public record CreatedUser(UserSummary user, ProfileUpdate profile) {
}
