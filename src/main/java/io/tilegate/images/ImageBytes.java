package io.tilegate.images;

/**
 * One stored size of an image, as served.
 *
 * @param contentType {@code image/jpeg} or {@code image/png}
 * @param contentHash the SHA-256 (hex) of {@code bytes}: the served ETag
 */
public record ImageBytes(byte[] bytes, String contentType, String contentHash) {
}
