package io.tilegate.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The directory as employees read it: the active users of their own tenant, found by name,
 * department, title or office, and the manager links between them. Deactivated users are
 * nobody here. Read only, in plain SQL, a page at a time: a directory may hold a hundred
 * thousand people.
 */
@Service
public class Colleagues {

	/** The most managers a chain is walked up: deeper than any real organisation. */
	public static final int MAX_CHAIN = 50;

	/** The most words of a search that count: each one costs the query a condition. */
	public static final int MAX_SEARCH_WORDS = 5;

	private static final int MAX_SEARCH_WORD = 100;

	// A custom field holds the office when its name or label says so ("officeLocation",
	// "Office location", "Work location"), unless it is a way to reach the office instead.
	private static final Pattern OFFICE_LIKE = Pattern.compile("office|location", Pattern.CASE_INSENSITIVE);

	private static final Pattern NOT_OFFICE = Pattern.compile("phone|fax|mail|number", Pattern.CASE_INSENSITIVE);

	private static final String COLUMNS = """
			u.id, u.user_name, u.display_name, u.first_name, u.last_name, u.email, u.phone, u.company, u.department,
			  u.title, u.office_address, u.active, m.id as manager_id""";

	// A manager who was deactivated is nobody to colleagues, so the link to them is not shown.
	private static final String FROM = " from app_user u left join app_user m on m.id = u.manager_id and m.active = true";

	// By last name, then first name; people without a last name by whatever name they have.
	private static final SortKey BY_NAME = SortKey.text(
			"lower(coalesce(u.last_name, u.first_name, u.display_name, u.user_name) || ' ' || coalesce(u.first_name, ''))",
			false);

	private final JdbcTemplate jdbc;

	private final CustomFields customFields;

	private final UnicodeOrder order;

	Colleagues(JdbcTemplate jdbc, CustomFields customFields, UnicodeOrder order) {
		this.jdbc = jdbc;
		this.customFields = customFields;
		this.order = order;
	}

	/**
	 * The active users of the viewer's tenant whose name, department, title or office holds
	 * every word of the search, case-insensitively, ordered by last name then first name.
	 * @param search words, of which the first {@value #MAX_SEARCH_WORDS} count; {@code null} or
	 * blank for everyone
	 */
	@Transactional(readOnly = true)
	public ColleagueListing search(UUID viewerId, String search, int offset, int limit) {
		Optional<String> tenantId = tenantOf(viewerId);
		if (tenantId.isEmpty()) {
			return new ColleagueListing(0, List.of());
		}
		List<String> officeFields = officeFields();
		StringBuilder where = new StringBuilder(" where u.active = true and u.tenant_id = ?");
		List<Object> args = new ArrayList<>();
		args.add(tenantId.get());
		for (String word : words(search)) {
			String pattern = "%" + DirectoryReports.likeEscaped(word) + "%";
			where.append(" and (lower(u.first_name) like ? escape '!' or lower(u.last_name) like ? escape '!'"
					+ " or lower(u.display_name) like ? escape '!' or lower(u.department) like ? escape '!'"
					+ " or lower(u.title) like ? escape '!' or lower(u.office_address) like ? escape '!'");
			args.addAll(Collections.nCopies(6, pattern));
			if (!officeFields.isEmpty()) {
				where.append(" or exists (select 1 from user_custom_value v where v.user_id = u.id and v.field_name ")
					.append(in(officeFields.size()))
					.append(" and lower(v.field_value) like ? escape '!')");
				args.addAll(officeFields);
				args.add(pattern);
			}
			where.append(')');
		}
		Long total = this.jdbc.queryForObject("select count(*) from app_user u" + where, Long.class, args.toArray());
		return new ColleagueListing((total != null) ? total : 0,
				page(where.toString(), args, offset, limit, officeFields));
	}

