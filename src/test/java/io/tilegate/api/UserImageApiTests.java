package io.tilegate.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.RecordedEvents;
import io.tilegate.directory.RecordedEvents.RecordedEvent;
import io.tilegate.events.EventType;
import io.tilegate.images.ImageSize;
import io.tilegate.images.PhotoBrowser;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.TestImages;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's image through the admin API over real HTTP, as a script sends it: raw bodies and
 * multipart forms, every format the tests can make, the hostile files, and the limits. Run on
 * H2 and on PostgreSQL.
 */
abstract class UserImageApiTests extends AdminApiIntegrationTest {

	private static final int FIVE_MB = 5 * 1024 * 1024;

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Autowired
	Directory directory;

	@Autowired
	ProfileImages images;

	UUID user;

	@BeforeEach
	void user() {
		this.user = this.directory.createUser("img-" + UUID.randomUUID(), new Provenance("test", null)).id();
	}

	@Test
	void aJpegAPngAndAGifAreStoredRedrawnAtBothSizes() {
		List<byte[]> originals = List.of(TestImages.jpeg(1024, 768), TestImages.png(640, 480), TestImages.gif(300, 300));
		List<String> types = List.of("image/jpeg", "image/png", "application/octet-stream");
		for (int i = 0; i < originals.size(); i++) {
			JsonHttpResponse uploaded = putRaw(types.get(i), originals.get(i));

			assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
			JsonNode record = uploaded.json();
			assertThat(record.path("origin").asText()).isEqualTo("ADMIN");
			assertThat(record.path("userId").asText()).isEqualTo(this.user.toString());
			assertThat(record.path("images").path("96").asText()).isEqualTo(imagePath() + "?size=96");
			for (ImageSize size : ImageSize.values()) {
				HttpResponse<byte[]> image = getImage("?size=" + size.pixels());
				assertThat(image.statusCode()).isEqualTo(200);
				assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
				assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
				assertThat(image.body()).isNotEqualTo(originals.get(i));
				assertThat(TestImages.read(image.body()).getWidth()).isEqualTo(size.pixels());
			}
			assertThat(getImage("").headers().firstValue("ETag"))
				.hasValue("\"" + record.path("contentHash").asText() + "\"");
		}
	}

	@Test
	void aMultipartUploadIsReadFromItsFilePart() {
		JsonHttpResponse uploaded = putMultipart("photo.png", TestImages.png(200, 300));

		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
		JsonNode described = getJson();
		assertThat(described.path("origin").asText()).isEqualTo("ADMIN");
		assertThat(described.path("contentHash").asText()).isEqualTo(uploaded.json().path("contentHash").asText());
		assertThat(described.path("updatedAt").isTextual()).isTrue();
		assertThat(TestImages.read(getImage("?size=96").body()).getHeight()).isEqualTo(96);
		assertThat(events(EventType.PROFILE_IMAGE_UPLOADED)).singleElement()
			.satisfies((event) -> assertThat(event.actor()).isEqualTo("admin"));
	}

