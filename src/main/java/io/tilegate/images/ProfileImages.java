package io.tilegate.images;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.images.ImageSanitizer.SanitizedImage;
import io.tilegate.images.ProfileImageStore.Slot;
import io.tilegate.images.ProfileImageStore.State;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The image each person is shown with, and where it came from. An upload, by the person or an
 * admin, is kept until it is removed and wins over the IdP's; otherwise the IdP's latest image
 * is shown. Both are kept, so removing an upload brings the IdP's image back at once.
 *
 * <p>Every image is decoded and drawn anew first ({@link ImageSanitizer}), outside any
 * transaction: a slow decode holds no database connection and no lock. The change itself is
 * one short transaction that locks the user's image state, so an upload, a removal and a
 * background fetch of the same user run one after another. Every change and every refusal is
 * in the event log.
 */
@Service
public class ProfileImages {

	/** The largest image file accepted, in bytes (5 MB). */
	public static final int MAX_BYTES = ImageSanitizer.MAX_BYTES;

	/** The most pixels an image may declare (40 megapixels). */
	public static final long MAX_PIXELS = ImageSanitizer.MAX_PIXELS;

	private static final String URL_PREFIX = "/images/users/";

	private final ImageSanitizer sanitizer;

	private final ProfileImageStore store;

	private final Directory directory;

