package io.tilegate.config;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives an H2 database a statement cache large enough for the statements one request runs.
 *
 * <p>H2 keeps the parsed form of only the last 8 statements of each connection. A sign-in runs
 * about a dozen distinct statements on a pooled connection, so every one was parsed afresh:
 * measured, a twelfth of a sign-in's CPU went to H2's SQL parser. With room for a few hundred
 * statements per connection each is parsed once per connection. This is H2's
 * {@code QUERY_CACHE_SIZE}; it applies whatever H2 URL is configured (unless that URL sets it
 * itself), and a PostgreSQL data source is left alone: its driver prepares statements on the
 * server instead.
 */
@Configuration(proxyBeanMethods = false)
class H2StatementCache {

	static final String SETTING = "QUERY_CACHE_SIZE";

	static final int STATEMENTS_PER_CONNECTION = 256;

	@Bean
	static BeanPostProcessor h2StatementCacheSize() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource dataSource) {
					apply(dataSource);
				}
				return bean;
			}
		};
	}

	static void apply(HikariDataSource dataSource) {
		String url = dataSource.getJdbcUrl();
		if (url != null && url.startsWith("jdbc:h2:") && !url.toUpperCase().contains(SETTING + "=")) {
			dataSource.addDataSourceProperty(SETTING, String.valueOf(STATEMENTS_PER_CONNECTION));
		}
	}

}
