package io.tilegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.access.AdminActor;
import io.tilegate.directory.Directory;
import io.tilegate.images.ImageFetchProblem;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.ProfileImage;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.RefusedImageException;
import io.tilegate.images.ServedImage;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.multipart.MultipartFile;

/**
 * A user's image as a script manages it (OneLogin's and Okta's "add user image"): upload, as the
 * request's body or as a form's {@code file} part; read, as the image itself or, asked for JSON,
 * where it came from; remove the upload. The format is decided from the bytes, never from the
 * Content-Type, which only tells how the bytes are sent.
 */
@RestController
@RequestMapping("/api/v1/users/{id}/image")
class UserImageController {

	private static final String SENT_HOW = "Send a JPEG, PNG or GIF of at most 5 MB as the request body (Content-Type "
			+ "image/jpeg, image/png, image/gif or application/octet-stream), or as multipart/form-data in a part "
			+ "named 'file'.";

	private final ProfileImages images;

	private final Directory directory;

	UserImageController(ProfileImages images, Directory directory) {
		this.images = images;
		this.directory = directory;
	}

	@PutMapping(consumes = { "image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	ImageRecord uploadBody(@PathVariable String id, HttpServletRequest request,
			@AuthenticationPrincipal AdminActor actor) throws IOException {
		UUID userId = requireUser(id);
		long declared = request.getContentLengthLong();
		if (declared > ProfileImages.MAX_BYTES) {
			// Refused unread: Tomcat drops the rest of the body.
			throw this.images.refuseTooLarge(userId, declared, ImageOrigin.ADMIN, actor.name());
		}
		byte[] bytes;
		try (InputStream body = request.getInputStream()) {
			bytes = body.readNBytes(ProfileImages.MAX_BYTES + 1);
		}
		if (bytes.length > ProfileImages.MAX_BYTES) {
			// Sent without a length (chunked): one byte past the limit is enough to know.
			throw this.images.refuseTooLarge(userId, -1, ImageOrigin.ADMIN, actor.name());
		}
		return upload(userId, bytes, actor);
	}

	@PutMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ImageRecord uploadForm(@PathVariable String id, @RequestPart("file") MultipartFile file,
			@AuthenticationPrincipal AdminActor actor) throws IOException {
		UUID userId = requireUser(id);
		if (file.getSize() > ProfileImages.MAX_BYTES) {
			// Within Tomcat's limit, which is the forms' (MultipartForms), not an image's: refused unread.
			throw this.images.refuseTooLarge(userId, file.getSize(), ImageOrigin.ADMIN, actor.name());
		}
		return upload(userId, file.getBytes(), actor);
	}

	/** Any other Content-Type, or none: said in the API's words rather than Spring's. */
	@PutMapping
	ImageRecord unsupported(@PathVariable String id) {
		requireUser(id);
		throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, SENT_HOW);
	}

	private ImageRecord upload(UUID userId, byte[] bytes, AdminActor actor) {
		try {
			return ImageRecord.of(userId, this.images.upload(userId, bytes, ImageOrigin.ADMIN, actor.name()), null);
		}
		catch (IllegalArgumentException ex) {
			throw noSuchUser(userId.toString());
		}
	}

	/**
	 * The image itself ({@code ?size=512}, the default, or {@code 96}), with the headers the
	 * browsers' URL has; or, for {@code Accept: application/json}, where it came from and any
	 * problem fetching the IdP's.
	 */
	@GetMapping
	ResponseEntity<?> read(@PathVariable String id, @RequestParam(defaultValue = "512") String size,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		UUID userId = requireUser(id);
		if (wantsJson(accept)) {
			Optional<ProfileImage> current = this.images.current(userId);
			Optional<ImageFetchProblem> problem = this.images.fetchProblem(userId);
			if (current.isEmpty() && problem.isEmpty()) {
				throw noImage(id);
			}
			return ResponseEntity.ok(ImageRecord.of(userId, current.orElse(null), problem.orElse(null)));
		}
		ImageSize imageSize = ServedImage.size(size)
			.orElseThrow(() -> ApiException.badRequest("size is 512 or 96, not '" + size + "'."));
		if (ifNoneMatch != null) {
			Optional<String> hash = this.images.contentHash(userId, imageSize);
			if (hash.isPresent() && ServedImage.matches(ifNoneMatch, hash.get())) {
				return ServedImage.notModified(hash.get());
			}
		}
		return this.images.read(userId, imageSize)
			.map((image) -> ServedImage.ok(image, userId, imageSize))
			.orElseThrow(() -> noImage(id));
	}

