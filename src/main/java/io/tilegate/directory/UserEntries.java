package io.tilegate.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.MAX_IDENTIFIER;
import static io.tilegate.directory.DirectoryLimits.MAX_LABEL;
import static io.tilegate.directory.DirectoryLimits.MAX_OFFICE_ADDRESS;
import static io.tilegate.directory.DirectoryLimits.checkLength;
import static io.tilegate.directory.DirectoryLimits.checkUserName;
import static io.tilegate.directory.DirectoryLimits.now;
import static io.tilegate.directory.DirectoryLimits.refuseControlCharacters;

/**
 * Users as whole entries, the shape a provisioning client (SCIM) reads and writes them in:
 * searched, read, created, replaced and edited within one tenant, and deleted, by a client or
 * an admin. Unlike a sign-in ({@link Directory#updateProfile}), a client is refused what cannot
 * be kept as sent, so that it never believes a value was stored that was not. Reads are plain
 * SQL: a page of entries takes the same few queries whatever its size.
 */
@Service
public class UserEntries {

	private static final String ENTRY_COLUMNS = """
			select u.id, u.tenant_id, u.user_name, u.external_id, u.first_name, u.last_name, u.email, u.phone,
			  u.photo_url, u.title, u.company, u.department, u.employee_number, u.display_name, u.office_address,
			  u.cost_center, u.division, u.scim_attributes, u.hire_date, u.active,
			  u.manager_ref, u.created_at, u.updated_at, u.version, m.id as m_id, m.user_name as m_user_name,
			  m.first_name as m_first_name, m.last_name as m_last_name""";

	private static final String ENTRY_SELECT = ENTRY_COLUMNS
			+ " from app_user u left join app_user m on m.id = u.manager_id";

	private static final List<ProfileField> ENTRY_TEXTS = List.of(ProfileField.FIRST_NAME, ProfileField.LAST_NAME,
			ProfileField.EMAIL, ProfileField.PHONE, ProfileField.COMPANY, ProfileField.DEPARTMENT, ProfileField.TITLE,
			ProfileField.PHOTO);

	private final UserRepository users;

	private final Directory directory;

	private final CustomFields customFields;

	private final Managers managers;

	private final EventLog events;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher publisher;

	private final UnicodeOrder unicodeOrder;

	private final NewUserRows newRows;

	@PersistenceContext
	private EntityManager entityManager;

	UserEntries(UserRepository users, Directory directory, CustomFields customFields, Managers managers,
			EventLog events, Clock clock, JdbcTemplate jdbc, ApplicationEventPublisher publisher,
			UnicodeOrder unicodeOrder, NewUserRows newRows) {
		this.users = users;
		this.directory = directory;
		this.customFields = customFields;
		this.managers = managers;
		this.events = events;
		this.clock = clock;
		this.jdbc = jdbc;
		this.publisher = publisher;
		this.unicodeOrder = unicodeOrder;
		this.newRows = newRows;
	}

	/**
	 * One page of the tenant's users matching the search, in the order asked for (then by
	 * id), so that pages read one after another never repeat or skip anyone.
	 * @param offset how many matching users to skip
	 * @param limit the most users on the page; 0 counts them only
	 * @param groupsOf the connection whose groups each user is shown with; {@code null} for none
	 */
	@Transactional(readOnly = true)
	public UserPage searchUsers(String tenantId, UserSearch search, UserOrder order, int offset, int limit,
			String groupsOf) {
		UserQuery query = UserQuery.of(search);
		List<Object> args = new ArrayList<>();
		args.add(tenantId);
		args.addAll(query.args());
		List<UserEntry> users = List.of();
		if (limit > 0) {
			List<Object> pageArgs = new ArrayList<>(args);
			pageArgs.add(Math.max(0, offset));
			pageArgs.add(limit);
			String orderBy = this.unicodeOrder.orderBy("u.tenant_id", UserQuery.sortKey(order.by()),
					order.descending(), "u.id");
			// The page's ids first, then their rows and managers: paged after the join, every user
			// before the page's end would be read in full and joined to their manager, which made
			// an import of a large directory page by page cost the square of its size.
			users = entries(ENTRY_COLUMNS + " from (select u.id from app_user u where u.tenant_id = ? and "
					+ query.condition() + orderBy + " offset ? rows fetch next ? rows only) page"
					+ " join app_user u on u.id = page.id left join app_user m on m.id = u.manager_id" + orderBy,
					pageArgs, groupsOf);
		}
		// A lookup by user name or external id fits on its first page: its size is the total.
		if (offset <= 0 && users.size() < limit) {
			return new UserPage(users.size(), users);
		}
		Long total = this.jdbc.queryForObject(
				"select count(*) from app_user u where u.tenant_id = ? and " + query.condition(), Long.class,
				args.toArray());
		return new UserPage(total == null ? 0 : total, users);
	}

