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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import io.tilegate.directory.PersonaFacts;
import io.tilegate.personas.PersonaMembership;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Persona evaluation at the scale: {@code bench.users} (100,000) users with groups,
 * custom fields, hire dates and a manager tree, inserted by batched JDBC; 50 personas mapped
 * to 20 spaces. Measures the first full recompute (every membership written, with its
 * events), a full recompute with nothing changed, one after one rule changes, and one user's
 * recompute as a login pays it (in its own transaction, p50/p99), unchanged and after a
 * profile change. Beside each, the CPU time it took (this JVM's and, on PostgreSQL, the
 * database server's: the machines these run on are shared, and CPU time moves far less than
 * wall time), and two floors measured in the same run: the same number of membership rows
 * and events inserted by plain batched JDBC into the same tables, and a plain read of every
 * row a full recompute reads. Run with
 * {@code ./mvnw -o -Pbenchmark test -Dtest=PersonaRecomputeBenchmark}; add
 * {@code -Dbench.database=postgres} for an embedded PostgreSQL instead of H2, and
 * {@code -Dbench.mode=short} for a one-minute run on 10,000 users. Figures are printed and
 * written to {@code target/benchmark/persona-recompute-<database>.txt}; nothing is asserted,
 * because the figures depend on the machine.
 */
@Tag("benchmark")
class PersonaRecomputeBenchmark {

	private static final int USERS = BenchmarkMode.size("bench.users", 100_000, 10_000);

	private static final int LOGINS = BenchmarkMode.size("bench.logins", 2_000, 500);

	private static final int GROUPS = 200;

	private static final int GROUPS_PER_USER = 4;

	/** Users per transaction of the floors, as a recompute takes them by default. */
	private static final int CHUNK = 1000;

	private static final String FLOOR_TENANT = "bench-floor";

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
				"Persona recompute benchmark (%s): %d users, 50 personas, 20 spaces, %d cores, %s, Java %s, max heap %d MB",
				BenchmarkMode.describe(), USERS, Runtime.getRuntime().availableProcessors(), DATABASE,
				System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
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
			ProcessCpu cpu = (postgres != null) ? ProcessCpu.jvmAndPostgres(dataSource) : ProcessCpu.jvm();
			print(report, "  CPU figures: " + cpu.describe());
			Stopwatch insert = new Stopwatch(cpu);
			UUID[] ids = insertDirectory(dataSource);
			print(report, insert.describe("directory inserted by batched JDBC", USERS, "user"));
			settle(dataSource, postgres != null);

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

			Stopwatch firstWatch = new Stopwatch(cpu);
			PersonaMembership.Summary first = membership.recomputeAll("benchmark: first materialisation", (done) -> {
			});
			Stopwatch.Lap firstLap = firstWatch.lap();
			print(report, describe("first full recompute (every membership and its event written)", first, firstLap));

			Stopwatch.Lap writeFloor = writeFloor(dataSource, cpu);
			settle(dataSource, postgres != null);
			print(report, writeFloor.describe(String.format(Locale.ROOT,
					"floor: the same %d membership rows and %d events by plain batched JDBC, %d users per commit",
					first.personaJoins() + first.spaceJoins(), first.personaJoins() + first.spaceJoins(), CHUNK),
					USERS, "user"));
			print(report, ratio("first full recompute / its floor", firstLap, writeFloor));

			Stopwatch.Lap readFloor = readFloor(dataSource, cpu);
			print(report, readFloor.describe("floor: every row a full recompute reads, by plain JDBC", USERS, "user"));
			Stopwatch unchangedWatch = new Stopwatch(cpu);
			PersonaMembership.Summary unchanged = membership.recomputeAll("benchmark: nothing changed", (done) -> {
			});
			Stopwatch.Lap unchangedLap = unchangedWatch.lap();
			print(report, describe("full recompute, no rule changed (read + evaluate only)", unchanged, unchangedLap));
			print(report, ratio("unchanged full recompute / its floor", unchangedLap, readFloor));
			if (USERS == 100_000) {
				print(report, String.format(Locale.ROOT,
						"  against the targets: first full recompute %.1f s (under 30 s), unchanged %.1f s (under 15 s)",
						firstLap.nanos() / 1e9, unchangedLap.nanos() / 1e9));
			}

			personas.savePersona(personaIds.get(5), new Personas.PersonaEdit("Persona 5", null,
					JSON.readTree("{\"type\":\"group\",\"group\":\"group-77\",\"connection\":\"bench\"}"),
					List.of(spaces.get(5))), "bench");
			Stopwatch changedWatch = new Stopwatch(cpu);
			PersonaMembership.Summary changed = membership.recomputeAll("benchmark: persona 5 changed", (done) -> {
			});
			print(report, describe("full recompute after one rule change (group-5 -> group-77)", changed,
					changedWatch.lap()));

