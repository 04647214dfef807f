package io.tilegate.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.TilegateApplication;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.CustomFields;
import io.tilegate.personas.PersonaMembership;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Persona evaluation at the scale: {@code bench.users} (100,000) users with groups,
 * custom fields, hire dates and a manager tree, inserted by batched JDBC; 50 personas mapped
 * to 20 spaces. Measures the first full recompute (every membership written, with its
 * events), a full recompute after one rule changes, and one user's recompute as a login pays
 * it (in its own transaction, p50/p99), unchanged and after a profile change. Run with
 * {@code ./mvnw -o -Pbenchmark test -Dtest=PersonaRecomputeBenchmark}; add
 * {@code -Dbench.database=postgres} for an embedded PostgreSQL instead of H2. Figures are
 * printed and written to {@code target/benchmark/persona-recompute-<database>.txt}; nothing
 * is asserted, because wall-clock numbers depend on the machine.
 */
@Tag("benchmark")
class PersonaRecomputeBenchmark {

	private static final int USERS = Integer.getInteger("bench.users", 100_000);

	private static final int LOGINS = Integer.getInteger("bench.logins", 2_000);

	private static final int GROUPS = 200;

	private static final int GROUPS_PER_USER = 4;

	private static final String DATABASE = System.getProperty("bench.database", "h2");

	private static final String[] DEPARTMENTS = { "Sales", "Engineering", "Marketing", "Finance", "Support", "Legal",
			"HR", "Operations", "Product", "Research" };

	private static final String[] TITLES = { "Software Engineer", "Senior Software Engineer", "Account Executive",
			"Manager", "Analyst", "Designer", "Director", "Support Engineer", "Recruiter", "Intern" };