	/** The user with this id in the tenant, with their groups of one connection. */
	@Transactional(readOnly = true)
	public Optional<UserEntry> entry(String tenantId, UUID id, String groupsOf) {
		List<UserEntry> found = entries(ENTRY_SELECT + " where u.id = ? and u.tenant_id = ?", List.of(id, tenantId),
				groupsOf);
		return found.stream().findFirst();
	}

	/**
	 * Creates a user that a provisioning client owns from now on, and gives them to anyone
	 * who was waiting for them as a manager.
	 * @throws ProfileRejectedException for a value too long, an undefined custom field, or a
	 * manager who is the user themselves
	 * @throws UserNameTakenException when the user name is taken, whatever its case
	 */
	@Transactional
	public UserEntryUpdate createEntry(String tenantId, UserEntryEdit edit, Provenance by) {
		checkUserName(edit.userName());
		List<ProfileChange> changes = new ArrayList<>();
		User user = newEntry(tenantId, edit, changes);
		flush(() -> this.newRows.insert(List.of(user)), user.getUserName());
		return created(user, changes, true, by, EventLog.EventDraft::record);
	}

	private User newEntry(String tenantId, UserEntryEdit edit, List<ProfileChange> changes) {
		User user = new User(tenantId, edit.userName(), now(this.clock));
		user.provisionedByScim();
		writeEntry(user, edit, changes);
		if (Boolean.FALSE.equals(edit.active())) {
			user.setActive(false);
			changes.add(new ProfileChange("active", null, "false"));
		}
		return user;
	}

	/**
	 * What follows a new user's write, the same for one create and a batch.
	 * @param event told the user's {@code USER_CREATED} event: to record it now, or to keep it
	 * for a batch of them
	 */
	private UserEntryUpdate created(User user, List<ProfileChange> changes, boolean managersAwaited, Provenance by,
			Consumer<EventLog.EventDraft> event) {
		if (user.getPhotoUrl() != null) {
			this.publisher.publishEvent(new ProfilePhotoChanged(user.getId(), user.getPhotoUrl()));
		}
		boolean reportsGiven = managersAwaited && this.managers.resolvePendingReports(user, by);
		event.accept(this.events
			.event(EventType.USER_CREATED, "User created by SCIM through " + by.connectionId() + ": " + user.getUserName())
			.connection(by.connectionId())
			.user(user.getId(), user.getUserName())
			.actor(by.actor())
			.detailJson(Map.of("changes", changes)));
		this.publisher.publishEvent(UserChanged.ofCreated(user.getId(), "SCIM created the user through " + by.connectionId(),
				DirectoryReports.ofCreated(user, reportsGiven)));
		return new UserEntryUpdate(toEntry(user, List.of()), changes);
	}

