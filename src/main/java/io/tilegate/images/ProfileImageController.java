package io.tilegate.images;

import java.util.Optional;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Serves people's images at {@code /images/users/{userId}/{96|512}} to anyone signed in (the
 * browser chain refuses everyone else), as {@link ProfileImages#url} names them. The URL stays
 * the same when the image changes, so browsers keep a copy but ask each time whether it is
 * still current: the ETag is the content hash, and a current copy costs a 304 and one indexed
 * read without the bytes.
 */
@Controller
class ProfileImageController {

	private final ProfileImages images;

	ProfileImageController(ProfileImages images) {
		this.images = images;
	}

	@GetMapping("/images/users/{userId}/{pixels}")
	ResponseEntity<byte[]> image(@PathVariable String userId, @PathVariable String pixels,
			@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
		Optional<UUID> user = ServedImage.userId(userId);
		Optional<ImageSize> size = ServedImage.size(pixels);
		if (user.isEmpty() || size.isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		if (ifNoneMatch != null) {
			Optional<String> hash = this.images.contentHash(user.get(), size.get());
			if (hash.isPresent() && ServedImage.matches(ifNoneMatch, hash.get())) {
				return ServedImage.notModified(hash.get());
			}
		}
		return this.images.read(user.get(), size.get())
			.map((image) -> ServedImage.ok(image, user.get(), size.get()))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

}
