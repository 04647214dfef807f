package io.tilegate.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rebuilds an H2 file database that a node left without closing it (a crash, a {@code kill -9},
 * a power cut) before anything else opens it.
 *
 * <p>H2 rolls back what was not committed when it reopens such a file, and every committed
 * change is there. But it can keep an index entry of a row the rollback removed: two of five
 * {@code kill -9}s in the middle of a {@code /Bulk} request left one, and from then on every
 * read through that index waited ten seconds and failed ("Row not found in primary index").
 * The rebuild is H2's own export and import ({@code SCRIPT}, then {@code RUNSCRIPT} into a new
 * file), which reads each table's rows, not its indexes, and builds the indexes afresh.
 * The file as the crash left it is kept beside the new one ({@code NAME.crashed-TIME.mv.db}, the
 * newest only).
 *
 * <p>Whether the last node closed the file is a marker file beside it, written when a node
 * opens the database and removed when it closes it. PostgreSQL needs none of this.
 */
@Configuration(proxyBeanMethods = false)
class H2CrashRecovery {

	private static final Logger logger = LoggerFactory.getLogger(H2CrashRecovery.class);

	static final String MARKER_SUFFIX = ".open-by-tilegate";

	/** Databases this JVM has open, with how many data sources: tests start several nodes in one JVM. */
	private static final Map<Path, Integer> openHere = new HashMap<>();