	/** The user, if they are active and in the viewer's tenant. */
	@Transactional(readOnly = true)
	public Optional<Colleague> colleague(UUID viewerId, UUID id) {
		Optional<String> tenantId = tenantOf(viewerId);
		if (tenantId.isEmpty()) {
			return Optional.empty();
		}
		List<Colleague> found = colleagues(this.jdbc.query(
				"select " + COLUMNS + FROM + " where u.id = ? and u.active = true and u.tenant_id = ?",
				(rs, n) -> row(rs), id, tenantId.get()), officeFields());
		return found.stream().findFirst();
	}

	/** The active users who report to the manager, by name, a page at a time. */
	@Transactional(readOnly = true)
	public ColleagueListing directReports(UUID managerId, int offset, int limit) {
		String where = " where u.manager_id = ? and u.active = true";
		Long total = this.jdbc.queryForObject("select count(*) from app_user u" + where, Long.class, managerId);
		return new ColleagueListing((total != null) ? total : 0,
				page(where, List.of(managerId), offset, limit, officeFields()));
	}

	/** How many active users report to each of these managers; those with none are left out. */
	@Transactional(readOnly = true)
	public Map<UUID, Long> directReportCounts(Collection<UUID> managerIds) {
		if (managerIds.isEmpty()) {
			return Map.of();
		}
		List<UUID> distinct = List.copyOf(new LinkedHashSet<>(managerIds));
		Map<UUID, Long> counts = new HashMap<>();
		this.jdbc.query("select manager_id, count(*) from app_user where manager_id " + in(distinct.size())
				+ " and active = true group by manager_id", (rs) -> {
					counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
				}, distinct.toArray());
		return counts;
	}

	/**
	 * The managers above the user, nearest first, in one query. The walk stops at the first
	 * manager met twice (manager links an IdP sent in a circle), at a deactivated manager, and
	 * after {@value #MAX_CHAIN} managers.
	 */
	@Transactional(readOnly = true)
	public ManagementChain managementChain(UUID userId) {
		// Bounded by depth in SQL, and cut at the first repeat in Java: neither database can
		// stop a recursive query at a cycle in the same words. One row past the bound tells
		// a chain that was cut from one that just ends there.
		List<Row> rows = this.jdbc.query("""
				with recursive chain (id, depth) as (
				  select manager_id, 1 from app_user where id = ? and manager_id is not null
				  union all
				  select u.manager_id, c.depth + 1 from app_user u join chain c on u.id = c.id
				  where u.manager_id is not null and u.active = true and c.depth <= ?)
				select\s""" + COLUMNS + " from chain c join app_user u on u.id = c.id"
				+ " left join app_user m on m.id = u.manager_id and m.active = true order by c.depth",
				(rs, n) -> row(rs), userId, MAX_CHAIN);
		List<Colleague> chain = colleagues(rows, officeFields());
		List<Colleague> managers = new ArrayList<>();
		Set<UUID> seen = new HashSet<>();
		seen.add(userId);
		for (int i = 0; i < rows.size(); i++) {
			if (!rows.get(i).active()) {
				break;
			}
			Colleague manager = chain.get(i);
			if (!seen.add(manager.id())) {
				return new ManagementChain(managers, manager, false);
			}
			if (managers.size() == MAX_CHAIN) {
				return new ManagementChain(managers, null, true);
			}
			managers.add(manager);
		}
		return new ManagementChain(managers, null, false);
	}

	/**
	 * The custom fields whose values are an office, in the order they were defined: those whose
	 * name or label speaks of an office or a location, and not of a phone, fax, mail or number.
	 */
	@Transactional(readOnly = true)
	public List<String> officeFields() {
		return this.customFields.customFields()
			.stream()
			.filter((field) -> officeLike(field.name()) || officeLike(field.label()))
			.filter((field) -> !NOT_OFFICE.matcher(field.name() + " " + field.label()).find())
			.map(CustomFieldView::name)
			.toList();
	}

	private static boolean officeLike(String text) {
		return OFFICE_LIKE.matcher(text).find();
	}

