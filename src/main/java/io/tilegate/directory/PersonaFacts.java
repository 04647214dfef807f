package io.tilegate.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What persona rules look at, read in bulk with plain SQL: a user's fields, custom values,
 * groups (with their connection) and manager chain. Text is lower-cased once here, because
 * every rule compares text case-insensitively and is evaluated many times per user.
 */
@Service
public class PersonaFacts {

	/** The default fields a rule may test, by their contract names, and their columns. */
	public static final Map<String, String> FIELDS;

	static {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("userName", "user_name");
		for (ProfileField field : List.of(ProfileField.EMAIL, ProfileField.FIRST_NAME, ProfileField.LAST_NAME,
				ProfileField.PHONE, ProfileField.COMPANY, ProfileField.DEPARTMENT, ProfileField.TITLE)) {
			fields.put(field.key(), field.column());
		}
		// Not profile fields an IdP maps, but SCIM sets them and rules may test them.
		fields.put("employeeNumber", "employee_number");
		fields.put("externalId", "external_id");
		fields.put(ProfileField.HIRE_DATE.key(), ProfileField.HIRE_DATE.column());
		FIELDS = Collections.unmodifiableMap(fields);
	}

	/**
	 * The order both databases sort ids in (their bytes unsigned, from the first), which
	 * {@link UUID#compareTo} is not: what to lock users in, so that every writer that locks
	 * several takes them in the order {@link #lockUsers} and {@link #page} take them.
	 */
	public static final Comparator<UUID> ID_ORDER = Comparator
		.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
		.thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

	/** A chain longer than this is a cycle or a data error; nobody reports through 64 levels. */
	static final int MAX_CHAIN = 64;

	private static final String USER_COLUMNS = "id, user_name, first_name, last_name, email, phone, company, "
			+ "department, title, employee_number, external_id, hire_date, manager_id, active";

	private final JdbcTemplate jdbc;

	private final String rowLock;

	PersonaFacts(JdbcTemplate jdbc, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.rowLock = database.rowLock();
	}

	/**
	 * A snapshot of one user for rule evaluation.
	 * @param fields lower-cased values of the default fields ({@link #FIELDS}, the hire date as
	 * {@code yyyy-MM-dd}) and of custom fields as {@code custom.<name>}; absent when empty
	 * @param groups {@link #groupKey} of every group, once with its connection and once without
	 * @param managerChain the manager first, then theirs, up to a cycle or {@link #MAX_CHAIN}
	 */
	public record UserFacts(UUID id, String userName, boolean active, Map<String, String> fields,
			LocalDate hireDate, UUID managerId, List<UUID> managerChain, Set<String> groups) {

		public boolean inGroup(String key) {
			return this.groups.contains(key);
		}

	}

	/** The key of a group name, within a connection or ({@code null}) from any source. */
	public static String groupKey(String connectionId, String groupName) {
		String name = groupName.toLowerCase(Locale.ROOT);
		return (connectionId != null) ? connectionId + '\u0000' + name : name;
	}

