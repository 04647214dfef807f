package io.tilegate.images;

import java.time.Instant;

/**
 * The image a person is shown with, after precedence.
 *
 * @param origin who gave it
 * @param contentHash the SHA-256 (hex) of its large size as served; changes whenever the image does
 * @param updatedAt when Tilegate stored it
 * @param sourceUrl the URL the IdP named, for {@link ImageOrigin#IDP}; otherwise {@code null}
 */
public record ProfileImage(ImageOrigin origin, String contentHash, Instant updatedAt, String sourceUrl) {
}