	/**
	 * Creates users as {@link #createEntry} creates each one, in one transaction, with their
	 * rows sent in JDBC batches when it ends rather than one round trip per user: what a bulk
	 * import needs. Each edit is checked as a single create checks it, and one that would be
	 * refused is refused alone; the others are created.
	 * @param refusalsAllowed how many refusals to take before the edits after the last one
	 * are left alone, neither created nor answered
	 * @return one outcome per edit, in order, up to the refusal that used up the allowance
	 * @throws DataIntegrityViolationException when a write hit a unique key that the checks
	 * could not see, such as a user name taken by a concurrent create: the whole batch rolls
	 * back, and each of its creates is for the caller to try alone
	 */
	@Transactional
	public List<BatchedCreate> createEntries(String tenantId, List<UserEntryEdit> edits, int refusalsAllowed,
			Provenance by) {
		Set<String> takenKeys = takenUserNameKeys(edits);
		List<BatchedCreate> outcomes = new ArrayList<>(edits.size());
		Map<Integer, User> created = new LinkedHashMap<>();
		Map<Integer, List<ProfileChange>> changesOf = new HashMap<>();
		int refused = 0;
		for (UserEntryEdit edit : edits) {
			try {
				checkUserName(edit.userName());
				if (takenKeys.contains(User.key(edit.userName()))) {
					throw new UserNameTakenException(edit.userName(), null);
				}
				List<ProfileChange> changes = new ArrayList<>();
				User user = newEntry(tenantId, edit, changes);
				takenKeys.add(user.getUserNameKey());
				created.put(outcomes.size(), user);
				changesOf.put(outcomes.size(), changes);
				outcomes.add(null);
			}
			catch (ProfileRejectedException | UserNameTakenException ex) {
				outcomes.add(BatchedCreate.refusedFor(ex));
				if (++refused >= refusalsAllowed) {
					break;
				}
			}
		}
		this.newRows.insert(List.copyOf(created.values()));
		// Nearly always nobody waits for a manager: one query instead of one per user.
		boolean managersAwaited = this.managers.anyAwaited(tenantId);
		List<EventLog.EventDraft> createdEvents = new ArrayList<>(created.size());
		// A report resolved to one of these users records its own event at once, so that the log
		// never says a manager was resolved before saying they were created.
		Consumer<EventLog.EventDraft> event = managersAwaited ? EventLog.EventDraft::record : createdEvents::add;
		created.forEach((index, user) -> outcomes.set(index,
				BatchedCreate.of(created(user, changesOf.get(index), managersAwaited, by, event))));
		this.events.recordAll(createdEvents);
		// Everything is written; what runs before the commit (a persona recompute per user, each
		// with a flush) need not check the whole batch for changes every time.
		this.entityManager.flush();
		this.entityManager.clear();
		return outcomes;
	}

	/** The user names of the edits that are taken already, as keys; user names are unique across tenants. */
	private Set<String> takenUserNameKeys(List<UserEntryEdit> edits) {
		List<Object> keys = edits.stream().map(UserEntryEdit::userName).map(User::key).distinct()
			.map(Object.class::cast).toList();
		Set<String> taken = new HashSet<>();
		if (!keys.isEmpty()) {
			taken.addAll(this.jdbc.queryForList("select user_name_key from app_user where user_name_key in ("
					+ placeholders(keys.size()) + ")", String.class, keys.toArray()));
		}
		return taken;
	}

	/**
	 * Makes the user exactly what the edit says, writing only what differs; the status
	 * changes only when the edit sets it.
	 * @param seenVersion the version the caller read and built the edit from
	 * @return empty when the tenant has no such user
	 * @throws org.springframework.dao.OptimisticLockingFailureException when the user changed
	 * since the caller read them
	 * @throws ProfileRejectedException as {@link #createEntry} does
	 * @throws UserNameTakenException when a new user name is taken, whatever its case
	 */
	@Transactional
	public Optional<UserEntryUpdate> replaceEntry(String tenantId, UUID id, long seenVersion, UserEntryEdit edit,
			Provenance by) {
		return editEntry(tenantId, id, (current) -> {
			if (current.version() != seenVersion) {
				throw new OptimisticLockingFailureException("User " + id + " is at version " + current.version()
						+ ", not " + seenVersion);
			}
			return edit;
		}, by);
	}

