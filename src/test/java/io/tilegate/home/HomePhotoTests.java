package io.tilegate.home;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import io.tilegate.admin.AdminConsoleIntegrationTest;
import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.admin.Portraits;
import io.tilegate.directory.Directory;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.ProfileImages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's photo on their home page, over HTTP after a real SAML sign-in: their initials
 * until they have one, their own upload through the page's form, a refused file explained, and
 * removing the upload.
 */
class HomePhotoTests extends AdminConsoleIntegrationTest {

	@Autowired
	private Directory directory;

	@Autowired
	private ProfileImages images;

	@Test
	void aUserWithoutAPhotoSeesTheirInitialsAndTheFormToUploadOne() {
		ConsoleBrowser user = samlUser();

		HttpResponse<String> page = user.get("/");
		String home = page.body();

		assertThat(page.headers().firstValue("Content-Security-Policy")).as("images from Tilegate only")
			.hasValueSatisfying((csp) -> assertThat(Arrays.stream(csp.split(";")).map(String::strip))
				.filteredOn((directive) -> directive.startsWith("img-src"))
				.containsExactly("img-src 'self'"));
		UUID id = idOf(home);
		assertThat(home).contains("href=\"/css/avatars.css\"")
			.contains("data-avatar-of=\"" + id + "\"><span aria-hidden=\"true\" dir=\"auto\" class=\"avatar-initials\">AL</span></span>")
			.contains("You have no photo: your initials are shown.")
			.contains("<label for=\"photo-file\">Upload a photo</label>")
			.contains("accept=\"image/jpeg,image/png,image/gif\"")
			.contains("enctype=\"multipart/form-data\"")
			.contains("name=\"_csrf\"")
			.doesNotContain("id=\"remove-photo\"")
			.doesNotContain("<img");
	}

	@Test
	void aUserUploadsTheirPhotoSeesItAndRemovesIt() {
		ConsoleBrowser user = samlUser();
		UUID id = idOf(user.get("/").body());

		HttpResponse<String> uploaded = user.upload("/me/image", Map.of(), "file", "me.jpg",
				Portraits.jpeg(800, 600, .55f));

		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
		assertThat(location(uploaded)).endsWith("/");
		String home = user.follow(uploaded).body();
		assertThat(home).contains("id=\"notice\"")
			.contains("<img src=\"" + ProfileImages.url(id, ImageSize.LARGE) + "\" alt=\"Photo of Ada Lovelace\"")
			.contains("You uploaded this photo. It stays until you remove it.")
			.contains("id=\"remove-photo\"");
		HttpResponse<String> served = user.get(ProfileImages.url(id, ImageSize.LARGE));
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("image/"));
		assertThat(this.images.current(id)).hasValueSatisfying(
				(image) -> assertThat(image.origin()).isEqualTo(ImageOrigin.USER));

		HttpResponse<String> removed = user.submit("/me/image/remove", Map.of());

		assertThat(removed.statusCode()).isEqualTo(302);
		String after = user.follow(removed).body();
		assertThat(after).contains("id=\"notice\"").contains(">AL</span></span>").doesNotContain("<img");
		assertThat(this.images.current(id)).isEmpty();
	}

	@Test
	void aFileThatIsNotAnImageIsExplainedAndChangesNothing() {
		ConsoleBrowser user = samlUser();
		UUID id = idOf(user.get("/").body());
		this.images.upload(id, Portraits.png(100, 100, .2f), ImageOrigin.USER, "test");
		String hash = this.images.current(id).orElseThrow().contentHash();

		HttpResponse<String> refused = user.upload("/me/image", Map.of(), "file", "me.png",
				"<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));

		String home = user.follow(refused).body();
		assertThat(home).contains("role=\"alert\"").contains("id=\"problem\"")
			.contains("<img src=\"" + ProfileImages.url(id, ImageSize.LARGE) + "\"");
		assertThat(this.images.current(id).orElseThrow().contentHash()).isEqualTo(hash);
	}

	@Test
	void theManagerIsShownWithTheirAvatar() {
		String manager = uniqueUser();
		ConsoleBrowser boss = new ConsoleBrowser(this.port);
		boss.postSamlResponse(CONNECTION, response(manager).attribute("firstName", "Charles")
			.attribute("lastName", "Babbage")
			.build()
			.base64());
		UUID managerId = this.directory.findByUserName(manager).orElseThrow().id();
		ConsoleBrowser user = new ConsoleBrowser(this.port);
		user.postSamlResponse(CONNECTION, response(uniqueUser()).attribute("manager", manager).build().base64());

		String home = user.get("/").body();

		assertThat(home).contains("data-avatar-of=\"" + managerId
				+ "\"><span aria-hidden=\"true\" dir=\"auto\" class=\"avatar-initials\">CB</span></span>")
			.contains("Charles Babbage");
	}

	private static UUID idOf(String home) {
		int at = home.indexOf("avatar avatar-large");
		assertThat(at).as("the large avatar").isNotNegative();
		int start = home.indexOf("data-avatar-of=\"", at) + "data-avatar-of=\"".length();
		return UUID.fromString(home.substring(start, start + 36));
	}

}
