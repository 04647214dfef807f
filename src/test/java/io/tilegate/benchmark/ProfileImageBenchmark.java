package io.tilegate.benchmark;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.tilegate.TilegateApplication;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.images.TestImages;
import io.tilegate.outbound.FetchPurpose;
import io.tilegate.outbound.LocalWebServer;
import io.tilegate.outbound.OutboundFetch;
import io.tilegate.outbound.OutboundRules;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What profile photos cost. First, sign-ins per second through the real ACS over HTTP with a
 * photo URL that changes at every sign-in, beside the same sign-ins without a photo, in the same
 * run and rounds (the target: at most 10% slower); the background fetcher is paused while they
 * run, so that the figure is the sign-in's own (it only queues the fetch), and one more round
 * runs with the fetcher working beside it. The floor of a sign-in is a returning user's
 * unchanged sign-in, which writes nothing. Second, images per second processed by the
 * background fetcher from a local image server (the test-only switch
 * {@code tilegate.images.allow-private-urls} on), against its floor: a plain fetch of the same
 * image plus a plain ImageIO decode, resize and JPEG encode of it, in the same JVM. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=ProfileImageBenchmark}; figures are printed and written
 * to {@code target/benchmark/profile-images.txt}. Nothing is asserted.
 */
@Tag("benchmark")
class ProfileImageBenchmark {

	private static final String BASE = "https://intranet.example.com";

	private static final int USERS = Integer.getInteger("bench.users", 1000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int ROUNDS = 3;

	/** A typical IdP photo: 600 pixels square, a JPEG of a few dozen kilobytes. */
	private static final byte[] PHOTO = TestImages.jpeg(600, 600);

	private final SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.bench.test/metadata",
			"https://idp.bench.test/sso", "https://idp.bench.test/slo");

