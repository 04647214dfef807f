package io.tilegate.images;

import java.util.Optional;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * How an image answer looks, wherever it is served (the browsers' URL, the admin API): the
 * content type Tilegate wrote, never sniffed; kept only by the browser that asked, and checked
 * again before each use; shown inline under a name made of the user's id alone.
 */
public final class ServedImage {

	// The bytes are Tilegate's own JPEG or PNG; should anything open one as a document anyway,
	// it may run and load nothing.
	private static final String POLICY = "default-src 'none'; sandbox";

	private ServedImage() {
	}

	/** A user id as a URL names it; empty for anything that is not one. */
	public static Optional<UUID> userId(String value) {
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A size as a URL names it ({@code 96}, {@code 512}); empty for anything else. */
	public static Optional<ImageSize> size(String pixels) {
		// One spelling per size: "0096" is not another URL of the same image.
		if (pixels == null || !pixels.matches("[1-9][0-9]{0,3}")) {
			return Optional.empty();
		}
		return ImageSize.ofPixels(Integer.parseInt(pixels));
	}

	public static ResponseEntity<byte[]> ok(ImageBytes image, UUID userId, ImageSize size) {
		String extension = MediaType.IMAGE_PNG_VALUE.equals(image.contentType()) ? "png" : "jpg";
		return ResponseEntity.ok()
			.headers(common(image.contentHash()))
			.contentType(MediaType.parseMediaType(image.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline()
						.filename("user-" + userId + "-" + size.pixels() + "." + extension)
						.build()
						.toString())
			.body(image.bytes());
	}

	public static ResponseEntity<byte[]> notModified(String contentHash) {
		return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(common(contentHash)).build();
	}

	/** Whether an If-None-Match header names this content hash (or any, with {@code *}). */
	public static boolean matches(String ifNoneMatch, String contentHash) {
		for (String tag : ifNoneMatch.split(",")) {
			String value = tag.strip();
			if (value.startsWith("W/")) {
				value = value.substring(2);
			}
			if (value.equals("*") || value.equals(etag(contentHash))) {
				return true;
			}
		}
		return false;
	}

	private static HttpHeaders common(String contentHash) {
		HttpHeaders headers = new HttpHeaders();
		headers.setETag(etag(contentHash));
		headers.setCacheControl(CacheControl.noCache().cachePrivate());
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", POLICY);
		return headers;
	}

	private static String etag(String contentHash) {
		return "\"" + contentHash + "\"";
	}

}
