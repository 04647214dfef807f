package io.tilegate.directory;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Flyway migration runs on the database, and Hibernate's {@code validate} accepts the
 * entities against the result (else the context would not start). Subclasses pick the
 * database.
 */
@DirectorySlice
abstract class FoundationMigrationTests {

	private static final List<String> TABLES = List.of("idp_connection", "sp_credential", "saml_authn_request",
			"saml_assertion_replay", "app_user", "identity_link", "user_group", "group_membership", "custom_field",
			"user_custom_value", "event_log", "admin_account");

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void everyMigrationSucceeded() {
		List<Boolean> outcomes = this.jdbc.queryForList("select \"success\" from \"flyway_schema_history\"",
				Boolean.class);
		assertThat(outcomes).isNotEmpty().containsOnly(true);
	}

	@Test
	void foundationTablesExist() {
		List<String> tables = this.jdbc.queryForList(
				"select lower(table_name) from information_schema.tables where lower(table_schema) = 'public'",
				String.class);
		assertThat(tables).containsAll(TABLES);
	}

}
