package io.tilegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An H2 file database a node did not close is rebuilt before use; one that was closed, or is
 * open in another live process, is left as it is. The kill tests (*SurviveKillIT) show the
 * rebuild after a real {@code kill -9}.
 */
class H2CrashRecoveryTests {

	@TempDir
	Path directory;

	@Test
	void aDatabaseLeftOpenIsRebuiltWithEveryRowItsConstraintsAndItsIdentityGoingOn() throws Exception {
		Path database = this.directory.resolve("data/tilegate");
		String url = url(database);
		create(url);
		Files.writeString(H2CrashRecovery.marker(database), "1 1970-01-01T00:00:00Z\n");

		H2CrashRecovery.opened(database, url, "sa", "");
		try {
			assertThat(names(url)).containsExactly("ada", "grace", "katherine");
			try (Connection connection = DriverManager.getConnection(url, "sa", "");
					Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into person (name, team) values ('margaret', 'apollo')");
				ResultSet id = statement.executeQuery("select id from person where name = 'margaret'");
				assertThat(id.next()).isTrue();
				assertThat(id.getLong(1)).as("the identity goes on from where it was").isEqualTo(4);
				assertThatThrownBy(() -> statement.executeUpdate("insert into person (name, team) values ('ada', 'x')"))
					.as("the unique constraint came through")
					.isInstanceOf(SQLException.class);
				ResultSet indexes = statement.executeQuery(
						"select count(*) from information_schema.indexes where table_name = 'PERSON' and index_name = 'PERSON_TEAM'");
				indexes.next();
				assertThat(indexes.getInt(1)).isEqualTo(1);
				statement.execute("SHUTDOWN");
			}
			assertThat(crashedCopies(database)).hasSize(1);
			assertThat(Files.readString(H2CrashRecovery.marker(database)))
				.startsWith(ProcessHandle.current().pid() + " ");
		}
		finally {
			H2CrashRecovery.closed(database);
		}
		assertThat(H2CrashRecovery.marker(database)).doesNotExist();
	}

	@Test
	void aDatabaseClosedWhenItsNodeStoppedIsLeftAsItIs() throws Exception {
		Path database = this.directory.resolve("closed");
		String url = url(database);
		create(url);
		long modified = Files.getLastModifiedTime(H2CrashRecovery.dataFile(database)).toMillis();

		H2CrashRecovery.opened(database, url, "sa", "");
		H2CrashRecovery.closed(database);

		assertThat(crashedCopies(database)).isEmpty();
		assertThat(Files.getLastModifiedTime(H2CrashRecovery.dataFile(database)).toMillis()).isEqualTo(modified);
		assertThat(H2CrashRecovery.marker(database)).doesNotExist();
	}

	@Test
	void aDatabaseAnotherLiveProcessHasOpenIsLeftAsItIs() throws Exception {
		Path database = this.directory.resolve("held");
		String url = url(database);
		create(url);
		ProcessHandle self = ProcessHandle.current();
		Files.writeString(H2CrashRecovery.marker(database),
				self.pid() + " " + self.info().startInstant().orElseThrow() + "\n");

		H2CrashRecovery.opened(database, url, "sa", "");
		H2CrashRecovery.closed(database);

		assertThat(crashedCopies(database)).isEmpty();
	}

	@Test
	void aRebuildACrashCutBetweenItsTwoMovesIsFinished() throws Exception {
		Path database = this.directory.resolve("swapped");
		Path rebuilt = this.directory.resolve("swapped.rebuilt");
		create(url(rebuilt));
		Files.writeString(H2CrashRecovery.marker(database), "1 1970-01-01T00:00:00Z\n");

		H2CrashRecovery.opened(database, url(database), "sa", "");
		try {
			assertThat(names(url(database))).containsExactly("ada", "grace", "katherine");
			assertThat(H2CrashRecovery.dataFile(rebuilt)).doesNotExist();
			assertThat(crashedCopies(database)).as("a file the rebuild finished is not rebuilt again").isEmpty();
		}
		finally {
			H2CrashRecovery.closed(database);
		}
	}

	@Test
	void aNodeMarksTheFileOpenWhileItRunsAndNotOnceItHasStopped() throws Exception {
		Path database = this.directory.resolve("node/tilegate");
		ApplicationContextRunner node = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withUserConfiguration(H2CrashRecovery.class)
			.withPropertyValues("spring.datasource.url=" + url(database));
		node.run((running) -> {
			try (Connection connection = running.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create table person (id bigint primary key)");
			}
			assertThat(H2CrashRecovery.marker(database)).exists();
		});
		assertThat(H2CrashRecovery.marker(database)).doesNotExist();
		node.run((running) -> assertThat(H2CrashRecovery.marker(database)).exists());
		assertThat(crashedCopies(database)).as("a node that stopped leaves nothing to rebuild").isEmpty();
	}

	@Test
	void onlyEmbeddedFileDatabasesThatOneProcessOwnsAreLookedAfter() {
		assertThat(H2CrashRecovery.databaseFile("jdbc:h2:file:./data/tilegate;AUTO_SERVER=FALSE;WRITE_DELAY=0"))
			.contains(Path.of("data/tilegate").toAbsolutePath());
		assertThat(H2CrashRecovery.databaseFile("jdbc:h2:/var/lib/tilegate/db")).contains(Path.of("/var/lib/tilegate/db"));
		assertThat(H2CrashRecovery.databaseFile("jdbc:h2:mem:tilegate;DB_CLOSE_DELAY=-1")).isEmpty();
		assertThat(H2CrashRecovery.databaseFile("jdbc:h2:tcp://db.internal/tilegate")).isEmpty();
		assertThat(H2CrashRecovery.databaseFile("jdbc:h2:file:./data/tilegate;AUTO_SERVER=TRUE")).isEmpty();
		assertThat(H2CrashRecovery.databaseFile("jdbc:postgresql://db/tilegate")).isEmpty();
	}

	private static String url(Path database) {
		return "jdbc:h2:file:" + database + ";WRITE_DELAY=0";
	}

	private static void create(String url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("""
					create table person (id bigint generated by default as identity primary key,
					  name varchar(40) not null, team varchar(40), constraint person_name unique (name))""");
			statement.execute("create index person_team on person (team)");
			statement.execute("insert into person (name, team) values ('ada', 'engines'), ('grace', 'cobol'), "
					+ "('katherine', 'apollo')");
			statement.execute("SHUTDOWN");
		}
	}

	private static List<String> names(String url) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			ResultSet rows = statement.executeQuery("select name from person order by id");
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			statement.execute("SHUTDOWN");
		}
		return names;
	}

	private static List<Path> crashedCopies(Path database) throws IOException {
		try (var files = Files.list(database.getParent())) {
			return files.filter((f) -> f.getFileName().toString().startsWith(database.getFileName() + ".crashed-"))
				.toList();
		}
	}

}
