package io.tilegate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with Tilegate's schema for each test, which several nodes reach through a
 * connection pool each, as separate Tilegate processes would: an in-memory H2, or a database
 * of its own on a real PostgreSQL started once per test class. For tests of what the nodes of
 * a cluster share, without a Spring context.
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterDatabase database = ClusterDatabase.postgres();
 *
 * DataSource nodeA = database.node();
 * DataSource nodeB = database.node();
 * }</pre>
 */
public final class ClusterDatabase implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private final boolean postgres;

	private EmbeddedPostgres server;

	private String url;

	private final List<HikariDataSource> pools = new ArrayList<>();

	private ClusterDatabase(boolean postgres) {
		this.postgres = postgres;
	}

	public static ClusterDatabase h2() {
		return new ClusterDatabase(false);
	}

	public static ClusterDatabase postgres() {
		return new ClusterDatabase(true);
	}

	@Override
	public void beforeEach(ExtensionContext context) throws SQLException {
		String name = "cluster_" + UUID.randomUUID().toString().replace("-", "");
		if (this.postgres) {
			try (Connection connection = server().getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create database " + name);
			}
			this.url = server().getJdbcUrl("postgres", name);
		}
		else {
			this.url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
		}
		Flyway.configure().dataSource(node()).locations("classpath:db/migration").load().migrate();
	}

	/** One more node: a connection pool of its own onto this test's database. */
	public HikariDataSource node() {
		return node(null);
	}

	/** One more node whose database sessions are in {@code timeZone}, as a node in another region. */
	public HikariDataSource node(String timeZone) {
		HikariConfig config = new HikariConfig();
		if (timeZone != null) {
			config.setConnectionInitSql("SET TIME ZONE '" + timeZone + "'");
		}
		config.setJdbcUrl(this.url);
		config.setUsername(this.postgres ? "postgres" : "sa");
		config.setPassword(this.postgres ? "postgres" : "");
		config.setMaximumPoolSize(4);
		// A node that cannot reach the database should say so in a test's time, not Hikari's 30 s.
		config.setConnectionTimeout(2000);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	/** Runs {@code sql} on this test's database, as an operator would. */
	public void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public boolean isPostgres() {
		return this.postgres;
	}

	@Override
	public void afterEach(ExtensionContext context) throws SQLException {
		this.pools.forEach(HikariDataSource::close);
		this.pools.clear();
		if (!this.postgres) {
			execute("SHUTDOWN");
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.postgres ? "postgres" : "sa", this.postgres ? "postgres" : "");
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	private EmbeddedPostgres server() {
		if (this.server == null) {
			try {
				this.server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
			}
		}
		return this.server;
	}

}