	private final EventLog events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	ProfileImages(ImageSanitizer sanitizer, ProfileImageStore store, Directory directory, EventLog events, Clock clock,
			PlatformTransactionManager transactions) {
		this.sanitizer = sanitizer;
		this.store = store;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** The stable URL of a person's image in a size, for {@code <img src>}; 404 while they have none. */
	public static String url(UUID userId, ImageSize size) {
		return URL_PREFIX + userId + "/" + size.pixels();
	}

	// ---- changing

	/**
	 * An upload by the person themselves or an admin: kept until removed, and shown instead of
	 * the IdP's image. Replaces an earlier upload, whoever made it.
	 * @param origin {@link ImageOrigin#USER} or {@link ImageOrigin#ADMIN}
	 * @param actor who uploaded it, for the event log
	 * @throws RefusedImageException when the bytes are not a JPEG, PNG or GIF within the limits;
	 * nothing changed, and the refusal is in the event log
	 * @throws IllegalArgumentException when the user does not exist
	 */
	public ProfileImage upload(UUID userId, byte[] bytes, ImageOrigin origin, String actor) {
		if (origin == ImageOrigin.IDP) {
			throw new IllegalArgumentException("An IdP's image is stored by storeFromIdp, not uploaded");
		}
		UserSummary user = requireUser(userId);
		SanitizedImage image;
		try {
			image = this.sanitizer.sanitize(bytes);
		}
		catch (RefusedImageException ex) {
			refusedUpload(user, origin, actor, length(bytes), ex);
			throw ex;
		}
		return inLockedState(user, (state, now) -> {
			this.store.replaceImages(userId, Slot.UPLOAD, image.sizes(), now);
			this.store.setUpload(userId, origin, actor, now);
			String hash = image.size(ImageSize.LARGE).contentHash();
			this.events
				.event(EventType.PROFILE_IMAGE_UPLOADED, "Profile image of " + user.userName() + " uploaded by " + actor
						+ " (a " + image.sourceFormat().label() + " of " + bytes.length + " bytes, redrawn by Tilegate); "
						+ "it is shown instead of any image from the IdP until it is removed")
				.user(userId, user.userName())
				.actor(actor)
				.detailJson(Map.of("origin", origin.name(), "format", image.sourceFormat().label(), "bytes",
						bytes.length, "contentHash", hash))
				.record();
			return new ProfileImage(origin, hash, now, null);
		});
	}

	/**
	 * An upload the caller refused for its size before reading it all (its Content-Length, or
	 * the multipart limit, said more than {@link #MAX_BYTES}): recorded as {@link #upload}
	 * records its refusals.
	 * @param bytes how large it said it was; 0 or less when it did not say
	 * @return the refusal, for the caller to answer with
	 */
	public RefusedImageException refuseTooLarge(UUID userId, long bytes, ImageOrigin origin, String actor) {
		RefusedImageException refusal = ImageSanitizer.tooLarge(bytes);
		Optional<UserSummary> user = this.directory.user(userId);
		user.ifPresent((found) -> refusedUpload(found, origin, actor, bytes, refusal));
		return refusal;
	}

	/**
	 * Removes the kept upload; the IdP's image, if there is one, is shown again.
	 * @return {@code false} when there was no upload to remove
	 * @throws IllegalArgumentException when the user does not exist
	 */
	public boolean removeUpload(UUID userId, String actor) {
		UserSummary user = requireUser(userId);
		if (this.store.state(userId).map(State::uploadOrigin).isEmpty()) {
			return false;
		}
		return inLockedState(user, (state, now) -> {
			if (state.uploadOrigin() == null) {
				return false;
			}
			this.store.deleteImages(userId, Slot.UPLOAD);
			this.store.setUpload(userId, null, null, null);
			boolean idpImage = this.store.contentHash(userId, Slot.IDP, ImageSize.LARGE).isPresent();
			this.events
				.event(EventType.PROFILE_IMAGE_REMOVED, "Uploaded profile image of " + user.userName() + " removed by "
						+ actor + "; " + (idpImage ? "the image from the IdP is shown again" : "their initials are shown"))
				.user(userId, user.userName())
				.actor(actor)
				.record();
			return true;
		});
	}

	/**
	 * The IdP's image, fetched in the background from the URL it named. Shown unless an upload
	 * is kept; clears a recorded fetch problem.
	 * @throws RefusedImageException when the bytes are not a JPEG, PNG or GIF within the limits:
	 * nothing changed but the fetch problem, which is recorded, with its event (the caller need
	 * not record it again)
	 * @throws IllegalArgumentException when the user does not exist
	 */
	public ProfileImage storeFromIdp(UUID userId, String sourceUrl, byte[] bytes) {
		UserSummary user = requireUser(userId);
		SanitizedImage image;
		try {
			image = this.sanitizer.sanitize(bytes);
		}
		catch (RefusedImageException ex) {
			String reason = "The image at " + shown(sourceUrl) + " was refused: " + ex.getMessage();
			inLockedState(user, (state, now) -> {
				this.store.setFetchProblem(userId, sourceUrl, reason, now);
				return null;
			});
			Map<String, Object> detail = details(ImageOrigin.IDP, length(bytes), ex);
			detail.put("sourceUrl", shown(sourceUrl));
			refused(user, "The profile image the IdP names for " + user.userName() + " was refused: " + ex.getMessage()
					+ " Change the photo in the IdP.", "tilegate", detail);
			throw ex;
		}
		return inLockedState(user, (state, now) -> {
			this.store.replaceImages(userId, Slot.IDP, image.sizes(), now);
			this.store.setIdpSource(userId, sourceUrl, now);
			String hash = image.size(ImageSize.LARGE).contentHash();
			this.events
				.event(EventType.PROFILE_IMAGE_STORED, "Profile image of " + user.userName() + " stored from the IdP ("
						+ shown(sourceUrl) + ", a " + image.sourceFormat().label() + " of " + bytes.length + " bytes); "
						+ ((state.uploadOrigin() != null) ? "the image uploaded by " + state.uploadActor()
								+ " is still shown until it is removed" : "it is shown"))
				.user(userId, user.userName())
				.actor("tilegate")
				.detailJson(Map.of("sourceUrl", shown(sourceUrl), "format", image.sourceFormat().label(), "bytes",
						bytes.length, "contentHash", hash))
				.record();
			return new ProfileImage(ImageOrigin.IDP, hash, now, sourceUrl);
		});
	}

	/** The IdP no longer sends a photo: its image goes, and with it any fetch problem. */
	public void removeIdpImage(UUID userId) {
		Optional<UserSummary> user = this.directory.user(userId);
		if (user.isEmpty() || this.store.state(userId).isEmpty()) {
			return;
		}
		inLockedState(user.get(), (state, now) -> {
			boolean removed = this.store.deleteImages(userId, Slot.IDP);
			this.store.setIdpSource(userId, null, null);
			if (removed) {
				this.events
					.event(EventType.PROFILE_IMAGE_REMOVED, "Profile image from the IdP of " + user.get().userName()
							+ " removed: the IdP no longer sends a photo; " + ((state.uploadOrigin() != null)
									? "the uploaded image is still shown" : "their initials are shown"))
					.user(userId, user.get().userName())
					.actor("tilegate")
					.record();
			}
			return null;
		});
	}

	/**
	 * The background fetch gave up on the IdP's image: shown on the person's page in the console
	 * and recorded as an event. The image stored before, if any, stays.
	 * @param reason for an admin: what went wrong and what to change in the IdP
	 */
	public void recordFetchProblem(UUID userId, String sourceUrl, String reason) {
		Optional<UserSummary> user = this.directory.user(userId);
		if (user.isEmpty()) {
			return;
		}
		inLockedState(user.get(), (state, now) -> {
			this.store.setFetchProblem(userId, sourceUrl, reason, now);
			this.events
				.event(EventType.PROFILE_IMAGE_FETCH_FAILED, "Profile image of " + user.get().userName()
						+ " could not be fetched from " + shown(sourceUrl) + ": " + reason)
				.user(userId, user.get().userName())
				.actor("tilegate")
				.detailJson(Map.of("sourceUrl", shown(sourceUrl)))
				.record();
			return null;
		});
	}

	// ---- reading

	/** What is shown for the person, after precedence; empty while they have no image. */
	@Transactional(readOnly = true)
	public Optional<ProfileImage> current(UUID userId) {
		Optional<State> state = this.store.state(userId);
		if (state.isEmpty()) {
			return Optional.empty();
		}
		State found = state.get();
		if (found.uploadOrigin() != null) {
			Optional<String> upload = this.store.contentHash(userId, Slot.UPLOAD, ImageSize.LARGE);
			if (upload.isPresent()) {
				return Optional.of(new ProfileImage(found.uploadOrigin(), upload.get(), found.uploadedAt(), null));
			}
		}
		return this.store.contentHash(userId, Slot.IDP, ImageSize.LARGE)
			.map((hash) -> new ProfileImage(ImageOrigin.IDP, hash, found.idpStoredAt(), found.idpSourceUrl()));
	}

	@Transactional(readOnly = true)
	public Optional<ImageFetchProblem> fetchProblem(UUID userId) {
		return this.store.state(userId)
			.filter((state) -> state.fetchProblem() != null)
			.map((state) -> new ImageFetchProblem(state.fetchProblemUrl(), state.fetchProblem(), state.fetchFailedAt()));
	}

	/** The size shown for the person, after precedence. */
	@Transactional(readOnly = true)
	public Optional<ImageBytes> read(UUID userId, ImageSize size) {
		return this.store.read(userId, size);
	}

	/** {@link #read}'s content hash alone: what a browser's If-None-Match is compared with. */
	@Transactional(readOnly = true)
	public Optional<String> contentHash(UUID userId, ImageSize size) {
		return this.store.contentHash(userId, size);
	}

	// ---- the details

	private UserSummary requireUser(UUID userId) {
		return this.directory.user(userId).orElseThrow(() -> noSuchUser(userId));
	}

	private static IllegalArgumentException noSuchUser(UUID userId) {
		return new IllegalArgumentException("There is no user with id " + userId);
	}

	private interface StateChange<T> {

		T apply(State state, Instant now);

	}

	private <T> T inLockedState(UserSummary user, StateChange<T> change) {
		try {
			this.store.ensureState(user.id());
		}
		catch (DataIntegrityViolationException ex) {
			// The user was deleted since they were read.
			throw noSuchUser(user.id());
		}
		return this.transaction.execute((status) -> {
			State state = this.store.lockState(user.id()).orElseThrow(() -> noSuchUser(user.id()));
			// As the database keeps it, so that what a change returns equals what is read back.
			return change.apply(state, this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		});
	}

	private void refusedUpload(UserSummary user, ImageOrigin origin, String actor, long bytes,
			RefusedImageException refusal) {
		refused(user, "An upload of a profile image for " + user.userName() + " by " + actor + " was refused: "
				+ refusal.getMessage(), actor, details(origin, bytes, refusal));
	}

	private void refused(UserSummary user, String summary, String actor, Map<String, Object> detail) {
		this.events.event(EventType.PROFILE_IMAGE_REFUSED, summary)
			.user(user.id(), user.userName())
			.actor(actor)
			.detailJson(detail)
			.recordAlone();
	}

	private static Map<String, Object> details(ImageOrigin origin, long bytes, RefusedImageException ex) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("origin", origin.name());
		detail.put("bytes", Math.max(0, bytes));
		detail.put("reason", ex.reason().name());
		return detail;
	}

	private static long length(byte[] bytes) {
		return (bytes != null) ? bytes.length : 0;
	}

	/**
	 * A URL as the event log and messages show it: without its query, fragment or user info,
	 * which for a signed or private image URL may be a credential.
	 */
	static String shown(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url.strip());
			if (uri.getScheme() == null || uri.getRawAuthority() == null) {
				return "(an unusable URL)";
			}
			String authority = uri.getRawAuthority();
			String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
			return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1) + path;
		}
		catch (IllegalArgumentException ex) {
			return "(an unusable URL)";
		}
	}

}
