package io.tilegate.photos;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.Directory;
import io.tilegate.directory.DirectoryTables;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.images.ImageFetchProblem;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ImageSize;
import io.tilegate.images.ProfileImage;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.TestImages;
import io.tilegate.outbound.LocalWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tilegate.outbound.LocalWebServer.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue of photo fetches on a real database, with the production guard: a real HTTPS
 * image server on 127.0.0.1 plays the public host {@value LocalWebServer#PUBLIC_NAME} (its
 * certificate trusted, its address let through), and every other internal address is refused
 * as in production. Photo URLs change through the directory, as SAML and SCIM change them; the
 * fetches run on the scheduler's own threads, so these tests wait for what they expect.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:photos-${random.uuid};DB_CLOSE_DELAY=-1",
		"tilegate.idp-metadata-dir=target/no-idp-metadata", "tilegate.images.fetch-tries=3",
		"tilegate.images.retry-backoff=200ms", "tilegate.images.read-timeout=4s", "db-scheduler.polling-interval=100ms" })
// Named, not found: Spring looks for nested configurations in the test class itself, not in its parents.
@Import(PhotoFetchQueueTests.ImageServerPlaysAPublicHost.class)
abstract class PhotoFetchQueueTests {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	static LocalWebServer server;

	@Autowired
	Directory directory;

	@Autowired
	ProfileImages images;

	@Autowired
	EventLog events;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	UUID jane;

