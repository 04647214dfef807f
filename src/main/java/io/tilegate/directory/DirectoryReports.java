package io.tilegate.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The directory as the admin reads it: the user list and one user's whole record. Read
 * only, in plain SQL, so a page costs the same few queries whatever it holds.
 */
@Service
public class DirectoryReports {

	private static final String LIST_SELECT = """
			select u.id, u.user_name, u.first_name, u.last_name, u.email, u.department, u.title, u.active,
			  u.scim_managed,
			  (select count(*) from identity_link l where l.user_id = u.id) as links,
			  (select max(l.last_login_at) from identity_link l where l.user_id = u.id) as last_login_at
			from app_user u""";

	private static final String SEARCHED = """
			and (u.user_name_key like ? escape '!' or u.email_key like ? escape '!'
			  or lower(u.first_name) like ? escape '!' or lower(u.last_name) like ? escape '!'
			  or lower(u.department) like ? escape '!')""";

	/**
	 * The columns the dossier shows, read by position ({@code u.*} also read the SCIM attributes
	 * and every other column, and looking each up by name was a tenth of the read), and whether
	 * each of its lists has anything in it. Every webhook event about a user reads this inside
	 * the change's transaction; most users have no reports, links or custom values, and a list's
	 * own statement is run only when it has something to show. (One statement for all the lists,
	 * a UNION, is not kept in H2's statement cache: it was parsed anew each time, and cost more.)
	 */
	private static final String USER = """
			select u.id, u.user_name, u.display_name, u.first_name, u.last_name, u.email, u.phone, u.company,
			  u.department, u.title, u.employee_number, u.external_id, u.hire_date, u.photo_url, u.active,
			  u.scim_managed, u.manager_id, u.manager_ref, u.created_at, u.updated_at,
			  m.user_name, m.first_name, m.last_name,
			  exists (select 1 from app_user r where r.manager_id = u.id),
			  exists (select 1 from user_custom_value v where v.user_id = u.id),
			  exists (select 1 from group_membership g where g.user_id = u.id),
			  exists (select 1 from identity_link l where l.user_id = u.id)
			from app_user u left join app_user m on m.id = u.manager_id
			where u.id = ? and u.tenant_id = ?""";

	private final JdbcTemplate jdbc;

	DirectoryReports(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The tenant's users by user name (case-insensitive, then id, so pages never repeat or
	 * skip anyone), with their source and last sign-in.
	 * @param search matched, case-insensitively, anywhere in the user name, email, first or
	 * last name or department; {@code null} or blank for everyone
	 */
	@Transactional(readOnly = true)
	public UserListing listUsers(String tenantId, String search, int offset, int limit) {
		return listUsers(tenantId, search, null, offset, limit);
	}

	/**
	 * {@link #listUsers(String, String, int, int)}, keeping only users with a link made this
	 * way, such as those linked by email, whom an admin checks after adding an IdP.
	 * @param linkedBy {@code null} for every user
	 */
	@Transactional(readOnly = true)
	public UserListing listUsers(String tenantId, String search, LinkMethod linkedBy, int offset, int limit) {
		List<Object> args = new ArrayList<>();
		args.add(tenantId);
		String where = " where u.tenant_id = ?";
		if (linkedBy != null) {
			where += " and exists (select 1 from identity_link l where l.linked_by = ? and l.user_id = u.id)";
			args.add(linkedBy.name());
		}
		if (search != null && !search.isBlank()) {
			String pattern = "%" + likeEscaped(search.strip().toLowerCase(Locale.ROOT)) + "%";
			where += " " + SEARCHED;
			for (int i = 0; i < 5; i++) {
				args.add(pattern);
			}
		}
		List<Object> pageArgs = new ArrayList<>(args);
		pageArgs.add(Math.max(0, offset));
		pageArgs.add(Math.max(0, limit));
		List<UserListing.Row> rows = this.jdbc.query(
				LIST_SELECT + where + " order by u.user_name_key, u.id offset ? rows fetch next ? rows only",
				(rs, n) -> new UserListing.Row(rs.getObject("id", UUID.class), rs.getString("user_name"),
						rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
						rs.getString("department"), rs.getString("title"), rs.getBoolean("active"),
						source(rs.getLong("links") > 0, rs.getBoolean("scim_managed")), instant(rs, "last_login_at")),
				pageArgs.toArray());
		Long total = this.jdbc.queryForObject("select count(*) from app_user u" + where, Long.class, args.toArray());
		return new UserListing((total != null) ? total : 0, rows);
	}