	/** Removes the uploaded image; the IdP's, if it sent one, is shown again. */
	@DeleteMapping
	ResponseEntity<Void> remove(@PathVariable String id, @AuthenticationPrincipal AdminActor actor) {
		UUID userId = requireUser(id);
		boolean removed;
		try {
			removed = this.images.removeUpload(userId, actor.name());
		}
		catch (IllegalArgumentException ex) {
			throw noSuchUser(id);
		}
		if (!removed) {
			throw ApiException.notFound("User '" + id + "' has no uploaded image to remove. An image from the IdP "
					+ "goes when the IdP stops sending a photo.");
		}
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(RefusedImageException.class)
	ResponseEntity<ApiErrors.ApiError> refused(RefusedImageException ex) {
		HttpStatus status = switch (ex.reason()) {
			case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
			case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			case TOO_MANY_PIXELS, UNREADABLE -> HttpStatus.BAD_REQUEST;
		};
		return ApiErrors.body(status, ex.getMessage() + " Nothing was changed.");
	}

	/** A multipart body over the servlet's limit: refused before the controller could read it. */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ApiErrors.ApiError> tooLarge(HttpServletRequest request, @AuthenticationPrincipal AdminActor actor) {
		String id = (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path)
				? String.valueOf(path.get("id")) : "";
		Optional<UUID> userId = findUser(id);
		if (userId.isEmpty()) {
			return ApiErrors.body(HttpStatus.NOT_FOUND, noSuchUser(id).getMessage());
		}
		return refused(this.images.refuseTooLarge(userId.get(), request.getContentLengthLong(), ImageOrigin.ADMIN,
				actor.name()));
	}

	private static boolean wantsJson(String accept) {
		if (accept == null) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private UUID requireUser(String id) {
		return findUser(id).orElseThrow(() -> noSuchUser(id));
	}

	private Optional<UUID> findUser(String id) {
		return ServedImage.userId(id).filter((userId) -> this.directory.user(userId).isPresent());
	}

	private static ApiException noSuchUser(String id) {
		return ApiException.notFound("There is no user with id '" + id + "'; ids are listed by GET /api/v1/users.");
	}

	private static ApiException noImage(String id) {
		return ApiException.notFound("User '" + id + "' has no image: the pages show their initials.");
	}

	/**
	 * A user's image as the API describes it.
	 * @param origin who gave the image shown: USER, ADMIN or IDP; {@code null} while none is
	 * @param images where each size is read, through this API
	 * @param fetchProblem why the IdP's latest image could not be stored, if it could not
	 */
	record ImageRecord(UUID userId, ImageOrigin origin, String contentHash, Instant updatedAt, String sourceUrl,
			Map<String, String> images, FetchProblem fetchProblem) {

		static ImageRecord of(UUID userId, ProfileImage image, ImageFetchProblem problem) {
			Map<String, String> sizes = new LinkedHashMap<>();
			if (image != null) {
				for (ImageSize size : ImageSize.values()) {
					sizes.put(Integer.toString(size.pixels()),
							"/api/v1/users/" + userId + "/image?size=" + size.pixels());
				}
			}
			return new ImageRecord(userId, (image != null) ? image.origin() : null,
					(image != null) ? image.contentHash() : null, (image != null) ? image.updatedAt() : null,
					(image != null) ? image.sourceUrl() : null, sizes,
					(problem != null) ? new FetchProblem(problem.sourceUrl(), problem.reason(), problem.failedAt())
							: null);
		}

	}

	record FetchProblem(String sourceUrl, String reason, Instant failedAt) {
	}

}
