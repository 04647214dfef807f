package io.tilegate.directory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

	/**
	 * Each write keeps every index of its table, so an index equal to another is cost for
	 * nothing: H2 made one for a foreign key declared before the index on its column.
	 */
	@Test
	void noTableKeepsTwoIndexesOnTheSameColumns() {
		String product = this.jdbc.execute(
				(java.sql.Connection connection) -> connection.getMetaData().getDatabaseProductName());
		String indexes = "H2".equals(product) ? """
				select lower(table_name), index_name,
				  listagg(lower(column_name), ',') within group (order by ordinal_position)
				from information_schema.index_columns where table_schema = 'PUBLIC'
				group by table_name, index_name""" : """
				select t.relname, i.relname, string_agg(a.attname, ',' order by k.n)
				from pg_index x
				join pg_class i on i.oid = x.indexrelid
				join pg_class t on t.oid = x.indrelid
				join pg_namespace s on s.oid = t.relnamespace and s.nspname = current_schema()
				cross join lateral unnest(x.indkey) with ordinality as k(attnum, n)
				join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
				group by t.relname, i.relname""";
		Map<String, List<String>> byColumns = this.jdbc
			.query(indexes, (rs, n) -> Map.entry(rs.getString(1) + " (" + rs.getString(3) + ")", rs.getString(2)))
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));

		assertThat(byColumns).as("tables and columns with their indexes").isNotEmpty();
		assertThat(byColumns).allSatisfy((columns, names) -> assertThat(names).as(columns).hasSize(1));
	}

	@Test
	void foundationTablesExist() {
		List<String> tables = this.jdbc.queryForList(
				"select lower(table_name) from information_schema.tables where lower(table_schema) = 'public'",
				String.class);
		assertThat(tables).containsAll(TABLES);
	}

}