	private List<Colleague> page(String where, List<Object> args, int offset, int limit, List<String> officeFields) {
		List<Object> pageArgs = new ArrayList<>(args);
		pageArgs.add(Math.max(0, offset));
		pageArgs.add(Math.max(0, limit));
		// The page's ids first, from app_user alone, then their rows with their managers: joined
		// before the sort, H2 joins every user the search matches, only to keep 25.
		List<UUID> ids = this.jdbc.queryForList("select u.id from app_user u" + where
				+ this.order.orderBy("u.tenant_id", BY_NAME, false, "u.id") + " offset ? rows fetch next ? rows only",
				UUID.class, pageArgs.toArray());
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<UUID, Row> rows = new HashMap<>();
		this.jdbc.query("select " + COLUMNS + FROM + " where u.id " + in(ids.size()), (rs) -> {
			Row row = row(rs);
			rows.put(row.id(), row);
		}, ids.toArray());
		return colleagues(ids.stream().map(rows::get).filter(Objects::nonNull).toList(), officeFields);
	}

	private Optional<String> tenantOf(UUID userId) {
		return this.jdbc.queryForList("select tenant_id from app_user where id = ?", String.class, userId)
			.stream()
			.findFirst();
	}

	/** The rows as colleagues, with the office of those whose profile has none from a custom field. */
	private List<Colleague> colleagues(List<Row> rows, List<String> officeFields) {
		List<UUID> withoutOffice = rows.stream()
			.filter((row) -> row.officeAddress() == null)
			.map(Row::id)
			.distinct()
			.toList();
		Map<UUID, Map<String, String>> values = new HashMap<>();
		if (!officeFields.isEmpty() && !withoutOffice.isEmpty()) {
			List<Object> args = new ArrayList<>(withoutOffice);
			args.addAll(officeFields);
			this.jdbc.query("select user_id, field_name, field_value from user_custom_value where user_id "
					+ in(withoutOffice.size()) + " and field_name " + in(officeFields.size()), (rs) -> {
						values.computeIfAbsent(rs.getObject(1, UUID.class), (id) -> new HashMap<>())
							.put(rs.getString(2), rs.getString(3));
					}, args.toArray());
		}
		return rows.stream().map((row) -> {
			String office = row.officeAddress();
			Map<String, String> own = values.getOrDefault(row.id(), Map.of());
			for (int i = 0; office == null && i < officeFields.size(); i++) {
				office = own.get(officeFields.get(i));
			}
			return row.colleague(office);
		}).toList();
	}

	private static List<String> words(String search) {
		if (search == null || search.isBlank()) {
			return List.of();
		}
		return Arrays.stream(search.strip().toLowerCase(Locale.ROOT).split("\\s+"))
			.map((word) -> (word.length() > MAX_SEARCH_WORD) ? word.substring(0, MAX_SEARCH_WORD) : word)
			.distinct()
			.limit(MAX_SEARCH_WORDS)
			.toList();
	}

	private static String in(int count) {
		return "in (" + String.join(", ", Collections.nCopies(count, "?")) + ")";
	}

	private static Row row(ResultSet rs) throws SQLException {
		String userName = rs.getString("user_name");
		String sentName = rs.getString("display_name");
		String displayName = (sentName != null) ? sentName
				: User.displayName(rs.getString("first_name"), rs.getString("last_name"), userName);
		return new Row(rs.getObject("id", UUID.class), userName, displayName, rs.getString("email"),
				rs.getString("phone"), rs.getString("company"), rs.getString("department"), rs.getString("title"),
				rs.getString("office_address"), rs.getBoolean("active"), rs.getObject("manager_id", UUID.class));
	}

	private record Row(UUID id, String userName, String displayName, String email, String phone, String company,
			String department, String title, String officeAddress, boolean active, UUID managerId) {

		Colleague colleague(String office) {
			return new Colleague(this.id, this.userName, this.displayName, this.email, this.phone, this.company,
					this.department, this.title, office, this.managerId);
		}

	}

}