	/** The user with this id in the tenant, or empty. */
	@Transactional(readOnly = true)
	public Optional<UserDossier> user(String tenantId, UUID id) {
		List<Found> found = this.jdbc.query(USER, (rs, n) -> new Found(dossier(rs), rs.getBoolean(24),
				rs.getBoolean(25), rs.getBoolean(26), rs.getBoolean(27)), id, tenantId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Found first = found.get(0);
		UserDossier user = first.user();
		List<UserDossier.Person> reports = !first.hasReports() ? List.of() : this.jdbc.query("""
				select id, user_name, first_name, last_name from app_user
				where manager_id = ? order by user_name_key, id""",
				(rs, n) -> person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)),
				id);
		List<UserDossier.CustomValue> values = !first.hasCustomValues() ? List.of() : this.jdbc.query("""
				select f.name, f.label, v.field_value from user_custom_value v
				join custom_field f on f.name = v.field_name
				where v.user_id = ? order by f.created_at, f.name""",
				(rs, n) -> new UserDossier.CustomValue(rs.getString(1), rs.getString(2), rs.getString(3)), id);
		List<UserDossier.Group> groups = !first.hasGroups() ? List.of() : this.jdbc.query("""
				select g.id, g.display_name, g.connection_id, g.scim_managed from group_membership m
				join user_group g on g.id = m.group_id
				where m.user_id = ? order by g.connection_id, g.name_key""",
				(rs, n) -> new UserDossier.Group(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getBoolean(4) ? "scim" : "saml"),
				id);
		List<UserDossier.Link> links = !first.hasLinks() ? List.of() : this.jdbc.query("""
				select connection_id, name_id, created_at, last_login_at, linked_by from identity_link
				where user_id = ? order by connection_id, name_id""",
				(rs, n) -> new UserDossier.Link(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
						(rs.getString(5) != null) ? LinkMethod.valueOf(rs.getString(5)) : null),
				id);
		return Optional.of(new UserDossier(user.id(), user.userName(), user.displayName(), user.firstName(),
				user.lastName(), user.email(), user.phone(), user.company(), user.department(), user.title(),
				user.employeeNumber(), user.externalId(), user.hireDate(), user.photoUrl(), user.active(),
				user.status(), source(!links.isEmpty(), "scim".equals(user.source())), user.manager(), user.pendingManager(), reports,
				values, groups, links, user.createdAt(), user.updatedAt()));
	}

	/** Which of these users still exist, in one query: an event names users long deleted. */
	@Transactional(readOnly = true)
	public Set<UUID> existing(String tenantId, Collection<UUID> ids) {
		return displayNames(tenantId, ids).keySet();
	}

	/**
	 * The name each of these users is known by now (first and last name, else the user name),
	 * in one query; users deleted since are left out.
	 */
	@Transactional(readOnly = true)
	public Map<UUID, String> displayNames(String tenantId, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		List<UUID> distinct = List.copyOf(new HashSet<>(ids));
		List<Object> args = new ArrayList<>(distinct);
		args.add(tenantId);
		Map<UUID, String> names = new HashMap<>();
		this.jdbc.query("select id, user_name, first_name, last_name from app_user where id in ("
				+ String.join(", ", Collections.nCopies(distinct.size(), "?")) + ") and tenant_id = ?",
				(rs) -> {
					names.put(rs.getObject("id", UUID.class),
							User.displayName(rs.getString("first_name"), rs.getString("last_name"), rs.getString("user_name")));
				}, args.toArray());
		return names;
	}

	private record Found(UserDossier user, boolean hasReports, boolean hasCustomValues, boolean hasGroups,
			boolean hasLinks) {
	}

	private static UserDossier dossier(ResultSet rs) throws SQLException {
		UUID managerId = rs.getObject(17, UUID.class);
		UserDossier.Person manager = null;
		if (managerId != null) {
			manager = person(managerId, rs.getString(21), rs.getString(22), rs.getString(23));
		}
		String userName = rs.getString(2);
		// The source is settled once the links are read; until then it carries scim_managed.
		boolean active = rs.getBoolean(15);
		return new UserDossier(rs.getObject(1, UUID.class), userName,
				shownName(rs.getString(3), rs.getString(4), rs.getString(5), userName),
				rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
				rs.getString(10), rs.getString(11), rs.getString(12), rs.getObject(13, LocalDate.class),
				rs.getString(14), active, status(active), rs.getBoolean(16) ? "scim" : null,
				manager, (manager == null) ? rs.getString(18) : null, List.of(), List.of(), List.of(), List.of(),
				instant(rs, 19), instant(rs, 20));
	}

	/**
	 * The dossier {@link #user} would read for a user this transaction has just created, built
	 * from what the create holds instead: a webhook's payload needs it inside the create's
	 * transaction, and reading it back was a third of what the outbox cost a SCIM create. Only
	 * for a user whose every list is empty, as nearly every new user's is; a user with groups,
	 * custom values or reports already is read, not assembled here, so that each list keeps the
	 * order the database gives it.
	 * @return the dossier, or {@code null} when it would have to be read
	 */
	static UserDossier ofCreated(User user, boolean reportsGiven) {
		if (reportsGiven || !user.getGroups().isEmpty() || !user.getCustomValues().isEmpty()) {
			return null;
		}
		User managerUser = user.getManager();
		UserDossier.Person manager = (managerUser != null) ? person(managerUser.getId(), managerUser.getUserName(),
				managerUser.getFirstName(), managerUser.getLastName()) : null;
		return new UserDossier(user.getId(), user.getUserName(),
				shownName(user.getDisplayNameAsSent(), user.getFirstName(), user.getLastName(), user.getUserName()),
				user.getFirstName(), user.getLastName(), user.getEmail(), user.getPhone(), user.getCompany(),
				user.getDepartment(), user.getTitle(), user.getEmployeeNumber(), user.getExternalId(),
				user.getHireDate(), user.getPhotoUrl(), user.isActive(), status(user.isActive()),
				source(false, user.isScimManaged()), manager, (manager == null) ? user.getManagerRef() : null,
				List.of(), List.of(), List.of(), List.of(), user.getCreatedAt(), user.getUpdatedAt());
	}

	/** Someone a dossier names, a manager or a report, by their first and last name, else their user name. */
	private static UserDossier.Person person(UUID id, String userName, String firstName, String lastName) {
		return new UserDossier.Person(id, userName, User.displayName(firstName, lastName, userName));
	}

	/** The name the provisioning client gave the person, when it gave one; else as {@link User#displayName}. */
	private static String shownName(String displayNameAsSent, String firstName, String lastName, String userName) {
		return (displayNameAsSent != null) ? displayNameAsSent : User.displayName(firstName, lastName, userName);
	}

	private static String status(boolean active) {
		return active ? "active" : "deactivated";
	}

	private static String source(boolean linked, boolean scimManaged) {
		if (linked && scimManaged) {
			return "both";
		}
		return scimManaged ? "scim" : "saml";
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return instant(rs, rs.findColumn(column));
	}

	static String likeEscaped(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

}
