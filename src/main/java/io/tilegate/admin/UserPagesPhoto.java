package io.tilegate.admin;

import java.time.Instant;
import java.util.Optional;

import io.tilegate.directory.UserDossier;
import io.tilegate.images.ImageFetchProblem;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ProfileImage;
import io.tilegate.images.ProfileImages;

/**
 * The photo card of a user's page: where the photo shown came from, the photo the IdP sends,
 * and the IdP's photo that could not be used. URLs are shown as the event log shows them,
 * without query or user info: a signed image URL's query is a credential.
 *
 * @param origin {@code USER}, {@code ADMIN} or {@code IDP}; {@code null} when there is no photo
 * @param sourceUrl where the IdP's photo shown came from; {@code null} for an upload
 * @param channel how the IdP sends the user's profile: SAML, SCIM, or either
 * @param idpPhotoUrl the photo URL the IdP sends now, or {@code null}
 * @param problem the IdP's photo that could not be used, or {@code null}
 */
record UserPagesPhoto(String origin, Instant updatedAt, String sourceUrl, String channel, String idpPhotoUrl,
		Problem problem) {

	record Problem(String sourceUrl, String reason, Instant failedAt) {
	}

	static UserPagesPhoto of(UserDossier user, Optional<ProfileImage> image, Optional<ImageFetchProblem> problem) {
		return new UserPagesPhoto(image.map((shown) -> shown.origin().name()).orElse(null),
				image.map(ProfileImage::updatedAt).orElse(null),
				image.map(ProfileImage::sourceUrl).map(ProfileImages::shown).orElse(null), channel(user.source()),
				ProfileImages.shown(user.photoUrl()),
				problem.map((found) -> new Problem(ProfileImages.shown(found.sourceUrl()), found.reason(),
						found.failedAt()))
					.orElse(null));
	}

	/** A photo someone uploaded, which stays until removed. */
	public boolean uploaded() {
		return ImageOrigin.USER.name().equals(this.origin) || ImageOrigin.ADMIN.name().equals(this.origin);
	}

	private static String channel(String source) {
		return switch (source) {
			case "both" -> "SAML or SCIM";
			case "scim" -> "SCIM";
			default -> "SAML";
		};
	}

}