	/**
	 * Reads the user and writes the edit the editor makes of them, as {@link #replaceEntry}
	 * does, in one go: what a PATCH needs, without reading the user twice. The editor runs
	 * before anything is written, so what it throws leaves the user as they were.
	 * @param editor given the user as they are (without groups)
	 * @return empty when the tenant has no such user
	 * @throws X what the editor throws
	 * @throws ProfileRejectedException as {@link #createEntry} does
	 * @throws UserNameTakenException when a new user name is taken, whatever its case
	 */
	@Transactional
	public <X extends Exception> Optional<UserEntryUpdate> editEntry(String tenantId, UUID id,
			EntryEditor<X> editor, Provenance by) throws X {
		User user = this.users.findById(id).filter((found) -> tenantId.equals(found.getTenantId())).orElse(null);
		if (user == null) {
			return Optional.empty();
		}
		UserEntryEdit edit = editor.edit(toEntry(user, List.of()));
		List<ProfileChange> changes = new ArrayList<>();
		String oldName = user.getUserName();
		if (!oldName.equals(edit.userName())) {
			checkUserName(edit.userName());
			Optional<User> holder = this.users.findByTenantIdAndUserNameKey(tenantId, User.key(edit.userName()));
			if (holder.isPresent() && !holder.get().getId().equals(id)) {
				throw new UserNameTakenException(edit.userName(), null);
			}
			user.rename(edit.userName());
			changes.add(new ProfileChange("userName", oldName, edit.userName()));
		}
		String oldExternalId = user.getExternalId();
		String oldEmailKey = user.getEmailKey();
		String oldPhotoUrl = user.getPhotoUrl();
		writeEntry(user, edit, changes);
		user.provisionedByScim();
		if (!changes.isEmpty()) {
			user.touch(now(this.clock));
		}
		if (edit.active() != null && this.directory.setActive(user, edit.active(), by.actor())) {
			changes.add(new ProfileChange("active", String.valueOf(!edit.active()), String.valueOf(edit.active())));
		}
		flush(this.users::flush, user.getUserName());
		if (!Objects.equals(oldPhotoUrl, user.getPhotoUrl())) {
			this.publisher.publishEvent(new ProfilePhotoChanged(id, user.getPhotoUrl()));
		}
		if (!oldName.equals(user.getUserName()) || !Objects.equals(oldExternalId, user.getExternalId())
				|| !Objects.equals(oldEmailKey, user.getEmailKey())) {
			this.managers.resolvePendingReports(user, by);
		}
		List<ProfileChange> profileChanges = changes.stream()
			.filter((change) -> !change.field().equals("active"))
			.toList();
		if (!profileChanges.isEmpty()) {
			this.events
				.event(EventType.USER_UPDATED,
						"User updated by SCIM through " + by.connectionId() + ": " + user.getUserName() + " ("
								+ String.join(", ", profileChanges.stream().map(ProfileChange::field).toList()) + ")")
				.connection(by.connectionId())
				.user(user.getId(), user.getUserName())
				.actor(by.actor())
				.detailJson(Map.of("changes", profileChanges))
				.record();
		}
		if (!changes.isEmpty()) {
			changed(id, "SCIM changed " + String.join(", ", changes.stream().map(ProfileChange::field).distinct().toList())
					+ " through " + by.connectionId());
		}
		return Optional.of(new UserEntryUpdate(toEntry(user, groupsOf(id, by.connectionId())), changes));
	}

	/** Makes the edit of a user from the user as they are. */
	@FunctionalInterface
	public interface EntryEditor<X extends Exception> {

		UserEntryEdit edit(UserEntry current) throws X;

	}

	private List<UserEntry.Group> groupsOf(UUID userId, String connectionId) {
		if (connectionId == null) {
			return List.of();
		}
		return groupsOf(List.of(userId), connectionId).getOrDefault(userId, List.of());
	}