	/**
	 * The facts of some users, taking their row locks first so that concurrent recomputes of
	 * the same person (a login during a directory-wide recompute) apply one after the other,
	 * and taking them in id order so that two transactions that lock some of the same people
	 * wait for one another instead of each holding a lock the other needs. One query per kind
	 * of fact, whatever the number of users. Joins the caller's transaction.
	 * @param userIds at most a few thousand, in any order
	 * @return in id order, without the ids that name no user (deleted meanwhile)
	 */
	public List<UserFacts> lockUsers(Collection<UUID> userIds, boolean chain) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		Set<UUID> sorted = new TreeSet<>(ID_ORDER);
		sorted.addAll(userIds);
		Object[] ids = sorted.toArray();
		String in = "in (" + String.join(", ", Collections.nCopies(ids.length, "?")) + ")";
		List<Row> rows = this.jdbc.query("select " + USER_COLUMNS + " from app_user where id " + in + " order by id "
				+ this.rowLock, (rs, n) -> row(rs), ids);
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<UUID, Map<String, String>> custom = new HashMap<>();
		this.jdbc.query("select user_id, field_name, field_value from user_custom_value where user_id " + in,
				(rs) -> {
					custom(rs, custom);
				}, ids);
		Map<UUID, Set<String>> groups = new HashMap<>();
		this.jdbc.query("""
				select m.user_id, g.connection_id, g.name_key from group_membership m
				join user_group g on g.id = m.group_id where m.user_id\s""" + in, (rs) -> {
			group(rs, groups);
		}, ids);
		Map<UUID, UUID> managers = new HashMap<>();
		for (Row row : rows) {
			if (row.managerId != null) {
				managers.put(row.id, row.managerId);
			}
		}
		if (chain && !managers.isEmpty()) {
			Object[] direct = new HashSet<>(managers.values()).toArray();
			// Bounded by depth, not by cycle detection in SQL: a cycle (A manages B manages A)
			// is cut in Java at its first repeat. Chains that meet are read once per start.
			this.jdbc.query("""
					with recursive chain (id, manager_id, depth) as (
					  select id, manager_id, 0 from app_user where id in (%s)
					  union all
					  select u.id, u.manager_id, c.depth + 1 from app_user u join chain c on u.id = c.manager_id
					  where c.depth < ?)
					select id, manager_id from chain where manager_id is not null"""
				.formatted(String.join(", ", Collections.nCopies(direct.length, "?"))), (rs) -> {
					managers.putIfAbsent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
				}, append(direct, MAX_CHAIN));
		}
		List<UserFacts> facts = new ArrayList<>(rows.size());
		for (Row row : rows) {
			List<UUID> above = (row.managerId == null) ? List.of()
					: chain ? chain(row.id, managers) : List.of(row.managerId);
			facts.add(row.facts(custom, groups, above));
		}
		return facts;
	}

	private static Object[] append(Object[] args, Object last) {
		Object[] all = Arrays.copyOf(args, args.length + 1);
		all[args.length] = last;
		return all;
	}

	/**
	 * Every user's manager, for walking chains in memory during a directory-wide recompute.
	 */
	public Map<UUID, UUID> managers(String tenantId) {
		Map<UUID, UUID> managers = new HashMap<>();
		this.jdbc.query("select id, manager_id from app_user where tenant_id = ? and manager_id is not null",
				(rs) -> {
					managers.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
				}, tenantId);
		return managers;
	}

	/**
	 * Where the tenant's users split into {@code parts} parts of about one size, in id order:
	 * the last id of each part but the last, fewer when there are fewer users than parts.
	 */
	public List<UUID> partEnds(String tenantId, int parts) {
		long users = this.jdbc.queryForObject("select count(*) from app_user where tenant_id = ?", Long.class,
				tenantId);
		List<UUID> ends = new ArrayList<>();
		for (int part = 1; part < parts; part++) {
			long end = users * part / parts - 1;
			if (end < 0) {
				continue;
			}
			this.jdbc.queryForList("select id from app_user where tenant_id = ? order by tenant_id, id"
					+ " offset ? rows fetch next 1 row only", UUID.class, tenantId, end)
				.stream()
				.filter((id) -> ends.isEmpty() || !ends.get(ends.size() - 1).equals(id))
				.forEach(ends::add);
		}
		return ends;
	}

	/**
	 * The next users after {@code after} in id order (keyset paging: the cost of a page does
	 * not grow with its position), optionally row-locked for the caller's transaction with the
	 * lock {@link #lockUsers} takes.
	 * @param after {@code null} for the first page
	 * @param managers from {@link #managers}, to build each manager chain
	 */
	public List<UserFacts> page(String tenantId, UUID after, int limit, Map<UUID, UUID> managers, boolean lock) {
		return page(tenantId, after, null, limit, managers, lock);
	}

	/**
	 * {@link #page(String, UUID, int, Map, boolean)} within a part of the directory.
	 * @param upTo the last id of the part ({@link #partEnds}); {@code null} for the last part
	 */
	public List<UserFacts> page(String tenantId, UUID after, UUID upTo, int limit, Map<UUID, UUID> managers,
			boolean lock) {
		List<Object> args = new ArrayList<>();
		args.add(tenantId);
		String where = "tenant_id = ?";
		if (after != null) {
			where += " and id > ?";
			args.add(after);
		}
		if (upTo != null) {
			where += " and id <= ?";
			args.add(upTo);
		}
		// By tenant and id, the index's own order: ordered by id alone, H2 reads and sorts every
		// user after the page before it applies the limit.
		String order = " order by tenant_id, id";
		if (lock) {
			// The page's last id first, then its rows up to it: H2 locks every row a locking
			// query's condition matches before it applies the limit, which here would be every
			// user after the page, on every page of a directory-wide recompute.
			List<UUID> bound = this.jdbc.queryForList("select id from app_user where " + where + order
					+ " offset ? rows fetch next 1 row only", UUID.class, append(args.toArray(), limit - 1));
			if (!bound.isEmpty()) {
				where += " and id <= ?";
				args.add(bound.get(0));
			}
			order += " " + this.rowLock;
		}
		else {
			order += " fetch first ? rows only";
			args.add(limit);
		}
		List<Row> rows = this.jdbc.query("select " + USER_COLUMNS + " from app_user where " + where + order,
				(rs, n) -> row(rs), args.toArray());
		if (rows.isEmpty()) {
			return List.of();
		}
		UUID first = rows.get(0).id;
		UUID last = rows.get(rows.size() - 1).id;
		Map<UUID, Map<String, String>> custom = new HashMap<>();
		this.jdbc.query("""
				select user_id, field_name, field_value from user_custom_value
				where user_id >= ? and user_id <= ?""", (rs) -> {
			custom(rs, custom);
		}, first, last);
		Map<UUID, Set<String>> groups = new HashMap<>();
		this.jdbc.query("""
				select m.user_id, g.connection_id, g.name_key from group_membership m
				join user_group g on g.id = m.group_id where m.user_id >= ? and m.user_id <= ?""",
				(rs) -> {
			group(rs, groups);
		}, first, last);
		List<UserFacts> facts = new ArrayList<>(rows.size());
		for (Row row : rows) {
			facts.add(row.facts(custom, groups, chain(row.id, managers)));
		}
		return facts;
	}

	private static List<UUID> chain(UUID userId, Map<UUID, UUID> managers) {
		UUID next = managers.get(userId);
		if (next == null) {
			return List.of();
		}
		List<UUID> chain = new ArrayList<>(4);
		Set<UUID> seen = null;
		while (next != null && !next.equals(userId) && chain.size() < MAX_CHAIN) {
			if (chain.size() >= 8) {
				// Past a usual depth, guard against a cycle that does not pass through the user.
				if (seen == null) {
					seen = new HashSet<>(chain);
				}
				if (!seen.add(next)) {
					break;
				}
			}
			chain.add(next);
			next = managers.get(next);
		}
		return chain;
	}

	private static void custom(ResultSet rs, Map<UUID, Map<String, String>> custom) throws SQLException {
		custom.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new HashMap<>(4))
			.put("custom." + rs.getString(2), lower(rs.getString(3)));
	}

	private static void group(ResultSet rs, Map<UUID, Set<String>> groups) throws SQLException {
		Set<String> keys = groups.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new HashSet<>(8));
		String connection = rs.getString(2);
		String name = rs.getString(3);
		keys.add(groupKey(null, name));
		if (connection != null) {
			keys.add(groupKey(connection, name));
		}
	}

	private static Row row(ResultSet rs) throws SQLException {
		Map<String, String> fields = new HashMap<>(16);
		for (Map.Entry<String, String> field : FIELDS.entrySet()) {
			String value = rs.getString(field.getValue());
			if (value != null && !value.isBlank()) {
				fields.put(field.getKey(), lower(value));
			}
		}
		return new Row(rs.getObject("id", UUID.class), rs.getString("user_name"), rs.getBoolean("active"), fields,
				rs.getObject("hire_date", LocalDate.class), rs.getObject("manager_id", UUID.class));
	}

	private static String lower(String value) {
		return value.toLowerCase(Locale.ROOT);
	}

	private record Row(UUID id, String userName, boolean active, Map<String, String> fields, LocalDate hireDate,
			UUID managerId) {

		UserFacts facts(Map<UUID, Map<String, String>> custom, Map<UUID, Set<String>> groups, List<UUID> chain) {
			Map<String, String> values = this.fields;
			Map<String, String> own = custom.get(this.id);
			if (own != null) {
				values.putAll(own);
			}
			return new UserFacts(this.id, this.userName, this.active, values, this.hireDate, this.managerId, chain,
					groups.getOrDefault(this.id, Set.of()));
		}

	}

}