	private static final String[] SITES = { "Berlin", "Munich", "London", "Paris", "New York", "Austin", "Tokyo" };

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void fullRecomputeAndOneLogin() throws Exception {
		List<String> report = new ArrayList<>();
		print(report, String.format(Locale.ROOT,
				"Persona recompute benchmark: %d users, 50 personas, 20 spaces, %d cores, %s, Java %s, max heap %d MB",
				USERS, Runtime.getRuntime().availableProcessors(), DATABASE, System.getProperty("java.version"),
				Runtime.getRuntime().maxMemory() / (1024 * 1024)));
		EmbeddedPostgres postgres = DATABASE.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
		String url = (postgres != null) ? postgres.getJdbcUrl("postgres", "postgres")
				: "jdbc:h2:mem:persona-bench;DB_CLOSE_DELAY=-1";
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TilegateApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--tilegate.base-url=https://intranet.example.com",
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--spring.main.banner-mode=off",
				"--logging.level.root=warn")) {
			SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.bench.test/metadata",
					"https://idp.bench.test/sso", "https://idp.bench.test/slo");
			app.getBean(Connections.class)
				.save("bench", ConnectionSettings.metadataOnly(idp.metadataXml(false)), ConnectionOrigin.API, "bench");
			CustomFields customFields = app.getBean(CustomFields.class);
			customFields.defineCustomField("costCenter", "Cost center", "bench");
			customFields.defineCustomField("site", "Site", "bench");
			DataSource dataSource = app.getBean(DataSource.class);
			long insertStarted = System.nanoTime();
			UUID[] ids = insertDirectory(dataSource);
			print(report, String.format(Locale.ROOT, "  directory inserted by batched JDBC in %.1f s",
					(System.nanoTime() - insertStarted) / 1e9));

			Personas personas = app.getBean(Personas.class);
			Spaces spaceService = app.getBean(Spaces.class);
			PersonaMembership membership = app.getBean(PersonaMembership.class);
			List<UUID> spaces = new ArrayList<>();
			for (int s = 0; s < 20; s++) {
				spaces.add(spaceService.saveSpace(null, new Spaces.SpaceEdit("Space " + s, null, null), "bench")
					.orElseThrow()
					.id());
			}
			List<UUID> personaIds = new ArrayList<>();
			List<String> rules = rules(ids);
			for (int p = 0; p < rules.size(); p++) {
				List<UUID> mapped = (p % 3 == 0) ? List.of(spaces.get(p % 20), spaces.get((p + 7) % 20))
						: List.of(spaces.get(p % 20));
				personaIds.add(personas.savePersona(null,
						new Personas.PersonaEdit("Persona " + p, null, JSON.readTree(rules.get(p)), mapped), "bench")
					.orElseThrow()
					.id());
			}

			PersonaMembership.Summary first = membership.recomputeAll("benchmark: first materialisation", (done) -> {
			});
			print(report, describe("first full recompute (every membership and its event written)", first));

			PersonaMembership.Summary unchanged = membership.recomputeAll("benchmark: nothing changed", (done) -> {
			});
			print(report, describe("full recompute, no rule changed (read + evaluate only)", unchanged));

			personas.savePersona(personaIds.get(5), new Personas.PersonaEdit("Persona 5", null,
					JSON.readTree("{\"type\":\"group\",\"group\":\"group-77\",\"connection\":\"bench\"}"),
					List.of(spaces.get(5))), "bench");
			PersonaMembership.Summary changed = membership.recomputeAll("benchmark: persona 5 changed", (done) -> {
			});
			print(report, describe("full recompute after one rule change (group-5 -> group-77)", changed));

			TransactionTemplate transaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
			Random random = new Random(7);
			for (int i = 0; i < 500; i++) {
				UUID user = ids[random.nextInt(ids.length)];
				transaction.executeWithoutResult((s) -> membership.recomputeUser(user, "benchmark warm-up"));
			}
			long[] latencies = new long[LOGINS];
			long started = System.nanoTime();
			for (int i = 0; i < LOGINS; i++) {
				UUID user = ids[random.nextInt(ids.length)];
				long t0 = System.nanoTime();
				transaction.executeWithoutResult((s) -> membership.recomputeUser(user, "benchmark login"));
				latencies[i] = System.nanoTime() - t0;
			}
			print(report, new Measurement(LOGINS, System.nanoTime() - started, latencies)
				.describe("one login's recompute, nothing changed (own transaction)", "logins"));

			long[] changedLatencies = new long[LOGINS];
			started = System.nanoTime();
			try (Connection connection = dataSource.getConnection();
					PreparedStatement department = connection
						.prepareStatement("update app_user set department = ? where id = ?")) {
				for (int i = 0; i < LOGINS; i++) {
					UUID user = ids[random.nextInt(ids.length)];
					department.setString(1, DEPARTMENTS[random.nextInt(DEPARTMENTS.length)]);
					department.setObject(2, user);
					department.executeUpdate();
					long t0 = System.nanoTime();
					transaction.executeWithoutResult((s) -> membership.recomputeUser(user, "benchmark login"));
					changedLatencies[i] = System.nanoTime() - t0;
				}
			}
			print(report, new Measurement(LOGINS, System.nanoTime() - started, changedLatencies)
				.describe("one login's recompute after a department change (diffs and events written)", "logins"));
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
		Path out = Path.of("target", "benchmark", "persona-recompute-" + DATABASE + ".txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
	}

	/** Printed at once, so that a long run shows its figures as they come. */
	private static void print(List<String> report, String line) {
		System.out.println(line);
		report.add(line);
	}

	private static String describe(String what, PersonaMembership.Summary summary) {
		return String.format(Locale.ROOT,
				"  %s: %d users in %.1f s (%d persona joins, %d leaves; %d space joins, %d leaves)", what,
				summary.users(), summary.millis() / 1e3, summary.personaJoins(), summary.personaLeaves(),
				summary.spaceJoins(), summary.spaceLeaves());
	}

	/** 50 rules of every kind, of realistic selectivity: most users land in two to four personas. */
	private static List<String> rules(UUID[] ids) {
		List<String> rules = new ArrayList<>();
		for (String department : DEPARTMENTS) {
			rules.add(field("department", "equals", department));
		}
		for (int g = 0; g < 15; g++) {
			rules.add("{\"type\":\"group\",\"group\":\"group-" + g + "\"" + ((g % 2 == 0) ? ",\"connection\":\"bench\"" : "")
					+ "}");
		}
		rules.add("{\"type\":\"hireDate\",\"withinDays\":90}");
		rules.add("{\"type\":\"hireDate\",\"before\":\"2018-01-01\"}");
		rules.add("{\"type\":\"hireDate\",\"after\":\"2025-06-30\"}");
		rules.add(field("title", "contains", "engineer"));
		rules.add(field("title", "startsWith", "senior"));
		rules.add("{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"oneOf\",\"values\":[\"Berlin\",\"Munich\"]}");
		rules.add("{\"type\":\"field\",\"field\":\"custom.costCenter\",\"test\":\"startsWith\",\"value\":\"CC-1\"}");
		rules.add("{\"type\":\"field\",\"field\":\"phone\",\"test\":\"empty\"}");
		for (int m = 1; m <= 4; m++) {
			rules.add("{\"type\":\"manager\",\"user\":\"" + ids[m] + "\",\"chain\":true}");
		}
		rules.add("{\"type\":\"manager\",\"user\":\"" + ids[0] + "\"}");
		for (int i = 0; i < 11; i++) {
			String department = DEPARTMENTS[i % DEPARTMENTS.length];
			String site = SITES[i % SITES.length];
			rules.add("{\"type\":\"allOf\",\"rules\":[" + field("department", "equals", department)
					+ ",{\"type\":\"anyOf\",\"rules\":[{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"equals\","
					+ "\"value\":\"" + site + "\"},{\"type\":\"group\",\"group\":\"group-" + (20 + i) + "\"}]},"
					+ "{\"type\":\"not\",\"rule\":{\"type\":\"hireDate\",\"withinDays\":30}},{\"type\":\"active\"}]}");
		}
		return rules;
	}

	private static String field(String field, String test, String value) {
		return "{\"type\":\"field\",\"field\":\"" + field + "\",\"test\":\"" + test + "\",\"value\":\"" + value + "\"}";
	}

	/** Users with a manager tree (8 reports each), groups, custom values and hire dates. */
	private static UUID[] insertDirectory(DataSource dataSource) throws Exception {
		Random random = new Random(42);
		UUID[] ids = new UUID[USERS];
		for (int i = 0; i < USERS; i++) {
			ids[i] = UUID.randomUUID();
		}
		UUID[] groups = new UUID[GROUPS];
		Timestamp now = Timestamp.from(Instant.now());
		LocalDate today = LocalDate.now();
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement group = connection.prepareStatement("""
					insert into user_group (id, connection_id, display_name, name_key, created_at, scim_managed,
					  updated_at, version) values (?, 'bench', ?, ?, ?, false, ?, 0)""")) {
				for (int g = 0; g < GROUPS; g++) {
					groups[g] = UUID.randomUUID();
					group.setObject(1, groups[g]);
					group.setString(2, "Group-" + g);
					group.setString(3, "group-" + g);
					group.setTimestamp(4, now);
					group.setTimestamp(5, now);
					group.addBatch();
				}
				group.executeBatch();
			}
			try (PreparedStatement user = connection.prepareStatement("""
					insert into app_user (id, user_name, user_name_key, email, email_key, first_name, last_name,
					  phone, company, department, title, hire_date, manager_id, active, scim_managed, created_at,
					  updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, 'Example', ?, ?, ?, ?, ?, false, ?, ?, 0)""");
					PreparedStatement custom = connection.prepareStatement(
							"insert into user_custom_value (user_id, field_name, field_value) values (?, ?, ?)");
					PreparedStatement member = connection
						.prepareStatement("insert into group_membership (group_id, user_id) values (?, ?)")) {
				for (int i = 0; i < USERS; i++) {
					String name = "user" + i + "@bench.example";
					user.setObject(1, ids[i]);
					user.setString(2, name);
					user.setString(3, name);
					user.setString(4, name);
					user.setString(5, name);
					user.setString(6, "First" + i);
					user.setString(7, "Last" + i);
					user.setString(8, (random.nextInt(3) == 0) ? null : "+49 30 " + i);
					user.setString(9, DEPARTMENTS[random.nextInt(DEPARTMENTS.length)]);
					user.setString(10, TITLES[random.nextInt(TITLES.length)]);
					// Ten years of hiring, so that about 2.5% are within 90 days.
					user.setDate(11, Date.valueOf(today.minusDays(random.nextInt(3650))));
					user.setObject(12, (i == 0) ? null : ids[(i - 1) / 8]);
					user.setBoolean(13, random.nextInt(20) != 0);
					user.setTimestamp(14, now);
					user.setTimestamp(15, now);
					user.addBatch();
					custom.setObject(1, ids[i]);
					custom.setString(2, "site");
					custom.setString(3, SITES[random.nextInt(SITES.length)]);
					custom.addBatch();
					custom.setObject(1, ids[i]);
					custom.setString(2, "costCenter");
					custom.setString(3, "CC-" + (100 + random.nextInt(900)));
					custom.addBatch();
					int firstGroup = random.nextInt(GROUPS);
					for (int g = 0; g < GROUPS_PER_USER; g++) {
						member.setObject(1, groups[(firstGroup + g * 37) % GROUPS]);
						member.setObject(2, ids[i]);
						member.addBatch();
					}
					if (i % 1000 == 999 || i == USERS - 1) {
						// Users first: the custom values and memberships refer to them.
						user.executeBatch();
						custom.executeBatch();
						member.executeBatch();
						connection.commit();
					}
				}
			}
		}
		return ids;
	}

}
