package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.events.EventType;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.PhotoBrowser;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin's upload and removal of a user's photo on the user's page, over real HTTP: the
 * forms' POSTs and the sentence the page shows after them (the markup is the user page's).
 */
class UserImagePagesTests extends AdminApiIntegrationTest {

	@Autowired
	ProfileImages images;

	@Autowired
	Directory directory;

	UUID user;

	String userPage;

	PhotoBrowser console;

	@BeforeEach
	void signIn() {
		this.user = this.directory.createUser("pictured-" + UUID.randomUUID(), new Provenance("test", null)).id();
		this.userPage = "/admin/users/" + this.user;
		this.console = new PhotoBrowser(this.port).signInAsAdmin(ADMIN_PASSWORD);
		assertThat(this.console.page(this.userPage).statusCode()).isEqualTo(200);
	}

	@Test
	void aJpegAPngAndAGifAreUploadedAndServedRedrawn() {
		for (byte[] photo : List.of(TestImages.jpeg(300, 500), TestImages.png(500, 300), TestImages.gif(64, 64))) {
			HttpResponse<String> uploaded = this.console.upload(this.userPage + "/image", "photo.jpg", photo);

			assertThat(uploaded.statusCode()).isEqualTo(302);
			assertThat(uploaded.headers().firstValue("Location")).hasValue(this.userPage);
			assertThat(this.console.follow(uploaded).body()).contains("Photo uploaded for");
			for (ImageSize size : ImageSize.values()) {
				HttpResponse<byte[]> served = this.console.image(ProfileImages.url(this.user, size));
				assertThat(served.statusCode()).isEqualTo(200);
				assertThat(TestImages.read(served.body()).getHeight()).isEqualTo(size.pixels());
			}
		}
		assertThat(this.images.current(this.user).orElseThrow().origin()).isEqualTo(ImageOrigin.ADMIN);
	}

	@Test
	void aRefusedFileIsExplainedOnThePageAndNothingChanges() {
		this.console.upload(this.userPage + "/image", "photo.jpg", TestImages.jpeg(100, 100));
		String before = this.images.current(this.user).orElseThrow().contentHash();

		this.console.page(this.userPage);
		HttpResponse<String> svg = this.console.upload(this.userPage + "/image", "photo.png",
				TestImages.SVG.getBytes());
		String svgPage = this.console.follow(svg).body();
		HttpResponse<String> huge = this.console.upload(this.userPage + "/image", "photo.png",
				Arrays.copyOf(TestImages.png(100, 100), ProfileImages.MAX_BYTES + 1));
		String hugePage = this.console.follow(huge).body();

		assertThat(svgPage).contains("an SVG drawing").contains("The photo was not changed.");
		assertThat(hugePage).contains("at most 5 MB").contains("The photo was not changed.");
		assertThat(this.images.current(this.user).orElseThrow().contentHash()).isEqualTo(before);
		assertThat(RecordedEvents.of(this.jdbc, EventType.PROFILE_IMAGE_REFUSED, this.user)).hasSize(2)
			.allSatisfy((event) -> assertThat(event.actor()).isEqualTo("admin"));
	}

	@Test
	void aTwentyMegabytePhotoIsRefusedOnThePageWithItsSize() {
		assertThat(this.console.page(this.userPage).body())
			.contains("action=\"/admin/users/" + this.user + "/image\"")
			.doesNotContain("_csrf=");

		HttpResponse<String> huge = this.console.upload(this.userPage + "/image", "photo.png",
				Arrays.copyOf(TestImages.png(100, 100), 20 * 1024 * 1024));

		assertThat(huge.statusCode()).isEqualTo(302);
		assertThat(this.console.follow(huge).body()).contains("20,971,520 bytes").contains("at most 5 MB")
			.contains("The photo was not changed.");
		assertThat(this.images.current(this.user)).isEmpty();
	}

	@Test
	void removingTheUploadLeavesInitials() {
		this.console.upload(this.userPage + "/image", "photo.jpg", TestImages.jpeg(100, 100));
		this.console.page(this.userPage);

		HttpResponse<String> removed = this.console.submit(this.userPage + "/image/remove");

		assertThat(this.console.follow(removed).body()).contains("removed");
		assertThat(this.console.image(ProfileImages.url(this.user, ImageSize.SMALL)).statusCode()).isEqualTo(404);
		assertThat(this.console.submit(this.userPage + "/image/remove").statusCode()).isEqualTo(302);
		assertThat(this.console.follow(this.console.submit(this.userPage + "/image/remove")).body())
			.contains("has no uploaded photo to remove");
	}

	@Test
	void theBreakGlassAdminHasNoPhotoOfTheirOwn() {
		assertThat(this.console.upload("/me/image", "me.jpg", TestImages.jpeg(10, 10)).statusCode()).isEqualTo(403);
	}

	@Test
	void anUnknownUserIs404() {
		assertThat(this.console.upload("/admin/users/" + UUID.randomUUID() + "/image", "p.jpg", TestImages.jpeg(10, 10))
			.statusCode()).isEqualTo(404);
	}

}