	/**
	 * The users' groups of one connection, in name order. Two index lookups, memberships by
	 * user and then groups by id: as one join, H2 starts from the connection's groups and
	 * probes each one's memberships, a scan of every group per user read.
	 */
	private Map<UUID, List<UserEntry.Group>> groupsOf(List<UUID> userIds, String connectionId) {
		Map<UUID, List<UUID>> groupIdsByUser = new HashMap<>();
		this.jdbc.query("select user_id, group_id from group_membership where user_id in (" + placeholders(userIds.size())
				+ ")", (rs) -> {
					groupIdsByUser.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new ArrayList<>())
						.add(rs.getObject(2, UUID.class));
				}, userIds.toArray());
		if (groupIdsByUser.isEmpty()) {
			return Map.of();
		}
		List<Object> groupIds = groupIdsByUser.values().stream().flatMap(List::stream).distinct()
			.map(Object.class::cast).toList();
		List<Object> args = new ArrayList<>(groupIds.size() + 1);
		args.add(connectionId);
		args.addAll(groupIds);
		Map<UUID, UserEntry.Group> groupsById = new LinkedHashMap<>();
		this.jdbc.query("select id, display_name from user_group where connection_id = ? and id in ("
				+ placeholders(groupIds.size()) + ") order by name_key, id", (rs) -> {
					UUID id = rs.getObject(1, UUID.class);
					groupsById.put(id, new UserEntry.Group(id, rs.getString(2)));
				}, args.toArray());
		Map<UUID, List<UserEntry.Group>> groupsByUser = new HashMap<>();
		groupIdsByUser.forEach((userId, ids) -> groupsByUser.put(userId, groupsById.entrySet()
			.stream()
			.filter((group) -> ids.contains(group.getKey()))
			.map(Map.Entry::getValue)
			.toList()));
		return groupsByUser;
	}

	private static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	/**
	 * Deletes the user for good: their identity links, memberships and custom values go with
	 * them, and whoever reported to them has no manager any more.
	 * @return the deleted user, or empty when the tenant has no such user
	 */
	@Transactional
	public Optional<UserSummary> deleteUser(String tenantId, UUID id, Provenance by) {
		List<UserSummary> found = this.jdbc.query(
				"select id, user_name, active, scim_managed from app_user where id = ? and tenant_id = ?",
				(rs, n) -> new UserSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
						rs.getBoolean(4)),
				id, tenantId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		UserSummary user = found.get(0);
		// Their reports lose their manager, and with it their manager chain.
		List<UUID> reports = this.jdbc.queryForList("select id from app_user where manager_id = ?", UUID.class, id);
		// The schema cascades the links, memberships and custom values, and clears manager_id
		// of the reports; one statement instead of loading each collection to remove it.
		this.jdbc.update("delete from app_user where id = ? and tenant_id = ?", id, tenantId);
		String through = (by.connectionId() != null) ? "SCIM through " + by.connectionId() : by.actor();
		this.events.event(EventType.USER_DELETED, "User deleted by " + through + ": " + user.userName())
			.connection(by.connectionId())
			.user(user.id(), user.userName())
			.actor(by.actor())
			.record();
		for (UUID report : reports) {
			changed(report, "manager " + user.userName() + " deleted by " + through);
		}
		return Optional.of(user);
	}

	private List<UserEntry> entries(String sql, List<Object> args, String groupsOf) {
		List<UserEntry> rows = this.jdbc.query(sql, (rs, n) -> {
			UUID managerId = rs.getObject("m_id", UUID.class);
			UserEntry.Manager manager = null;
			if (managerId != null) {
				manager = new UserEntry.Manager(managerId, User.displayName(rs.getString("m_first_name"),
						rs.getString("m_last_name"), rs.getString("m_user_name")));
			}
			return new UserEntry(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("user_name"),
					rs.getString("external_id"), rs.getString("first_name"), rs.getString("last_name"),
					rs.getString("email"), rs.getString("phone"), rs.getString("photo_url"), rs.getString("title"),
					rs.getString("company"), rs.getString("department"), rs.getString("employee_number"),
					rs.getString("display_name"), rs.getString("office_address"), rs.getString("cost_center"),
					rs.getString("division"), rs.getString("scim_attributes"), rs.getObject("hire_date", LocalDate.class), rs.getBoolean("active"), manager,
					(manager == null) ? rs.getString("manager_ref") : null, List.of(), Map.of(),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("version"));
		}, args.toArray());
		if (rows.isEmpty()) {
			return rows;
		}
		// One query each for the page's groups and custom values, whatever the page size. Two
		// simple queries rather than one union: H2 plans a union afresh every time.
		String ids = String.join(", ", Collections.nCopies(rows.size(), "?"));
		Object[] idArgs = rows.stream().map(UserEntry::id).toArray();
		Map<UUID, List<UserEntry.Group>> groupsByUser = (groupsOf == null) ? Map.of()
				: groupsOf(rows.stream().map(UserEntry::id).toList(), groupsOf);
		Map<UUID, Map<String, String>> valuesByUser = new HashMap<>();
		this.jdbc.query("select user_id, field_name, field_value from user_custom_value where user_id in (" + ids
				+ ") order by field_name", (rs) -> {
					valuesByUser.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new LinkedHashMap<>())
						.put(rs.getString(2), rs.getString(3));
				}, idArgs);
		return rows.stream()
			.map((row) -> withCollections(row, groupsByUser.getOrDefault(row.id(), List.of()),
					valuesByUser.getOrDefault(row.id(), Map.of())))
			.toList();
	}

	private static UserEntry withCollections(UserEntry row, List<UserEntry.Group> groups, Map<String, String> values) {
		return new UserEntry(row.id(), row.tenantId(), row.userName(), row.externalId(), row.firstName(),
				row.lastName(), row.email(), row.phone(), row.photoUrl(), row.title(), row.company(), row.department(),
				row.employeeNumber(), row.displayName(), row.officeAddress(), row.costCenter(), row.division(),
				row.scimAttributes(), row.hireDate(), row.active(), row.manager(), row.pendingManager(), groups, values,
				row.createdAt(), row.updatedAt(), row.version());
	}

	private UserEntry toEntry(User user, List<UserEntry.Group> groups) {
		User manager = user.getManager();
		return new UserEntry(user.getId(), user.getTenantId(), user.getUserName(), user.getExternalId(),
				user.getFirstName(), user.getLastName(), user.getEmail(), user.getPhone(), user.getPhotoUrl(),
				user.getTitle(), user.getCompany(), user.getDepartment(), user.getEmployeeNumber(),
				user.getDisplayNameAsSent(), user.getOfficeAddress(), user.getCostCenter(), user.getDivision(),
				user.getScimAttributes(), user.getHireDate(),
				user.isActive(),
				(manager == null) ? null : new UserEntry.Manager(manager.getId(), manager.displayName()),
				(manager == null) ? user.getManagerRef() : null, groups, user.getCustomValues(), user.getCreatedAt(),
				user.getUpdatedAt(), user.getVersion());
	}

	/** Writes every field of the edit that differs, refusing what cannot be kept as sent. */
	private void writeEntry(User user, UserEntryEdit edit, List<ProfileChange> changes) {
		for (ProfileField field : ENTRY_TEXTS) {
			String value = edit.text(field);
			checkLength(field.key(), value, field.maxLength());
			String old = user.text(field);
			if (!Objects.equals(old, value)) {
				user.setText(field, value);
				changes.add(new ProfileChange(field.key(), old, value));
			}
		}
		checkLength("externalId", edit.externalId(), MAX_IDENTIFIER);
		if (!Objects.equals(user.getExternalId(), edit.externalId())) {
			refuseControlCharacters("externalId", edit.externalId());
			changes.add(new ProfileChange("externalId", user.getExternalId(), edit.externalId()));
			user.setExternalId(edit.externalId());
		}
		write("employeeNumber", user.getEmployeeNumber(), edit.employeeNumber(), MAX_IDENTIFIER, user::setEmployeeNumber,
				changes);
		if (!Objects.equals(user.getDisplayNameAsSent(), edit.displayName())) {
			// A name the console and the people directory show, as a group's display name is.
			refuseControlCharacters("displayName", edit.displayName());
		}
		write("displayName", user.getDisplayNameAsSent(), edit.displayName(), MAX_LABEL, user::setDisplayNameAsSent,
				changes);
		write("officeAddress", user.getOfficeAddress(), edit.officeAddress(), MAX_OFFICE_ADDRESS,
				user::setOfficeAddress, changes);
		write("costCenter", user.getCostCenter(), edit.costCenter(), MAX_LABEL, user::setCostCenter, changes);
		write("division", user.getDivision(), edit.division(), MAX_LABEL, user::setDivision, changes);
		write("scimAttributes", user.getScimAttributes(), edit.scimAttributes(), UserEntryEdit.MAX_SCIM_ATTRIBUTES,
				user::setScimAttributes, changes);
		if (!Objects.equals(user.getHireDate(), edit.hireDate())) {
			changes.add(new ProfileChange(ProfileField.HIRE_DATE.key(), Objects.toString(user.getHireDate(), null),
					Objects.toString(edit.hireDate(), null)));
			user.setHireDate(edit.hireDate());
		}
		String manager = edit.text(ProfileField.MANAGER);
		checkLength(ProfileField.MANAGER.key(), manager, ProfileField.MANAGER.maxLength());
		this.managers.assignManagerById(user, manager, changes);
		this.customFields.replaceCustomValues(user, edit.custom(), changes);
	}

	private static void write(String field, String old, String value, int maxLength, Consumer<String> setter,
			List<ProfileChange> changes) {
		checkLength(field, value, maxLength);
		if (!Objects.equals(old, value)) {
			changes.add(new ProfileChange(field, old, value));
			setter.accept(value);
		}
	}

	private static void flush(Runnable write, String userName) {
		try {
			write.run();
		}
		catch (DataIntegrityViolationException ex) {
			throw UserNameTakenException.causedBy(ex) ? new UserNameTakenException(userName, ex) : ex;
		}
	}

	private void changed(UUID userId, String reason) {
		this.publisher.publishEvent(new UserChanged(userId, reason));
	}

}