	@BeforeAll
	static void start() {
		server = LocalWebServer.https();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void jane() {
		server.reset();
		this.jane = this.directory.createUser("jane-" + UUID.randomUUID(), new Provenance("test", null)).id();
	}

	@AfterEach
	void clear() {
		// Every queued fetch has run or left: nothing of this test's reaches into the next.
		await("the queue to empty", () -> queued() == 0);
		this.jdbc.update("delete from profile_image");
		this.jdbc.update("delete from profile_image_state");
		DirectoryTables.clear(this.jdbc);
	}

	// ---- the queue and the writing transaction

	@Test
	void aCommittedChangeQueuesItsFetchAndTheImageArrives() {
		byte[] png = TestImages.png(640, 480);
		server.serve("/jane.png", "image/png", png);
		String url = server.url(PUBLIC_NAME, "/jane.png");

		inTransaction(() -> {
			changePhoto(url);
			// Queued in the change's own transaction, before it commits.
			assertThat(queued()).isEqualTo(1);
		});

		ProfileImage image = awaitImage();
		assertThat(image.origin()).isEqualTo(ImageOrigin.IDP);
		assertThat(image.sourceUrl()).isEqualTo(url);
		// Drawn anew by Tilegate, square: not a byte of what the server sent.
		byte[] stored = this.images.read(this.jane, ImageSize.LARGE).orElseThrow().bytes();
		assertThat(stored).isNotEqualTo(png);
		assertThat(TestImages.read(stored).getWidth()).isEqualTo(512);
		assertThat(TestImages.read(stored).getHeight()).isEqualTo(512);
		assertThat(server.requests("/jane.png")).isEqualTo(1);
	}

	@Test
	void aRolledBackChangeQueuesNothing() {
		server.serve("/jane.png", "image/png", TestImages.png(64, 64));

		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		transaction.executeWithoutResult((status) -> {
			changePhoto(server.url(PUBLIC_NAME, "/jane.png"));
			assertThat(queued()).isEqualTo(1);
			status.setRollbackOnly();
		});

		assertThat(queued()).isZero();
		pause(Duration.ofSeconds(1));
		assertThat(server.requests()).isZero();
		assertThat(this.images.current(this.jane)).isEmpty();
		assertThat(this.directory.photoUrl(this.jane)).isEmpty();
	}

	// ---- retries

	@Test
	void aServerThatFailsTwiceThenAnswersIsRetriedAndTheImageArrives() {
		AtomicInteger calls = new AtomicInteger();
		byte[] png = TestImages.png(128, 128);
		server.route("/flaky.png", (exchange) -> {
			if (calls.incrementAndGet() <= 2) {
				server.send(exchange, 503, new byte[0]);
			}
			else {
				exchange.getResponseHeaders().add("Content-Type", "image/png");
				server.send(exchange, 200, png);
			}
		});

		changePhoto(server.url(PUBLIC_NAME, "/flaky.png"));

		awaitImage();
		assertThat(calls).hasValue(3);
		assertThat(this.images.fetchProblem(this.jane)).isEmpty();
	}

	@Test
	void afterTheLastTryTheProblemIsShownAndRecorded() {
		server.route("/down.png", (exchange) -> server.send(exchange, 503, new byte[0]));
		String url = server.url(PUBLIC_NAME, "/down.png");

		changePhoto(url);

		ImageFetchProblem problem = awaitProblem();
		assertThat(problem.sourceUrl()).isEqualTo(url);
		assertThat(problem.reason()).contains("Tilegate tried 3 times")
			.contains("answered 503 instead of the image")
			.contains("an admin may upload the image");
		assertThat(eventsOf(EventType.PROFILE_IMAGE_FETCH_FAILED)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("could not be fetched from " + url)
				.contains("answered 503"));
		await("the queue to empty", () -> queued() == 0);
		assertThat(server.requests("/down.png")).isEqualTo(3);
		assertThat(this.images.current(this.jane)).isEmpty();
	}

	// ---- what is refused at once, without retries

	@ParameterizedTest
	@ValueSource(strings = { "https://10.0.0.1/jane.png|resolves to 10.0.0.1",
			"https://169.254.169.254/latest/meta-data/|resolves to 169.254.169.254",
			"https://127.0.0.2:%d/jane.png|resolves to 127.0.0.2",
			"http://photos.example.test:%d/jane.png|must start with https://",
			"https://photos.example.test:%d/moved|redirected to https://169.254.169.254/latest/meta-data/" })
	void aRefusedUrlIsAProblemAtOnceAndNeverRetried(String urlAndReason) {
		String url = urlAndReason.substring(0, urlAndReason.indexOf('|')).formatted(server.port());
		String reason = urlAndReason.substring(urlAndReason.indexOf('|') + 1);
		server.redirect("/moved", 302, "https://169.254.169.254/latest/meta-data/");

		changePhoto(url);

		assertThat(awaitProblem().reason()).contains(reason).doesNotContain("tried");
		await("the queue to empty", () -> queued() == 0);
		assertThat(eventsOf(EventType.PROFILE_IMAGE_FETCH_FAILED)).hasSize(1);
		assertThat(server.requests("/jane.png")).isZero();
		assertThat(server.requests("/latest/meta-data/")).isZero();
	}

	@Test
	void notFoundIsAProblemAtOnce() {
		changePhoto(server.url(PUBLIC_NAME, "/gone.png"));

		assertThat(awaitProblem().reason()).contains("answered 404 instead of the image");
		await("the queue to empty", () -> queued() == 0);
		assertThat(server.requests("/gone.png")).isEqualTo(1);
	}

	@Test
	void anImageOverFiveMegabytesIsRefusedAndStopsBeingRead() {
		server.route("/huge.png", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 50; i++) {
					server.write(out, new byte[1024 * 1024]);
				}
			}
		});

		changePhoto(server.url(PUBLIC_NAME, "/huge.png"));

		assertThat(awaitProblem().reason()).contains("larger than 5242880 bytes").contains("up to 5 MB");
		assertThat(server.bytesSent()).isLessThan(16L * 1024 * 1024);
	}

	@Test
	void whatIsNotAnImageIsRefusedByTheImagesAndNotRetried() {
		server.serve("/page.png", "image/png", TestImages.HTML.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		changePhoto(server.url(PUBLIC_NAME, "/page.png"));

		assertThat(awaitProblem().reason()).contains("was refused");
		await("the queue to empty", () -> queued() == 0);
		assertThat(server.requests("/page.png")).isEqualTo(1);
		assertThat(eventsOf(EventType.PROFILE_IMAGE_REFUSED)).hasSize(1);
	}

	// ---- which URL wins

	@Test
	void aSlowFetchOfAnOldUrlDoesNotOverwriteTheNewerOne() {
		byte[] old = TestImages.png(100, 100);
		server.route("/old.png", (exchange) -> {
			pause(Duration.ofSeconds(2));
			exchange.getResponseHeaders().add("Content-Type", "image/png");
			server.send(exchange, 200, old);
		});
		server.serve("/new.jpg", "image/jpeg", TestImages.jpeg(200, 200));
		String newer = server.url(PUBLIC_NAME, "/new.jpg");

		changePhoto(server.url(PUBLIC_NAME, "/old.png"));
		await("the old fetch to start", () -> server.requests("/old.png") == 1);
		changePhoto(newer);

		await("the new image", () -> this.images.current(this.jane).map(ProfileImage::sourceUrl)
			.filter(newer::equals).isPresent());
		// The old answer came, and was dropped: the user's URL had moved on.
		pause(Duration.ofSeconds(3));
		await("the queue to empty", () -> queued() == 0);
		assertThat(this.images.current(this.jane).orElseThrow().sourceUrl()).isEqualTo(newer);
		assertThat(eventsOf(EventType.PROFILE_IMAGE_STORED)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("/new.jpg"));
	}

	@Test
	void aPhotoUrlTheIdpNoLongerSendsTakesTheImageAway() {
		server.serve("/jane.gif", "image/gif", TestImages.gif(64, 64));
		changePhoto(server.url(PUBLIC_NAME, "/jane.gif"));
		awaitImage();

		changePhoto(null);

		await("the image to go", () -> this.images.current(this.jane).isEmpty());
		assertThat(eventsOf(EventType.PROFILE_IMAGE_REMOVED)).singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains("no longer sends a photo"));
	}

	// ---- the details

	void changePhoto(String url) {
		this.directory.updateProfile(this.jane, new ProfileEdit().set(ProfileField.PHOTO, url),
				Provenance.samlSignIn("okta"));
	}

	void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> work.run());
	}

	int queued() {
		Integer count = this.jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = ?",
				Integer.class, PhotoFetchTask.TASK.getTaskName());
		return (count != null) ? count : 0;
	}

	ProfileImage awaitImage() {
		await("the image", () -> this.images.current(this.jane).isPresent());
		return this.images.current(this.jane).orElseThrow();
	}

	ImageFetchProblem awaitProblem() {
		await("the fetch problem", () -> this.images.fetchProblem(this.jane).isPresent());
		return this.images.fetchProblem(this.jane).orElseThrow();
	}

	List<Event> eventsOf(EventType type) {
		return this.events.search(type, null, null, 100)
			.stream()
			.filter((event) -> this.jane.equals(event.getUserId()))
			.toList();
	}

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Waited " + PATIENCE.toSeconds() + " s for " + what);
			}
			pause(Duration.ofMillis(50));
		}
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The fetch as production makes it, but for the test server's certificate and name. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ImageServerPlaysAPublicHost {

		@Bean
		@Primary
		IdpPhotos idpPhotosOfTheTestServer(Directory directory, ProfileImages images, TilegateProperties properties) {
			return new IdpPhotos(directory, images,
					server.fetchPlayingPublic(IdpPhotos.PURPOSE, IdpPhotos.rules(properties.images())));
		}

	}

}
