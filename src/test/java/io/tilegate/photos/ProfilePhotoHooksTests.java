package io.tilegate.photos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.directory.Directory;
import io.tilegate.images.PhotoBrowser;
import io.tilegate.images.TestImages;
import io.tilegate.outbound.LocalWebServer;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static io.tilegate.photos.PhotoFetchQueueTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos as the IdP sends them, over real HTTP: the SAML {@code photo} attribute at sign-in,
 * SCIM {@code photos} on create, replace and patch. Each is fetched in the background from an
 * image server in the test (plain HTTP on 127.0.0.1, which the test-only switch
 * {@code tilegate.images.allow-private-urls} lets through: the guard itself is proven in
 * {@code PhotoFetchQueueTests}), and served re-encoded at the person's image URL.
 */
@TestPropertySource(properties = { "tilegate.images.allow-private-urls=true", "tilegate.images.fetch-tries=3",
		"tilegate.images.retry-backoff=200ms", "db-scheduler.polling-interval=100ms" })
class ProfilePhotoHooksTests extends AdminApiIntegrationTest {

	private static LocalWebServer server;

	@Autowired
	Directory directory;

	private ScimHttp scim;

	@BeforeAll
	static void start() {
		server = LocalWebServer.http();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void scimClient() {
		server.reset();
		String token = this.admin.post("/api/v1/connections/" + CONNECTION + "/scim-tokens", null)
			.json()
			.path("token")
			.asText();
		this.scim = scim(token);
	}

	// ---- SAML

	@ParameterizedTest
	@ValueSource(strings = { "jpeg", "png", "gif" })
	void aPhotoArrivingBySamlIsServedRedrawn(String format) {
		byte[] original = image(format);
		server.serve("/people/jane." + format, "image/" + format, original);
		String user = uniqueUser();

		PhotoBrowser browser = signIn(user, server.url("/people/jane." + format));

		UUID id = idOf(user);
		HttpResponse<byte[]> served = awaitServed(browser, id, (image) -> true);
		assertRedrawn(served, original);
		assertThat(imageRecord(id).path("origin").asText()).isEqualTo("IDP");
		assertThat(imageRecord(id).path("sourceUrl").asText()).isEqualTo(server.url("/people/jane." + format));
	}

	@Test
	void aSlowImageServerDoesNotSlowTheSignIn() {
		server.route("/slow.jpg", (exchange) -> {
			PhotoFetchQueueTests.pause(Duration.ofSeconds(10));
			exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
			server.send(exchange, 200, TestImages.jpeg(300, 300));
		});
		String user = uniqueUser();
		long started = System.nanoTime();

		PhotoBrowser browser = signIn(user, server.url("/slow.jpg"));

		// The sign-in's answer came back without waiting for the image server's 10 seconds.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		UUID id = idOf(user);
		assertThat(browser.image("/images/users/" + id + "/96").statusCode()).isEqualTo(404);
		// And the image arrives later.
		awaitServed(browser, id, (image) -> true);
	}

	@Test
	void anUploadIsNotReplacedByTheNextSignInsPhotoAndRemovingItBringsTheIdpImageBack() {
		server.serve("/first.png", "image/png", TestImages.png(200, 200));
		server.serve("/second.jpg", "image/jpeg", TestImages.jpeg(220, 220));
		String user = uniqueUser();
		PhotoBrowser browser = signIn(user, server.url("/first.png"));
		UUID id = idOf(user);
		awaitServed(browser, id, (image) -> true);

		assertThat(putImage(id, TestImages.gif(150, 150)).statusCode()).isEqualTo(200);
		String uploaded = imageRecord(id).path("contentHash").asText();
		signIn(user, server.url("/second.jpg"));

		await("the second photo to be stored", () -> server.requests("/second.jpg") == 1
				&& eventsOf(io.tilegate.events.EventType.PROFILE_IMAGE_STORED).stream()
					.anyMatch((event) -> id.equals(event.getUserId()) && event.getSummary().contains("/second.jpg")));
		JsonNode withUpload = imageRecord(id);
		assertThat(withUpload.path("origin").asText()).isEqualTo("ADMIN");
		assertThat(withUpload.path("contentHash").asText()).isEqualTo(uploaded);

		assertThat(this.admin.delete("/api/v1/users/" + id + "/image").status()).isIn(200, 204);

		JsonNode idpAgain = imageRecord(id);
		assertThat(idpAgain.path("origin").asText()).isEqualTo("IDP");
		assertThat(idpAgain.path("sourceUrl").asText()).isEqualTo(server.url("/second.jpg"));
		assertThat(server.requests("/second.jpg")).isEqualTo(1);
	}

	@Test
	void aSignInWithoutThePhotoTakesTheIdpImageAway() {
		server.serve("/jane.png", "image/png", TestImages.png(100, 100));
		String user = uniqueUser();
		PhotoBrowser browser = signIn(user, server.url("/jane.png"));
		UUID id = idOf(user);
		awaitServed(browser, id, (image) -> true);

		signIn(user, "");

		await("the image to go", () -> browser.image("/images/users/" + id + "/96").statusCode() == 404);
	}

	// ---- SCIM

	@Test
	void photosArrivingByScimCreateReplaceAndPatchAreServedRedrawn() {
		byte[] jpeg = TestImages.jpeg(400, 300);
		byte[] png = TestImages.png(300, 400);
		byte[] gif = TestImages.gif(256, 256);
		server.serve("/scim/thumb.jpg", "image/jpeg", TestImages.jpeg(50, 50));
		server.serve("/scim/jane.jpg", "image/jpeg", jpeg);
		server.serve("/scim/jane.png", "image/png", png);
		server.serve("/scim/jane.gif", "image/gif", gif);
		String user = uniqueUser();

		// Okta sends a thumbnail too: the photo of type "photo" is the one kept.
		JsonHttpResponse created = this.scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
				 "photos":[{"value":"%s","type":"thumbnail","primary":true},{"value":"%s","type":"photo"}]}"""
			.formatted(user, server.url("/scim/thumb.jpg"), server.url("/scim/jane.jpg")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asText();
		UUID userId = UUID.fromString(id);
		PhotoBrowser browser = signIn(user, null);
		assertRedrawn(awaitServed(browser, userId, (image) -> true), jpeg);
		assertThat(server.requests("/scim/thumb.jpg")).isZero();
		// A client reads back the URLs it wrote, the thumbnail's too.
		JsonNode photos = this.scim.get("/Users/" + id).json().path("photos");
		assertThat(photos).hasSize(2);
		assertThat(photos.get(0).path("value").asText()).isEqualTo(server.url("/scim/thumb.jpg"));
		assertThat(photos.get(1).path("value").asText()).isEqualTo(server.url("/scim/jane.jpg"));

		String before = imageRecord(userId).path("contentHash").asText();
		JsonHttpResponse replaced = this.scim.put("/Users/" + id, """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
				 "photos":[{"value":"%s","primary":true}]}""".formatted(user, server.url("/scim/jane.png")));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertRedrawn(awaitServed(browser, userId, changedFrom(userId, before)), png);

		String afterReplace = imageRecord(userId).path("contentHash").asText();
		JsonHttpResponse patched = this.scim.patch("/Users/" + id, """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"replace","path":"photos","value":[{"value":"%s","type":"photo"}]}]}"""
			.formatted(server.url("/scim/jane.gif")));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertRedrawn(awaitServed(browser, userId, changedFrom(userId, afterReplace)), gif);
		assertThat(imageRecord(userId).path("sourceUrl").asText()).isEqualTo(server.url("/scim/jane.gif"));
		assertThat(this.scim.get("/Users/" + id).json().path("photos").get(0).path("value").asText())
			.isEqualTo(server.url("/scim/jane.gif"));
	}

	// ---- the details

	private static byte[] image(String format) {
		return switch (format) {
			case "jpeg" -> TestImages.jpeg(640, 480);
			case "png" -> TestImages.png(480, 640);
			case "gif" -> TestImages.gif(300, 300);
			default -> throw new IllegalArgumentException(format);
		};
	}

	/** A sign-in through the ACS; {@code photoUrl} {@code null} sends no photo attribute, empty an empty one. */
	private PhotoBrowser signIn(String user, String photoUrl) {
		var response = idp.response(BASE + "/login/saml2/sso/" + CONNECTION,
				BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(user)
			.attribute("firstName", "Jane")
			.attribute("lastName", "Doe")
			.attribute("email", user);
		if (photoUrl != null) {
			response.attribute("photo", photoUrl);
		}
		return new PhotoBrowser(this.port).signInWithSaml(CONNECTION, response.build().base64());
	}

	private static String uniqueUser() {
		return "person-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	private UUID idOf(String user) {
		return this.directory.findByUserName(user).orElseThrow().id();
	}

	private HttpResponse<byte[]> awaitServed(PhotoBrowser browser, UUID id, Predicate<HttpResponse<byte[]>> wanted) {
		String path = "/images/users/" + id + "/512";
		await("the image at " + path, () -> {
			HttpResponse<byte[]> image = browser.image(path);
			return image.statusCode() == 200 && wanted.test(image);
		});
		return browser.image(path);
	}

	private Predicate<HttpResponse<byte[]>> changedFrom(UUID id, String contentHash) {
		return (image) -> !imageRecord(id).path("contentHash").asText().equals(contentHash);
	}

	/** Drawn anew: 512 pixels square, a JPEG or PNG whatever came in, and not the bytes that did. */
	private static void assertRedrawn(HttpResponse<byte[]> served, byte[] original) {
		assertThat(served.headers().firstValue("Content-Type").orElseThrow()).isIn("image/jpeg", "image/png");
		assertThat(served.body()).isNotEqualTo(original);
		assertThat(TestImages.read(served.body()).getWidth()).isEqualTo(512);
		assertThat(TestImages.read(served.body()).getHeight()).isEqualTo(512);
	}

	private JsonNode imageRecord(UUID id) {
		JsonHttpResponse record = this.admin.header("Accept", "application/json").get("/api/v1/users/" + id + "/image");
		return record.json();
	}

	private HttpResponse<String> putImage(UUID id, byte[] image) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/users/" + id + "/image"))
					.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
					.header("Content-Type", "image/gif")
					.PUT(HttpRequest.BodyPublishers.ofByteArray(image))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