	@Bean
	static BeanPostProcessor h2CrashRecoveryOfDataSources() {
		return new DestructionAwareBeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource dataSource) {
					databaseFile(dataSource.getJdbcUrl())
						.ifPresent((database) -> opened(database, dataSource.getJdbcUrl(), dataSource.getUsername(),
								dataSource.getPassword()));
				}
				return bean;
			}

			@Override
			public void postProcessBeforeDestruction(Object bean, String beanName) {
				if (bean instanceof HikariDataSource dataSource) {
					databaseFile(dataSource.getJdbcUrl()).ifPresent((database) -> {
						// Closed here, before the marker goes: the file is whole once the pool has let go of it.
						dataSource.close();
						closed(database);
					});
				}
			}

			@Override
			public boolean requiresDestruction(Object bean) {
				return bean instanceof HikariDataSource;
			}

		};
	}

	/**
	 * The database file's path without H2's {@code .mv.db}, for a URL of an embedded H2 file
	 * database; empty for any other (memory, a server, PostgreSQL), and for a file shared
	 * between processes ({@code AUTO_SERVER=TRUE}), whose other users this node cannot see.
	 */
	static Optional<Path> databaseFile(String url) {
		if (url == null || !url.startsWith("jdbc:h2:")) {
			return Optional.empty();
		}
		String rest = url.substring("jdbc:h2:".length());
		int semicolon = rest.indexOf(';');
		String name = (semicolon < 0) ? rest : rest.substring(0, semicolon);
		String settings = (semicolon < 0) ? "" : rest.substring(semicolon).toUpperCase(Locale.ROOT);
		if (settings.contains(";AUTO_SERVER=TRUE")) {
			return Optional.empty();
		}
		if (name.startsWith("file:")) {
			name = name.substring("file:".length());
		}
		else if (!(name.startsWith("/") || name.startsWith("./") || name.startsWith("~/"))) {
			return Optional.empty();
		}
		if (name.startsWith("~/")) {
			name = System.getProperty("user.home") + name.substring(1);
		}
		return Optional.of(Path.of(name).toAbsolutePath().normalize());
	}

	static synchronized void opened(Path database, String url, String user, String password) {
		Integer here = openHere.get(database);
		if (here == null) {
			Path marker = marker(database);
			// A file the interrupted rebuild finished is whole: it needs no second one.
			if (!finishInterruptedSwap(database) && Files.exists(marker) && Files.exists(dataFile(database))
					&& !heldByLiveProcess(marker)) {
				rebuild(database, url, user, password);
			}
			writeMarker(marker);
		}
		openHere.put(database, (here == null) ? 1 : here + 1);
	}

	static synchronized void closed(Path database) {
		Integer here = openHere.get(database);
		if (here == null) {
			return;
		}
		if (here > 1) {
			openHere.put(database, here - 1);
			return;
		}
		openHere.remove(database);
		try {
			Files.deleteIfExists(marker(database));
		}
		catch (IOException ex) {
			logger.warn("Could not remove {}: the next start will rebuild the database as after a crash",
					marker(database), ex);
		}
	}

	/**
	 * Exports the database as SQL, imports it into a new file beside it, and only then puts the
	 * new file in the old one's place: a crash during the rebuild leaves the old file, and the
	 * marker, as they were, and the next start begins again.
	 */
	private static void rebuild(Path database, String url, String user, String password) {
		long started = System.nanoTime();
		Path script = sibling(database, ".recovery.sql");
		Path rebuilt = sibling(database, ".rebuilt");
		String settings = url.contains(";") ? url.substring(url.indexOf(';')) : "";
		logger.warn("The H2 database {} was not closed when Tilegate last stopped (a crash, or a kill). Rebuilding "
				+ "its indexes from its rows before it is used.", dataFile(database));
		try {
			Files.deleteIfExists(dataFile(rebuilt));
			run("jdbc:h2:file:" + database + settings, user, password, "SCRIPT TO '" + sql(script) + "'");
			run("jdbc:h2:file:" + rebuilt + settings, user, password, "RUNSCRIPT FROM '" + sql(script) + "'");
			Path kept = sibling(database, ".crashed-"
					+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
			deleteOlderCrashedCopies(database);
			Files.move(dataFile(database), dataFile(kept));
			Files.move(dataFile(rebuilt), dataFile(database), StandardCopyOption.ATOMIC_MOVE);
			Files.deleteIfExists(script);
			logger.warn("Rebuilt the H2 database {} in {} ms; the file as the crash left it is {} (delete it once "
					+ "Tilegate works).", dataFile(database), (System.nanoTime() - started) / 1_000_000, dataFile(kept));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not rebuild the H2 database " + dataFile(database)
					+ " after a crash; it is as the crash left it", ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not rebuild the H2 database " + dataFile(database)
					+ " after a crash; it is as the crash left it", ex);
		}
	}

	/**
	 * A crash between the two moves of a rebuild leaves the rebuilt file and no database file.
	 * @return whether there was such a rebuild to finish
	 */
	private static boolean finishInterruptedSwap(Path database) {
		Path rebuilt = sibling(database, ".rebuilt");
		try {
			if (Files.exists(dataFile(database)) || !Files.exists(dataFile(rebuilt))) {
				return false;
			}
			Files.move(dataFile(rebuilt), dataFile(database), StandardCopyOption.ATOMIC_MOVE);
			logger.warn("Finished the rebuild of the H2 database {} that a crash interrupted.", dataFile(database));
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void run(String url, String user, String password, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
			statement.execute("SHUTDOWN");
		}
	}

	private static void deleteOlderCrashedCopies(Path database) throws IOException {
		String prefix = database.getFileName() + ".crashed-";
		try (var files = Files.list(database.toAbsolutePath().getParent())) {
			for (Path file : files.filter((f) -> f.getFileName().toString().startsWith(prefix)).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	/** Whether the process that wrote the marker still runs: another node has the file open. */
	private static boolean heldByLiveProcess(Path marker) {
		try {
			String[] written = Files.readString(marker, StandardCharsets.UTF_8).trim().split(" ");
			if (written.length != 2) {
				return false;
			}
			long pid = Long.parseLong(written[0]);
			// A process id alone is not enough: in a container every start is the same pid.
			return ProcessHandle.of(pid)
				.flatMap((process) -> process.info().startInstant())
				.map((start) -> start.toString().equals(written[1]))
				.orElse(false);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static void writeMarker(Path marker) {
		ProcessHandle self = ProcessHandle.current();
		String start = self.info().startInstant().map(Instant::toString).orElse("-");
		try {
			Files.createDirectories(marker.toAbsolutePath().getParent());
			Files.writeString(marker, self.pid() + " " + start + "\n", StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + marker + ", which tells the next start whether "
					+ "this one closed the database", ex);
		}
	}

	static Path marker(Path database) {
		return sibling(database, MARKER_SUFFIX);
	}

	static Path dataFile(Path database) {
		return sibling(database, ".mv.db");
	}

	private static Path sibling(Path database, String suffix) {
		return database.resolveSibling(database.getFileName() + suffix);
	}

	private static String sql(Path path) {
		return path.toString().replace("'", "''");
	}

}
