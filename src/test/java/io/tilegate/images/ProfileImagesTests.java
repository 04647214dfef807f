package io.tilegate.images;

import java.util.List;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectorySlice;
import io.tilegate.directory.DirectoryTables;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The profile images service on a real database: what is stored, which image wins, and what
 * the event log says. The service opens its own transactions, so these tests commit.
 */
@DirectorySlice
@Import({ ProfileImages.class, ProfileImageStore.class, ImageSanitizer.class })
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class ProfileImagesTests {

	private static final String IDP_URL = "https://img.okta.test/photos/jane.jpg?signature=s3cr3t-token";

	@Autowired
	ProfileImages images;

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	UUID jane;

	@BeforeEach
	void jane() {
		this.jane = this.directory.createUser("jane", new Provenance("test", null)).id();
	}

	@AfterEach
	void clear() {
		DirectoryTables.clear(this.jdbc);
	}

	@Test
	void anUploadIsStoredRedrawnAtBothSizesAndRecorded() {
		ProfileImage stored = this.images.upload(this.jane, TestImages.png(700, 500), ImageOrigin.USER, "jane");

		assertThat(stored.origin()).isEqualTo(ImageOrigin.USER);
		assertThat(this.images.current(this.jane)).contains(stored);
		for (ImageSize size : ImageSize.values()) {
			ImageBytes served = this.images.read(this.jane, size).orElseThrow();
			assertThat(served.contentType()).isEqualTo("image/jpeg");
			assertThat(TestImages.read(served.bytes()).getWidth()).isEqualTo(size.pixels());
			assertThat(this.images.contentHash(this.jane, size)).contains(served.contentHash());
		}
		assertThat(this.images.read(this.jane, ImageSize.LARGE).orElseThrow().contentHash())
			.isEqualTo(stored.contentHash());
		assertThat(this.jdbc.queryForObject("select count(*) from profile_image where user_id = ?", Integer.class,
				this.jane)).isEqualTo(2);
		assertThat(events(EventType.PROFILE_IMAGE_UPLOADED)).singleElement().satisfies((event) -> {
			assertThat(event.actor()).isEqualTo("jane");
			assertThat(event.userName()).isEqualTo("jane");
			assertThat(event.summary()).contains("uploaded by jane").contains("PNG");
		});
	}

	@Test
	void anUploadWinsOverTheIdpsImageUntilItIsRemoved() {
		ProfileImage fromIdp = this.images.storeFromIdp(this.jane, IDP_URL, TestImages.jpeg(300, 300));
		assertThat(this.images.current(this.jane)).contains(fromIdp);
		assertThat(fromIdp.sourceUrl()).isEqualTo(IDP_URL);

		ProfileImage upload = this.images.upload(this.jane, TestImages.gif(200, 200), ImageOrigin.ADMIN, "admin");
		ProfileImage laterFromIdp = this.images.storeFromIdp(this.jane, IDP_URL, TestImages.png(300, 300));

		assertThat(this.images.current(this.jane)).contains(upload);
		assertThat(this.images.read(this.jane, ImageSize.LARGE).orElseThrow().contentHash())
			.isEqualTo(upload.contentHash());
		assertThat(this.images.removeUpload(this.jane, "admin")).isTrue();
		assertThat(this.images.current(this.jane)).contains(laterFromIdp);
		assertThat(this.images.read(this.jane, ImageSize.LARGE).orElseThrow().contentHash())
			.isEqualTo(laterFromIdp.contentHash());
		assertThat(this.images.removeUpload(this.jane, "admin")).isFalse();
		assertThat(events(EventType.PROFILE_IMAGE_REMOVED)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("the image from the IdP is shown again"));
		// The IdP's URL is in the event log without its query, which may be a credential.
		assertThat(events(EventType.PROFILE_IMAGE_STORED)).hasSize(2).allSatisfy((event) -> {
			assertThat(event.summary()).contains("https://img.okta.test/photos/jane.jpg").doesNotContain("s3cr3t");
			assertThat(event.detail()).doesNotContain("s3cr3t");
		});
	}

	@Test
	void removingTheIdpImageLeavesInitialsAndClearsAProblem() {
		this.images.storeFromIdp(this.jane, IDP_URL, TestImages.jpeg(300, 300));
		this.images.recordFetchProblem(this.jane, IDP_URL, "the server answered 404 three times");
		assertThat(this.images.fetchProblem(this.jane)).hasValueSatisfying((problem) -> {
			assertThat(problem.sourceUrl()).isEqualTo(IDP_URL);
			assertThat(problem.reason()).isEqualTo("the server answered 404 three times");
			assertThat(problem.failedAt()).isNotNull();
		});
		// The image stored before stays while the fetch of the new one fails.
		assertThat(this.images.current(this.jane)).isPresent();

		this.images.removeIdpImage(this.jane);

		assertThat(this.images.current(this.jane)).isEmpty();
		assertThat(this.images.read(this.jane, ImageSize.SMALL)).isEmpty();
		assertThat(this.images.fetchProblem(this.jane)).isEmpty();
		assertThat(events(EventType.PROFILE_IMAGE_FETCH_FAILED)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("404 three times").doesNotContain("s3cr3t"));
		assertThat(events(EventType.PROFILE_IMAGE_REMOVED)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("no longer sends a photo"));
	}

	@Test
	void aNewIdpImageClearsTheFetchProblem() {
		this.images.recordFetchProblem(this.jane, IDP_URL, "timed out");

		this.images.storeFromIdp(this.jane, IDP_URL, TestImages.jpeg(100, 100));

		assertThat(this.images.fetchProblem(this.jane)).isEmpty();
	}

	@Test
	void aRefusedUploadChangesNothingAndSaysWhyInTheEventLog() {
		ProfileImage before = this.images.upload(this.jane, TestImages.jpeg(300, 300), ImageOrigin.USER, "jane");

		assertThatExceptionOfType(RefusedImageException.class).isThrownBy(
				() -> this.images.upload(this.jane, TestImages.SVG.getBytes(), ImageOrigin.USER, "jane"));

		assertThat(this.images.current(this.jane)).contains(before);
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).singleElement().satisfies((event) -> {
			assertThat(event.actor()).isEqualTo("jane");
			assertThat(event.summary()).contains("was refused").contains("an SVG drawing");
			assertThat(event.detail()).contains("UNSUPPORTED_FORMAT");
		});
	}

	@Test
	void aRefusedIdpImageIsAFetchProblem() {
		assertThatExceptionOfType(RefusedImageException.class)
			.isThrownBy(() -> this.images.storeFromIdp(this.jane, IDP_URL, TestImages.HTML.getBytes()));

		assertThat(this.images.current(this.jane)).isEmpty();
		assertThat(this.images.fetchProblem(this.jane)).hasValueSatisfying(
				(problem) -> assertThat(problem.reason()).contains("an HTML page").doesNotContain("s3cr3t"));
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("Change the photo in the IdP"));
	}

	@Test
	void anUnknownUserIsRefusedBeforeAnyDecode() {
		UUID nobody = UUID.randomUUID();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.images.upload(nobody, TestImages.jpeg(10, 10), ImageOrigin.ADMIN, "admin"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.images.removeUpload(nobody, "admin"));
		this.images.removeIdpImage(nobody);
		this.images.recordFetchProblem(nobody, IDP_URL, "gone");
		assertThat(this.images.current(nobody)).isEmpty();
	}

	@Test
	void aDeletedUsersImagesGoWithThem() {
		this.images.upload(this.jane, TestImages.jpeg(100, 100), ImageOrigin.USER, "jane");

		this.jdbc.update("delete from app_user where id = ?", this.jane);

		assertThat(this.jdbc.queryForObject("select count(*) from profile_image", Integer.class)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from profile_image_state", Integer.class)).isZero();
	}

	@Test
	void theUrlIsStablePerUserAndSize() {
		assertThat(ProfileImages.url(this.jane, ImageSize.SMALL)).isEqualTo("/images/users/" + this.jane + "/96");
		assertThat(ProfileImages.url(this.jane, ImageSize.LARGE)).isEqualTo("/images/users/" + this.jane + "/512");
	}

	private List<RecordedEvent> events(EventType type) {
		return RecordedEvents.of(this.jdbc, type, this.jane);
	}

}
