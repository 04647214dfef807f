package io.tilegate.photos;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tilegate.TilegateApplication;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.images.ImageOrigin;
import io.tilegate.images.ProfileImages;
import io.tilegate.images.TestImages;
import io.tilegate.outbound.LocalWebServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tilegate.photos.PhotoFetchQueueTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queued fetch lives in the database, not in a node: Tilegate stops with a fetch waiting for
 * its retry, starts again on the same database, and the restarted node fetches it.
 */
abstract class PhotoFetchRestartTests {

	/** A database that outlives one start of Tilegate. */
	protected abstract String newDatabaseUrl();

	protected List<String> databaseArguments() {
		return List.of();
	}

	@Test
	void aQueuedFetchSurvivesARestart() {
		AtomicBoolean serverUp = new AtomicBoolean();
		byte[] png = TestImages.png(120, 120);
		try (LocalWebServer server = LocalWebServer.http()) {
			server.route("/jane.png", (exchange) -> {
				if (serverUp.get()) {
					exchange.getResponseHeaders().add("Content-Type", "image/png");
					server.send(exchange, 200, png);
				}
				else {
					server.send(exchange, 503, new byte[0]);
				}
			});
			String database = newDatabaseUrl();
			UUID jane;
			try (ConfigurableApplicationContext first = start(database)) {
				Directory directory = first.getBean(Directory.class);
				jane = directory.createUser("jane", new Provenance("test", null)).id();
				directory.updateProfile(jane, new ProfileEdit().set(ProfileField.PHOTO, server.url("/jane.png")),
						Provenance.samlSignIn("okta"));
				// The first try failed; the retry waits in the queue, due in 3 seconds.
				await("the first try", () -> server.requests("/jane.png") == 1);
				await("the retry to be queued", () -> queued(first) == 1 && !picked(first));
			}
			serverUp.set(true);

			try (ConfigurableApplicationContext second = start(database)) {
				ProfileImages images = second.getBean(ProfileImages.class);
				await("the image, fetched after the restart", () -> images.current(jane).isPresent());
				assertThat(images.current(jane).orElseThrow().origin()).isEqualTo(ImageOrigin.IDP);
				assertThat(server.requests("/jane.png")).isEqualTo(2);
				await("the queue to empty", () -> queued(second) == 0);
			}
		}
	}

	private ConfigurableApplicationContext start(String databaseUrl) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + databaseUrl,
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--tilegate.images.allow-private-urls=true",
				"--tilegate.images.retry-backoff=3s", "--db-scheduler.polling-interval=100ms"));
		arguments.addAll(databaseArguments());
		return new SpringApplicationBuilder(TilegateApplication.class).run(arguments.toArray(String[]::new));
	}

	private static int queued(ConfigurableApplicationContext tilegate) {
		Integer count = tilegate.getBean(JdbcTemplate.class)
			.queryForObject("select count(*) from scheduled_tasks", Integer.class);
		return (count != null) ? count : 0;
	}

	private static boolean picked(ConfigurableApplicationContext tilegate) {
		return Boolean.TRUE.equals(tilegate.getBean(JdbcTemplate.class)
			.queryForObject("select max(case when picked then 1 else 0 end) = 1 from scheduled_tasks", Boolean.class));
	}

}
