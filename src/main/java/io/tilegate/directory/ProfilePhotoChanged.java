package io.tilegate.directory;

import java.util.Objects;
import java.util.UUID;

/**
 * A user's photo URL, as the IdP gave it by SAML or SCIM, changed. Published in the writing
 * transaction, so that the image fetch queued because of it commits or rolls back with the
 * change; the fetch itself runs later, never inside the sign-in or SCIM call.
 *
 * @param userId the user
 * @param photoUrl the new URL; {@code null} when the IdP no longer sends one
 */
public record ProfilePhotoChanged(UUID userId, String photoUrl) {

	public ProfilePhotoChanged {
		Objects.requireNonNull(userId, "userId");
	}

}