			TransactionTemplate transaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
			Random random = new Random(7);
			for (int i = 0; i < 500; i++) {
				UUID user = ids[random.nextInt(ids.length)];
				transaction.executeWithoutResult((s) -> membership.recomputeUser(user, "benchmark warm-up"));
			}
			long[] latencies = new long[LOGINS];
			long started = System.nanoTime();
			long cpuStarted = cpu.nanos();
			for (int i = 0; i < LOGINS; i++) {
				UUID user = ids[random.nextInt(ids.length)];
				long t0 = System.nanoTime();
				transaction.executeWithoutResult((s) -> membership.recomputeUser(user, "benchmark login"));
				latencies[i] = System.nanoTime() - t0;
			}
			print(report, new Measurement(LOGINS, System.nanoTime() - started, latencies, cpu.nanos() - cpuStarted)
				.describe("one login's recompute, nothing changed (own transaction)", "logins"));

			// The CPU figure includes the department updates, a small part next to what they cause.
			long[] changedLatencies = new long[LOGINS];
			started = System.nanoTime();
			cpuStarted = cpu.nanos();
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
			print(report, new Measurement(LOGINS, System.nanoTime() - started, changedLatencies, cpu.nanos() - cpuStarted)
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

	private static String describe(String what, PersonaMembership.Summary summary, Stopwatch.Lap lap) {
		return lap.describe(what, summary.users(), "user")
				+ String.format(Locale.ROOT, " (%d persona joins, %d leaves; %d space joins, %d leaves)",
						summary.personaJoins(), summary.personaLeaves(), summary.spaceJoins(), summary.spaceLeaves());
	}

	private static String ratio(String what, Stopwatch.Lap lap, Stopwatch.Lap floor) {
		return String.format(Locale.ROOT, "  %s: CPU %.2f, wall %.2f", what, (double) lap.cpuNanos() / floor.cpuNanos(),
				(double) lap.nanos() / floor.nanos());
	}

	/** Wall and CPU time from its start. */
	private static final class Stopwatch {

		private final ProcessCpu cpu;

		private final long started = System.nanoTime();

		private final ProcessCpu.Reading cpuStarted;

		Stopwatch(ProcessCpu cpu) {
			this.cpu = cpu;
			this.cpuStarted = cpu.read();
		}

		Lap lap() {
			return new Lap(System.nanoTime() - this.started, this.cpu.read().since(this.cpuStarted),
					this.cpu.includesPostgres());
		}

		String describe(String what, long count, String unit) {
			return lap().describe(what, count, unit);
		}

		record Lap(long nanos, ProcessCpu.Reading cpu, boolean postgres) {

			long cpuNanos() {
				return this.cpu.total();
			}

			String describe(String what, long count, String unit) {
				String split = this.postgres ? String.format(Locale.ROOT, " = JVM %.1f s + PostgreSQL %.1f s",
						this.cpu.jvm() / 1e9, this.cpu.database() / 1e9) : "";
				return String.format(Locale.ROOT, "  %s: %d %ss in %.1f s, CPU %.1f s%s (%.3f ms per %s)", what, count,
						unit, this.nanos / 1e9, cpuNanos() / 1e9, split, cpuNanos() / 1e6 / count, unit);
			}

		}

	}

	/**
	 * What the first recompute wrote, written again by plain batched JDBC into the same tables:
	 * each membership row once more (under a stand-in persona or space of another tenant, so
	 * that the keys are new) and one event per row of the same type and average sizes with a
	 * random reference, a transaction per {@value #CHUNK} users. Only the inserts and commits are timed; the
	 * stand-ins and their rows are removed afterwards.
	 */
	private static Stopwatch.Lap writeFloor(DataSource dataSource, ProcessCpu cpu) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Timestamp now = Timestamp.from(Instant.now());
		Map<UUID, UUID> standIns = new HashMap<>();
		jdbc.query("select id, name from persona where tenant_id = 'default'", (rs) -> {
			UUID standIn = UUID.randomUUID();
			standIns.put(rs.getObject(1, UUID.class), standIn);
			jdbc.update("""
					insert into persona (id, tenant_id, name, name_key, rule_json, version, created_at, updated_at)
					values (?, ?, ?, ?, '{"type":"active"}', 0, ?, ?)""", standIn, FLOOR_TENANT, rs.getString(2),
					rs.getString(2).toLowerCase(Locale.ROOT), now, now);
		});
		jdbc.query("select id, name from intranet_space where tenant_id = 'default'", (rs) -> {
			UUID standIn = UUID.randomUUID();
			standIns.put(rs.getObject(1, UUID.class), standIn);
			jdbc.update("""
					insert into intranet_space (id, tenant_id, name, name_key, version, created_at, updated_at)
					values (?, ?, ?, ?, 0, ?, ?)""", standIn, FLOOR_TENANT, rs.getString(2),
					rs.getString(2).toLowerCase(Locale.ROOT), now, now);
		});
		Map<String, int[]> sizes = new HashMap<>();
		jdbc.query("""
				select type, avg(length(summary)), avg(length(detail)) from event_log
				where type in ('PERSONA_JOINED', 'SPACE_JOINED') group by type""", (rs) -> {
			sizes.put(rs.getString(1), new int[] { rs.getInt(2), rs.getInt(3) });
		});
		record Row(boolean persona, UUID of, UUID userId, String userName) {
		}
		List<Row> rows = new ArrayList<>();
		jdbc.query("""
				select 'p', m.persona_id, m.user_id, u.user_name from persona_member m join app_user u on u.id = m.user_id
				union all
				select 's', m.space_id, m.user_id, u.user_name from space_member m join app_user u on u.id = m.user_id""",
				(rs) -> {
					rows.add(new Row(rs.getString(1).equals("p"), rs.getObject(2, UUID.class),
							rs.getObject(3, UUID.class), rs.getString(4)));
				});
		rows.sort(Comparator.comparing(Row::userId, PersonaFacts.ID_ORDER));
		Long lastEvent = jdbc.queryForObject("select coalesce(max(id), 0) from event_log", Long.class);

		Random random = new Random(11);
		Stopwatch watch = new Stopwatch(cpu);
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement persona = connection
				.prepareStatement("insert into persona_member (persona_id, user_id, joined_at) values (?, ?, ?)");
					PreparedStatement space = connection
						.prepareStatement("insert into space_member (space_id, user_id, joined_at) values (?, ?, ?)");
					PreparedStatement event = connection.prepareStatement("""
							insert into event_log (reference, occurred_at, type, connection_id, user_id, user_name, actor,
							  summary, detail) values (?, ?, ?, null, ?, ?, null, ?, ?)""")) {
				int users = 0;
				for (int i = 0; i < rows.size(); i++) {
					Row row = rows.get(i);
					PreparedStatement member = row.persona() ? persona : space;
					member.setObject(1, standIns.get(row.of()));
					member.setObject(2, row.userId());
					member.setTimestamp(3, now);
					member.addBatch();
					// Texts and references as varied as the real ones: each a string of its own,
					// and references at random places of their unique index.
					String type = row.persona() ? "PERSONA_JOINED" : "SPACE_JOINED";
					int[] size = sizes.get(type);
					event.setString(1, reference(random));
					event.setTimestamp(2, Timestamp.from(Instant.now()));
					event.setString(3, type);
					event.setObject(4, row.userId());
					event.setString(5, row.userName());
					event.setString(6, padded(row.userName() + " joined " + row.of(), size[0]));
					event.setString(7, padded("{\"id\":\"" + row.of() + "\",\"user\":\"" + row.userId() + "\"", size[1]));
					event.addBatch();
					boolean lastOfUser = (i == rows.size() - 1) || !rows.get(i + 1).userId().equals(row.userId());
					if (lastOfUser && (++users % CHUNK == 0 || i == rows.size() - 1)) {
						persona.executeBatch();
						space.executeBatch();
						event.executeBatch();
						connection.commit();
					}
				}
			}
		}
		Stopwatch.Lap lap = watch.lap();
		jdbc.update("delete from persona where tenant_id = ?", FLOOR_TENANT);
		jdbc.update("delete from intranet_space where tenant_id = ?", FLOOR_TENANT);
		jdbc.update("delete from event_log where id > ?", lastEvent);
		return lap;
	}

	/**
	 * On PostgreSQL, vacuums and analyses the tables a bulk insert or delete just changed, as
	 * autovacuum would soon: so that it does not do so in the middle of a later measurement,
	 * whose CPU time counts the server's every process.
	 */
	private static void settle(DataSource dataSource, boolean postgres) {
		if (postgres) {
			new JdbcTemplate(dataSource).execute("vacuum analyze");
		}
	}

	private static String reference(Random random) {
		char[] chars = new char[10];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".charAt(random.nextInt(32));
		}
		return new String(chars);
	}

	private static String padded(String text, int length) {
		return (text.length() >= length) ? text : text + ".".repeat(length - text.length());
	}

	/**
	 * Every row a full recompute reads, read by plain JDBC with each value converted as the
	 * recompute converts it: the users' fields, custom values, groups and memberships.
	 */
	private static Stopwatch.Lap readFloor(DataSource dataSource, ProcessCpu cpu) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setFetchSize(CHUNK);
		long[] values = new long[1];
		RowCallbackHandler touch = (rs) -> {
			int columns = rs.getMetaData().getColumnCount();
			for (int c = 1; c <= columns; c++) {
				if (rs.getObject(c) != null) {
					values[0]++;
				}
			}
		};
		Stopwatch watch = new Stopwatch(cpu);
		jdbc.query("""
				select id, user_name, first_name, last_name, email, phone, company, department, title,
				  employee_number, external_id, hire_date, manager_id, active from app_user where tenant_id = 'default'""",
				touch);
		jdbc.query("select user_id, field_name, field_value from user_custom_value", touch);
		jdbc.query("""
				select m.user_id, g.connection_id, g.name_key from group_membership m
				join user_group g on g.id = m.group_id""", touch);
		jdbc.query("select user_id, persona_id from persona_member", touch);
		jdbc.query("select user_id, space_id from space_member", touch);
		jdbc.query("select user_id, space_id from space_hand_member", touch);
		return watch.lap();
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
