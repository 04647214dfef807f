package io.tilegate.images;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People's images at their stable URLs, over real HTTP: who may read them, and the headers that
 * keep a browser's copy current and the bytes from being taken for anything but an image.
 */
class ProfileImageServingTests extends AdminApiIntegrationTest {

	@Autowired
	ProfileImages images;

	@Autowired
	Directory directory;

	SignedInPerson jane;

	@BeforeEach
	void jane() {
		this.jane = SignedInPerson.signInNew(this.port, idp, this.directory);
	}

	@Test
	void aSignedInPersonReadsAnImageAtBothSizesWithItsHeaders() {
		ProfileImage uploaded = this.images.upload(this.jane.id(), TestImages.png(900, 600), ImageOrigin.ADMIN, "admin");
		PhotoBrowser colleague = SignedInPerson.signInNew(this.port, idp, this.directory).browser();

		for (ImageSize size : ImageSize.values()) {
			HttpResponse<byte[]> image = colleague.image(ProfileImages.url(this.jane.id(), size));

			assertThat(image.statusCode()).isEqualTo(200);
			assertThat(TestImages.read(image.body()).getWidth()).isEqualTo(size.pixels());
			assertThat(header(image, "Content-Type")).isEqualTo("image/jpeg");
			assertThat(header(image, "ETag")).isEqualTo("\"" + ImageSanitizer.sha256(image.body()) + "\"");
			assertThat(header(image, "Cache-Control")).contains("private").contains("no-cache").doesNotContain("no-store");
			assertThat(image.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
			assertThat(image.headers().allValues("Cache-Control")).hasSize(1);
			assertThat(image.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'none'; sandbox");
			assertThat(header(image, "Content-Disposition"))
				.isEqualTo("inline; filename=\"user-" + this.jane.id() + "-" + size.pixels() + ".jpg\"");
		}
		assertThat(header(colleague.image(ProfileImages.url(this.jane.id(), ImageSize.LARGE)), "ETag"))
			.isEqualTo("\"" + uploaded.contentHash() + "\"");
	}

	@Test
	void aCurrentCopyIsAnsweredWith304AndAChangedImageWithItsNewBytes() {
		this.images.upload(this.jane.id(), TestImages.jpeg(300, 300), ImageOrigin.USER, this.jane.userName());
		String url = ProfileImages.url(this.jane.id(), ImageSize.SMALL);
		String etag = header(this.jane.browser().image(url), "ETag");

		HttpResponse<byte[]> current = this.jane.browser().image(url, "If-None-Match", etag);
		assertThat(current.statusCode()).isEqualTo(304);
		assertThat(current.body()).isEmpty();
		assertThat(header(current, "ETag")).isEqualTo(etag);
		assertThat(header(current, "Cache-Control")).contains("private");

		this.images.upload(this.jane.id(), TestImages.transparentPng(300, 300), ImageOrigin.USER, this.jane.userName());
		HttpResponse<byte[]> changed = this.jane.browser().image(url, "If-None-Match", etag);
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(header(changed, "Content-Type")).isEqualTo("image/png");
		assertThat(header(changed, "ETag")).isNotEqualTo(etag);
		assertThat(header(changed, "Content-Disposition")).endsWith("-96.png\"");
	}

	@Test
	void theConsolesAdminReadsImagesToo() {
		this.images.upload(this.jane.id(), TestImages.gif(200, 200), ImageOrigin.USER, this.jane.userName());

		PhotoBrowser console = new PhotoBrowser(this.port).signInAsAdmin(ADMIN_PASSWORD);

		assertThat(console.image(ProfileImages.url(this.jane.id(), ImageSize.LARGE)).statusCode()).isEqualTo(200);
	}

	@Test
	void nobodySignedInIsSentToSignInAsForAnyPage() {
		this.images.upload(this.jane.id(), TestImages.jpeg(100, 100), ImageOrigin.USER, this.jane.userName());

		HttpResponse<byte[]> anonymous = new PhotoBrowser(this.port).image(ProfileImages.url(this.jane.id(), ImageSize.SMALL));

		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(header(anonymous, "Location")).isEqualTo("/login");
		assertThat(anonymous.body()).isEmpty();
	}

	@Test
	void aPersonWithoutAnImageAndAnyOtherUrlAre404() {
		assertThat(this.jane.browser().image(ProfileImages.url(this.jane.id(), ImageSize.SMALL)).statusCode()).isEqualTo(404);
		this.images.upload(this.jane.id(), TestImages.jpeg(100, 100), ImageOrigin.USER, this.jane.userName());

		assertThat(this.jane.browser().image("/images/users/" + this.jane.id() + "/100").statusCode()).isEqualTo(404);
		assertThat(this.jane.browser().image("/images/users/" + this.jane.id() + "/0096").statusCode()).isEqualTo(404);
		assertThat(this.jane.browser().image("/images/users/not-a-user/96").statusCode()).isEqualTo(404);
		assertThat(this.jane.browser().image("/images/users/" + UUID.randomUUID() + "/96").statusCode()).isEqualTo(404);
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