	@Test
	void aJpegComesBackWithoutItsExifAndGpsPosition() {
		byte[] phone = TestImages.withExif(TestImages.jpeg(800, 800), 1);

		assertThat(putRaw("image/jpeg", phone).status()).isEqualTo(200);

		for (ImageSize size : ImageSize.values()) {
			byte[] served = getImage("?size=" + size.pixels()).body();
			assertThat(TestImages.contains(served, "Exif".getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(TestImages.contains(served, "TestPhone".getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(TestImages.contains(served, new byte[] { (byte) 0xFF, (byte) 0xE1 })).isFalse();
		}
	}

	@Test
	void fiveMegabytesAndOneByteAreRefusedWithAMessageAndNothingChanges() {
		String before = putRaw("image/png", TestImages.png(100, 100)).json().path("contentHash").asText();
		byte[] over = Arrays.copyOf(TestImages.png(100, 100), FIVE_MB + 1);

		JsonHttpResponse withLength = putRaw("image/png", over);
		JsonHttpResponse chunked = putChunked("image/png", over);
		JsonHttpResponse multipart = putMultipart("big.png", over);

		for (JsonHttpResponse refused : List.of(withLength, chunked, multipart)) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
			assertThat(refused.json().path("status").asInt()).isEqualTo(413);
			assertThat(refused.json().path("error").asText()).contains("at most 5 MB").contains("Nothing was changed");
		}
		assertThat(withLength.json().path("error").asText()).contains("5,242,881 bytes");
		assertThat(getJson().path("contentHash").asText()).isEqualTo(before);
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).hasSize(3)
			.allSatisfy((event) -> assertThat(event.detail()).contains("TOO_LARGE"));
	}

	@Test
	void exactlyFiveMegabytesAreAccepted() {
		byte[] exactly = Arrays.copyOf(TestImages.png(100, 100), FIVE_MB);

		assertThat(putRaw("image/png", exactly).status()).isEqualTo(200);
		assertThat(putMultipart("exact.png", exactly).status()).isEqualTo(200);
	}

	@Test
	void anSvgAndAnHtmlPageNamedPngAreRefused() {
		JsonHttpResponse svg = putRaw("image/svg+xml", TestImages.SVG.getBytes(StandardCharsets.UTF_8));
		JsonHttpResponse html = putMultipart("photo.png", TestImages.HTML.getBytes(StandardCharsets.UTF_8));

		assertThat(svg.status()).as(svg.toString()).isEqualTo(415);
		assertThat(svg.json().path("error").asText()).contains("an SVG drawing").contains("not a JPEG, PNG or GIF");
		assertThat(html.status()).as(html.toString()).isEqualTo(415);
		assertThat(html.json().path("error").asText()).contains("an HTML page");
		assertThat(getImage("").statusCode()).isEqualTo(404);
		assertThat(events(EventType.PROFILE_IMAGE_REFUSED)).hasSize(2);
	}

	@Test
	void aPngFollowedByAZipComesBackAsTheImageAlone() {
		assertThat(putRaw("image/png", TestImages.concat(TestImages.png(300, 300), TestImages.zip())).status())
			.isEqualTo(200);

		byte[] served = getImage("").body();
		assertThat(TestImages.contains(served, new byte[] { 'P', 'K', 3, 4 })).isFalse();
		assertThat(TestImages.read(served).getWidth()).isEqualTo(512);
	}

	@Test
	void theFiftyThousandPixelSquarePngIsRefusedAtOnce() {
		JsonHttpResponse refused = putRaw("image/png", TestImages.pngBomb(50_000, 50_000));

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("error").asText()).contains("50,000 × 50,000").contains("40 megapixels");
	}

	@Test
	void anyOtherContentTypeIsToldHowToSendAnImage() {
		JsonHttpResponse json = send(HttpRequest.newBuilder(uri(imagePath()))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://example.com/a.png\"}")));

		assertThat(json.status()).isEqualTo(415);
		assertThat(json.json().path("error").asText()).contains("multipart/form-data").contains("'file'");
	}

	@Test
	void removingTheUploadLeavesNoImage() {
		putRaw("image/jpeg", TestImages.jpeg(100, 100));

		JsonHttpResponse removed = send(HttpRequest.newBuilder(uri(imagePath())).DELETE());

		assertThat(removed.status()).isEqualTo(204);
		assertThat(getImage("").statusCode()).isEqualTo(404);
		JsonHttpResponse again = send(HttpRequest.newBuilder(uri(imagePath())).DELETE());
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.json().path("error").asText()).contains("no uploaded image");
	}

	@Test
	void anUploadWinsOverTheIdpsImageAndRemovingItBringsTheIdpsBack() {
		String fromIdp = this.images.storeFromIdp(this.user, "https://img.test/a.png", TestImages.png(64, 64))
			.contentHash();
		assertThat(getJson().path("origin").asText()).isEqualTo("IDP");
		assertThat(getJson().path("sourceUrl").asText()).isEqualTo("https://img.test/a.png");

		putRaw("image/gif", TestImages.gif(64, 64));
		assertThat(getJson().path("origin").asText()).isEqualTo("ADMIN");
		send(HttpRequest.newBuilder(uri(imagePath())).DELETE());

		assertThat(getJson().path("origin").asText()).isEqualTo("IDP");
		assertThat(getImage("").headers().firstValue("ETag")).hasValue("\"" + fromIdp + "\"");
	}

	@Test
	void anUnknownUserIs404() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-user")) {
			String path = "/api/v1/users/" + id + "/image";
			JsonHttpResponse put = send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "image/png")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(10, 10))));
			assertThat(put.status()).isEqualTo(404);
			assertThat(put.json().path("error").asText()).contains("There is no user with id");
			assertThat(send(HttpRequest.newBuilder(uri(path)).GET()).status()).isEqualTo(404);
			assertThat(send(HttpRequest.newBuilder(uri(path)).DELETE()).status()).isEqualTo(404);
		}
	}

	@Test
	void aCallWithoutCredentialsIsRefused() {
		HttpResponse<String> anonymous = raw(HttpRequest.newBuilder(uri(imagePath()))
			.header("Content-Type", "image/png")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(10, 10))), false);

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(getImage("").statusCode()).isEqualTo(404);
	}

	// ---- the calls

	private String imagePath() {
		return "/api/v1/users/" + this.user + "/image";
	}

	private JsonHttpResponse putRaw(String contentType, byte[] body) {
		return send(HttpRequest.newBuilder(uri(imagePath()))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** Sent without a Content-Length, as a script streaming a file does. */
	private JsonHttpResponse putChunked(String contentType, byte[] body) {
		return send(HttpRequest.newBuilder(uri(imagePath()))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
	}

	private JsonHttpResponse putMultipart(String fileName, byte[] content) {
		String boundary = "----script" + UUID.randomUUID();
		return send(HttpRequest.newBuilder(uri(imagePath()))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(PhotoBrowser.fileForm(boundary, fileName, content))));
	}

	private JsonNode getJson() {
		JsonHttpResponse described = send(HttpRequest.newBuilder(uri(imagePath()))
			.header("Accept", "application/json")
			.GET());
		assertThat(described.status()).as(described.toString()).isEqualTo(200);
		return described.json();
	}

	private HttpResponse<byte[]> getImage(String query) {
		return call(HttpRequest.newBuilder(uri(imagePath() + query)).GET(), HttpResponse.BodyHandlers.ofByteArray(),
				true);
	}

	private JsonHttpResponse send(HttpRequest.Builder request) {
		return new JsonHttpResponse(raw(request, true));
	}

	private HttpResponse<String> raw(HttpRequest.Builder request, boolean signedIn) {
		return call(request, HttpResponse.BodyHandlers.ofString(), signedIn);
	}

	private <T> HttpResponse<T> call(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, boolean signedIn) {
		try {
			return this.http.send((signedIn ? signedIn(request) : request).timeout(Duration.ofSeconds(30)).build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static HttpRequest.Builder signedIn(HttpRequest.Builder request) {
		return request.header("Authorization", "Basic " + Base64.getEncoder()
			.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private List<RecordedEvent> events(EventType type) {
		return RecordedEvents.of(this.jdbc, type, this.user);
	}

}