	@Test
	void signInsWithChangingPhotosAndTheBackgroundFetcher() throws Exception {
		List<String> report = new ArrayList<>();
		report.add(String.format(Locale.ROOT, "Profile image benchmark: %d users, %d HTTP clients, %d cores, Java %s, "
				+ "a %d-byte 600x600 JPEG", USERS, CLIENTS, Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"), PHOTO.length));
		try (LocalWebServer images = LocalWebServer.http();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
						"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:photo-bench;DB_CLOSE_DELAY=-1",
						"--tilegate.base-url=" + BASE, "--tilegate.idp-metadata-dir=target/no-idp-metadata",
						"--spring.main.banner-mode=off", "--logging.level.root=warn",
						"--server.tomcat.max-keep-alive-requests=-1", "--tilegate.images.allow-private-urls=true",
						"--db-scheduler.polling-interval=100ms")) {
			images.route("*", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
				images.send(exchange, 200, PHOTO);
			});
			app.getBean(Connections.class)
				.save("bench", ConnectionSettings.metadataOnly(this.idp.metadataXml(false)), ConnectionOrigin.API, "bench");
			URI acs = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")
					+ "/login/saml2/sso/bench");
			Scheduler fetcher = app.getBean(Scheduler.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

			// Warm-up: first sign-ins create the users (with a photo each, fetched), then every
			// kind of sign-in measured below, on the same users.
			post(acs, responses(USERS, "warm", null, images));
			awaitQueueEmpty(jdbc);
			fetcher.pause();
			post(acs, responses(USERS, "warm-a", "warm-a", images));
			post(acs, responses(USERS, "warm-b", null, images));
			resumeAndDrain(fetcher, jdbc);

			List<Measurement> withPhoto = new ArrayList<>();
			List<Measurement> withoutPhoto = new ArrayList<>();
			List<Measurement> floors = new ArrayList<>();
			for (int round = 1; round <= ROUNDS; round++) {
				fetcher.pause();
				// Both change the title, so both write the profile; only one also changes the photo.
				List<String> plain = responses(USERS, "plain-" + round, null, images);
				List<String> photo = responses(USERS, "photo-" + round, "round-" + round, images);
				// Alternate which goes first: a shared machine drifts within a round.
				if (round % 2 == 1) {
					withoutPhoto.add(post(acs, plain));
					withPhoto.add(post(acs, photo));
					// The same assertion again (new IDs): the sign-in finds nothing to change.
					floors.add(post(acs, responses(USERS, "photo-" + round, "round-" + round, images)));
				}
				else {
					withPhoto.add(post(acs, photo));
					withoutPhoto.add(post(acs, plain));
					floors.add(post(acs, responses(USERS, "plain-" + round, null, images)));
				}
				resumeAndDrain(fetcher, jdbc);
			}
			Measurement photo = Measurement.median(withPhoto);
			Measurement plain = Measurement.median(withoutPhoto);
			Measurement floor = Measurement.median(floors);
			Measurement live = post(acs, responses(USERS, "live", "live", images));
			long liveDrained = resumeAndDrain(fetcher, jdbc);

			// Every user's photo changes once; then the fetcher runs and the time to store them all
			// is taken from the moment it resumes.
			fetcher.pause();
			post(acs, responses(USERS, "final", "final", images));
			int before = images.requests();
			long cpuStart = Measurement.processCpuNanos();
			long drained = resumeAndDrain(fetcher, jdbc);
			long cpu = Measurement.processCpuNanos() - cpuStart;
			Integer stored = jdbc.queryForObject(
					"select count(*) from profile_image_state where idp_source_url like '%/final/%'", Integer.class);
			int fetched = images.requests() - before;
			double imagesPerSecond = stored / (drained / 1e9);
			double cpuPerImage = cpu / 1e6 / stored;
			double[] rawFetch = rawFetch(images, USERS / 2);
			double rawRedraw = rawRedraw(USERS / 2);

			report.add(photo.describe("sign-ins, photo URL changed at each (fetch queued)", "sign-ins"));
			report.add(plain.describe("sign-ins, same changes without a photo", "sign-ins"));
			report.add(floor.describe("floor: returning sign-ins, nothing changed", "sign-ins"));
			double ratio = photo.rate() / plain.rate();
			report.add(String.format(Locale.ROOT,
					"  with photo / without: rate %.1f%% (%.1f%% %s), p99 %.1f ms vs %.1f ms, CPU %.2f vs %.2f ms (%+.1f%%)",
					100 * ratio, Math.abs(100 - 100 * ratio), (ratio < 1) ? "slower" : "faster",
					photo.percentileMillis(0.99), plain.percentileMillis(0.99), photo.cpuMillisPerOperation(),
					plain.cpuMillisPerOperation(),
					100 * (photo.cpuMillisPerOperation() / plain.cpuMillisPerOperation() - 1)));
			report.add(String.format(Locale.ROOT,
					"  CPU per sign-in / CPU per floor sign-in: with photo %.2f, without %.2f (%.2f ms floor)",
					photo.cpuMillisPerOperation() / floor.cpuMillisPerOperation(),
					plain.cpuMillisPerOperation() / floor.cpuMillisPerOperation(), floor.cpuMillisPerOperation()));
			report.add(String.format(Locale.ROOT, "  rounds: with photo %s sign-ins/s; without %s sign-ins/s",
					withPhoto.stream().map((m) -> String.format(Locale.ROOT, "%.0f", m.rate())).toList(),
					withoutPhoto.stream().map((m) -> String.format(Locale.ROOT, "%.0f", m.rate())).toList()));
			report.add(live.describe("sign-ins, photo changed at each, the fetcher working beside them", "sign-ins")
					+ String.format(Locale.ROOT, "; their fetches done %.1f s after the last sign-in",
							liveDrained / 1e9));
			report.add(String.format(Locale.ROOT,
					"  background fetcher: %d images (%d fetched) in %.1f s = %.1f images/s, CPU %.2f ms each",
					stored, fetched, drained / 1e9, imagesPerSecond, cpuPerImage));
			report.add(String.format(Locale.ROOT,
					"  floor: plain fetch %.2f ms CPU (%.0f/s) + plain ImageIO decode, resize to 512 and JPEG encode "
							+ "%.2f ms CPU; CPU per image / floor = %.2f",
					rawFetch[0], rawFetch[1], rawRedraw, cpuPerImage / (rawFetch[0] + rawRedraw)));
		}
		report.forEach(System.out::println);
		Path out = Path.of("target", "benchmark", "profile-images.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	/**
	 * One signed response per user, built before timing starts.
	 * @param change what the title says: every value differs from the one before
	 * @param photo the folder of the photo URL, new for each value; {@code null} for no photo
	 */
	private List<String> responses(int count, String change, String photo, LocalWebServer images) {
		List<String> responses = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String user = "user" + i + "@example.com";
			var response = this.idp
				.response(BASE + "/login/saml2/sso/bench", BASE + "/saml2/service-provider-metadata/bench")
				.nameId(user)
				.attribute("firstName", "First" + i)
				.attribute("lastName", "Last" + i)
				.attribute("email", user)
				.attribute("department", "Department " + i % 20)
				.attribute("title", "Engineer " + change)
				.attribute("groups", "All Staff", "Team " + i % 50);
			if (photo != null) {
				response.attribute("photo", images.url("/" + photo + "/" + i + ".jpg"));
			}
			responses.add(response.build().base64());
		}
		return responses;
	}

	private Measurement post(URI acs, List<String> responses) throws Exception {
		return new KeepAliveClients(acs, CLIENTS).run(SignedResponses.acsPosts(responses), "sign-ins",
				(i, answer) -> SignedResponses.signInProblem(answer));
	}

	/** Lets the fetcher run and waits until the queue is empty; returns how long that took. */
	private static long resumeAndDrain(Scheduler fetcher, JdbcTemplate jdbc) throws InterruptedException {
		long start = System.nanoTime();
		fetcher.resume();
		fetcher.triggerCheckForDueExecutions();
		awaitQueueEmpty(jdbc);
		return System.nanoTime() - start;
	}

	private static void awaitQueueEmpty(JdbcTemplate jdbc) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The photo fetch queue did not empty within 10 minutes");
			}
			Thread.sleep(20);
		}
	}

	/** The same image fetched through the same guarded client, four at a time: CPU ms each, and the rate. */
	private static double[] rawFetch(LocalWebServer images, int count) throws Exception {
		FetchPurpose purpose = new FetchPurpose("photo URL", "image", "image/*", "upload it", "allow it", "smaller");
		OutboundRules rules = new OutboundRules(true, true, 5L * 1024 * 1024, Duration.ofSeconds(5),
				Duration.ofSeconds(15), Duration.ofSeconds(30), 3);
		try (OutboundFetch fetch = new OutboundFetch(purpose, rules)) {
			for (int i = 0; i < count / 5; i++) {
				fetch.fetch(images.url("/warm/" + i + ".jpg"));
			}
			Measurement measured = inParallel(count, 4, (i) -> fetch.fetch(images.url("/raw/" + i + ".jpg")));
			return new double[] { measured.cpuMillisPerOperation(), measured.rate() };
		}
	}

	/** ImageIO alone: decode the photo, draw it at 512 pixels square, encode a JPEG; CPU ms each. */
	private static double rawRedraw(int count) throws Exception {
		for (int i = 0; i < count / 5; i++) {
			redraw();
		}
		return inParallel(count, 4, (i) -> redraw()).cpuMillisPerOperation();
	}

	private static byte[] redraw() throws Exception {
		BufferedImage photo = ImageIO.read(new java.io.ByteArrayInputStream(PHOTO));
		BufferedImage square = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = square.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
		graphics.drawImage(photo, 0, 0, 512, 512, null);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(square, "jpeg", out);
		return out.toByteArray();
	}

	@FunctionalInterface
	private interface Work {

		void run(int i) throws Exception;

	}

	private static Measurement inParallel(int count, int threads, Work work) throws Exception {
		long[] latencies = new long[count];
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long cpuStart = Measurement.processCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					long begun = System.nanoTime();
					work.run(i);
					latencies[i] = System.nanoTime() - begun;
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		pool.shutdown();
		return new Measurement(count, elapsed, latencies, Measurement.processCpuNanos() - cpuStart);
	}

}
