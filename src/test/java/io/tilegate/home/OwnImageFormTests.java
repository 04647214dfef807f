package io.tilegate.home;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.PhotoBrowser;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.SignedInPerson;
import io.tilegate.images.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in person's own photo from their home page, over real HTTP: the forms' POSTs as a
 * browser sends them (the markup is the home page's).
 */
class OwnImageFormTests extends AdminApiIntegrationTest {

	@Autowired
	ProfileImages images;

	@Autowired
	Directory directory;

	SignedInPerson jane;

	@BeforeEach
	void signInJane() {
		this.jane = SignedInPerson.signInNew(this.port, idp, this.directory);
		assertThat(this.jane.browser().page("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aJpegAPngAndAGifAreUploadedAndServedRedrawn() {
		for (byte[] photo : List.of(TestImages.jpeg(640, 480), TestImages.png(480, 640), TestImages.gif(200, 200))) {
			HttpResponse<String> uploaded = this.jane.browser().upload(OwnImageController.UPLOAD, "me.png", photo);

			assertThat(uploaded.statusCode()).isEqualTo(302);
			assertThat(uploaded.headers().firstValue("Location")).hasValue("/");
			for (ImageSize size : ImageSize.values()) {
				HttpResponse<byte[]> served = this.jane.browser().image(ProfileImages.url(this.jane.id(), size));
				assertThat(served.statusCode()).isEqualTo(200);
				assertThat(served.body()).isNotEqualTo(photo);
				assertThat(TestImages.read(served.body()).getWidth()).isEqualTo(size.pixels());
			}
			this.jane.browser().page("/");
		}
		assertThat(this.images.current(this.jane.id()).orElseThrow().origin()).isEqualTo(ImageOrigin.USER);
		assertThat(events(EventType.PROFILE_IMAGE_UPLOADED)).hasSize(3)
			.allSatisfy((event) -> assertThat(event.actor()).isEqualTo(this.jane.userName()));
	}

	@Test
	void theUploadWinsOverTheIdpsImageAndRemovingItBringsTheIdpsBack() {
		String fromIdp = this.images.storeFromIdp(this.jane.id(), "https://img.test/jane.jpg", TestImages.jpeg(90, 90))
			.contentHash();

		this.jane.browser().upload(OwnImageController.UPLOAD, "me.png", TestImages.png(90, 90));
		String uploaded = this.images.current(this.jane.id()).orElseThrow().contentHash();
		assertThat(uploaded).isNotEqualTo(fromIdp);
		// The IdP's next image (a sign-in's photo) does not replace the upload.
		this.images.storeFromIdp(this.jane.id(), "https://img.test/jane-2.jpg", TestImages.jpeg(120, 120));
		assertThat(etag()).isEqualTo("\"" + uploaded + "\"");

		this.jane.browser().page("/");
		HttpResponse<String> removed = this.jane.browser().submit(OwnImageController.REMOVE);

		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(removed.headers().firstValue("Location")).hasValue("/");
		assertThat(this.images.current(this.jane.id()).orElseThrow().origin()).isEqualTo(ImageOrigin.IDP);
		assertThat(this.images.current(this.jane.id()).orElseThrow().sourceUrl()).isEqualTo("https://img.test/jane-2.jpg");
	}

	@Test
	void fiveMegabytesAndOneByteAreRefusedAndNothingChanges() {
		this.jane.browser().upload(OwnImageController.UPLOAD, "me.png", TestImages.png(90, 90));
		String before = etag();
		this.jane.browser().page("/");

		HttpResponse<String> refused = this.jane.browser().upload(OwnImageController.UPLOAD, "huge.png",
				Arrays.copyOf(TestImages.png(90, 90), ProfileImages.MAX_BYTES + 1));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location")).hasValue("/");
		assertThat(etag()).isEqualTo(before);
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).singleElement().satisfies((event) -> {
			assertThat(event.actor()).isEqualTo(this.jane.userName());
			assertThat(event.summary()).contains("at most 5 MB");
		});
	}

	@Test
	void theFormCarriesItsCsrfTokenInAHiddenFieldAndATwentyMegabyteFileGetsTheFormsMessage() {
		String home = this.jane.browser().page("/").body();
		assertThat(home).contains("action=\"/me/image\"").doesNotContain("_csrf=")
			.containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"");

		HttpResponse<String> refused = this.jane.browser().upload(OwnImageController.UPLOAD, "huge.png",
				Arrays.copyOf(TestImages.png(90, 90), 20 * 1024 * 1024));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(this.jane.browser().follow(refused).body()).contains("20,971,520 bytes")
			.contains("Your photo was not changed.");
		assertThat(this.images.current(this.jane.id())).isEmpty();
	}

	@Test
	void anSvgIsRefusedAndTheEventSaysWhy() {
		this.jane.browser().upload(OwnImageController.UPLOAD, "me.png", TestImages.SVG.getBytes());

		assertThat(this.images.current(this.jane.id())).isEmpty();
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).singleElement()
			.satisfies((event) -> assertThat(event.summary()).contains("an SVG drawing"));
	}

	@Test
	void aFormWithoutItsCsrfTokenChangesNothing() {
		PhotoBrowser forged = this.jane.signInAgain(this.port, idp).forgeCsrfToken("guessed");

		assertThat(forged.upload(OwnImageController.UPLOAD, "me.png", TestImages.png(50, 50)).statusCode())
			.isEqualTo(403);
		assertThat(this.images.current(this.jane.id())).isEmpty();
	}

	private String etag() {
		return this.jane.browser().image(ProfileImages.url(this.jane.id(), ImageSize.LARGE)).headers().firstValue("ETag").orElse(null);
	}

	private List<RecordedEvent> events(EventType type) {
		return RecordedEvents.of(this.jdbc, type, this.jane.id());
	}

}
