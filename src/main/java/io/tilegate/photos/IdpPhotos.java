package io.tilegate.photos;

import java.util.Objects;
import java.util.Optional;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.Directory;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.RefusedImageException;
import io.tilegate.outbound.FetchPurpose;
import io.tilegate.outbound.FetchedBody;
import io.tilegate.outbound.OutboundFetch;
import io.tilegate.outbound.OutboundFetchException;
import io.tilegate.outbound.OutboundRules;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Brings the photo an IdP names into the person's profile image: one try of one queued
 * {@link PhotoFetch}. A fetch acts only while its URL is still the user's photo URL, checked
 * before it fetches and again before it stores, so a slow fetch of an old URL never overwrites
 * the image of a newer one. The URL may still change while the image is being stored (it is
 * decoded and drawn first, holding no lock); so the fetch looks again when done, and asks for a
 * fetch of the new URL if it changed, which then stores last.
 */
@Service
class IdpPhotos implements AutoCloseable {

	static final FetchPurpose PURPOSE = new FetchPurpose("photo URL", "image", "image/jpeg, image/png, image/gif",
			"upload the image in Tilegate instead",
			"set tilegate.images.allow-private-urls=true, which is meant for test set-ups only",
			"Tilegate takes profile images up to 5 MB. Make the photo smaller in the IdP.");

	private final Directory directory;

	private final ProfileImages images;

	private final OutboundFetch fetch;

	@Autowired
	IdpPhotos(Directory directory, ProfileImages images, TilegateProperties properties) {
		this(directory, images, new OutboundFetch(PURPOSE, rules(properties.images())));
	}

	/** With the outbound fetch a test set up (its TLS trust, its DNS). */
	IdpPhotos(Directory directory, ProfileImages images, OutboundFetch fetch) {
		this.directory = directory;
		this.images = images;
		this.fetch = fetch;
	}

	static OutboundRules rules(TilegateProperties.Images settings) {
		return new OutboundRules(settings.allowPrivateUrls(), settings.allowPrivateUrls(), ProfileImages.MAX_BYTES,
				settings.connectTimeout(), settings.readTimeout(), settings.totalTimeout(), settings.maxRedirects());
	}

	/**
	 * One try: fetches and stores the image, or records why it was refused (a refused URL or
	 * image does not get better by trying again), or removes the IdP's image.
	 * @return the fetch to queue next, when the user's photo URL changed while this one worked
	 * @throws PhotoFetchFailure when a later try may work: a server error, a timeout, no answer
	 */
	Optional<PhotoFetch> bringIn(PhotoFetch job) {
		if (!isCurrent(job)) {
			// A newer change queued its own fetch.
			return Optional.empty();
		}
		if (job.url() == null) {
			this.images.removeIdpImage(job.userId());
			return followUp(job);
		}
		FetchedBody body;
		try {
			body = this.fetch.fetch(job.url());
		}
		catch (OutboundFetchException ex) {
			if (ex.retryable()) {
				throw new PhotoFetchFailure(ex.getMessage(), ex);
			}
			this.images.recordFetchProblem(job.userId(), job.url(), ex.getMessage());
			return followUp(job);
		}
		if (!isCurrent(job)) {
			// The URL changed while its image was on the way: the newer URL's fetch stores its own.
			return Optional.empty();
		}
		try {
			this.images.storeFromIdp(job.userId(), job.url(), body.bytes());
		}
		catch (RefusedImageException ex) {
			// ProfileImages recorded the problem and its event: the same bytes would be refused again.
		}
		catch (IllegalArgumentException ex) {
			// The user was deleted while the image was on its way, and their images with them.
			return Optional.empty();
		}
		return followUp(job);
	}

	/** The tries are used up: the problem is shown on the user's page and recorded, unless a newer URL came. */
	void giveUp(PhotoFetch job, String reason) {
		if (job.url() != null && isCurrent(job)) {
			this.images.recordFetchProblem(job.userId(), job.url(), reason);
		}
	}

	private boolean isCurrent(PhotoFetch job) {
		return Objects.equals(this.directory.photoUrl(job.userId()).orElse(null), job.url());
	}

	private Optional<PhotoFetch> followUp(PhotoFetch job) {
		String now = this.directory.photoUrl(job.userId()).orElse(null);
		return Objects.equals(now, job.url()) ? Optional.empty() : Optional.of(new PhotoFetch(job.userId(), now));
	}

	@Override
	public void close() {
		this.fetch.close();
	}

}
