package io.tilegate.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2StatementCacheTests {

	@Test
	void anH2DatabaseCachesTheParsedFormOfAFewHundredStatementsPerConnection() throws SQLException {
		try (HikariDataSource dataSource = dataSource("jdbc:h2:mem:statement-cache;DB_CLOSE_DELAY=0")) {
			assertThat(queryCacheSize(dataSource)).isEqualTo(H2StatementCache.STATEMENTS_PER_CONNECTION);
		}
	}

	@Test
	void withoutItH2CachesEight() throws SQLException {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:h2:mem:statement-cache-default;DB_CLOSE_DELAY=0");
			assertThat(queryCacheSize(dataSource)).isEqualTo(8);
		}
	}

	@Test
	void aUrlThatSetsTheCacheItselfKeepsItsOwnSize() throws SQLException {
		try (HikariDataSource dataSource = dataSource("jdbc:h2:mem:statement-cache-own;DB_CLOSE_DELAY=0;query_cache_size=32")) {
			assertThat(queryCacheSize(dataSource)).isEqualTo(32);
		}
	}

	@Test
	void aPostgresDataSourceIsLeftAlone() {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:postgresql://localhost/tilegate");
			H2StatementCache.apply(dataSource);
			assertThat(dataSource.getDataSourceProperties()).isEmpty();
		}
	}

	private static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		H2StatementCache.h2StatementCacheSize().postProcessBeforeInitialization(dataSource, "dataSource");
		return dataSource;
	}

	private static int queryCacheSize(HikariDataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet settings = statement.executeQuery(
						"select setting_value from information_schema.settings where setting_name = 'QUERY_CACHE_SIZE'")) {
			assertThat(settings.next()).isTrue();
			return Integer.parseInt(settings.getString(1));
		}
	}

}
