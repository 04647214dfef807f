package io.tilegate.directory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The directory of users, groups and custom fields. Every other package reads and writes
 * people through here. Writes join the caller's transaction, so a login or a SCIM call that
 * fails half-way leaves nothing behind.
 */
@Service
public class Directory {

	private static final Pattern CUSTOM_FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

	private static final int MAX_USER_NAME = 255;

	private static final int MAX_LABEL = 255;

	private static final int MAX_GROUP_NAME = 255;

	private static final int MAX_CUSTOM_VALUE = 4000;

	private final UserRepository users;

	private final IdentityLinkRepository links;

	private final UserGroupRepository groups;

	private final CustomFieldRepository customFields;

	private final EventLog events;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	Directory(UserRepository users, IdentityLinkRepository links, UserGroupRepository groups,
			CustomFieldRepository customFields, EventLog events, Clock clock, JdbcTemplate jdbc) {
		this.users = users;
		this.links = links;
		this.groups = groups;
		this.customFields = customFields;
		this.events = events;
		this.clock = clock;
		this.jdbc = jdbc;
	}

	// ---- custom fields

	/**
	 * Defines a custom text field, or relabels it if it exists: running the same set-up twice
	 * is harmless.
	 * @param name what IdPs send as {@code custom.<name>}: a letter, then up to 63 letters,
	 * digits or underscores
	 * @param label what people read; the name when blank
	 */
	@Transactional
	public CustomField defineCustomField(String name, String label, String actor) {
		if (name == null || !CUSTOM_FIELD_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A custom field name is a letter followed by up to 63 letters, digits or "
					+ "underscores; '" + name + "' is not.");
		}
		String cleanLabel = (label == null || label.isBlank()) ? name : label.trim();
		if (cleanLabel.length() > MAX_LABEL) {
			throw new IllegalArgumentException("A custom field label has at most " + MAX_LABEL + " characters.");
		}
		Optional<CustomField> existing = this.customFields.findById(name);
		if (existing.isPresent()) {
			CustomField field = existing.get();
			if (!field.getLabel().equals(cleanLabel)) {
				String oldLabel = field.getLabel();
				field.relabel(cleanLabel);
				this.events
					.event(EventType.CUSTOM_FIELD_DEFINED,
							"Custom field " + name + " relabelled from '" + oldLabel + "' to '" + cleanLabel + "'")
					.actor(actor)
					.record();
			}
			return field;
		}
		CustomField field = this.customFields.saveAndFlush(new CustomField(name, cleanLabel, now()));
		// Earlier sign-ins may have sent this field before it existed: their next one must map it.
		this.jdbc.update("update identity_link set attributes_digest = null where attributes_digest is not null");
		this.events
			.event(EventType.CUSTOM_FIELD_DEFINED, "Custom field defined: " + name + " ('" + cleanLabel + "')")
			.actor(actor)
			.record();
		return field;
	}

	/** The custom fields in the order they were defined, which is the order pages show them. */
	@Transactional(readOnly = true)
	public List<CustomFieldView> customFields() {
		return this.customFields.findAllByOrderByCreatedAtAscNameAsc()
			.stream()
			.map((field) -> new CustomFieldView(field.getName(), field.getLabel()))
			.toList();
	}

	/** The names of the custom fields, in definition order: a plain read for every sign-in. */
	public List<String> customFieldNames() {
		return this.jdbc.queryForList("select name from custom_field order by created_at, name", String.class);
	}

	// ---- repeated sign-ins

	/**
	 * A returning sign-in that asserts exactly what the last one did, for a user and a
	 * connection nobody has changed since (any change bumps their versions, and defining a
	 * custom field forgets every digest): there is nothing to map, so only the sign-in time is
	 * noted. One read and one write, outside any JPA session, because most sign-ins are this one.
	 * @return the user, active or not, or empty when the full mapping must run
	 */
	public Optional<UserSummary> signInUnchanged(String connectionId, String nameId, String assertionDigest) {
		List<UserSummary> found = this.jdbc.query("""
				select u.id, u.user_name, u.active, u.scim_managed
				from identity_link l
				  join app_user u on u.id = l.user_id
				  join idp_connection c on c.id = l.connection_id
				where l.connection_id = ? and l.name_id = ? and l.attributes_digest = ?
				  and l.user_version = u.version and l.connection_version = c.version""",
				(rs, n) -> new UserSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
						rs.getBoolean(4)),
				connectionId, nameId, assertionDigest);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		if (found.get(0).active()) {
			this.jdbc.update("update identity_link set last_login_at = ? where connection_id = ? and name_id = ?",
					Timestamp.from(now()), connectionId, nameId);
		}
		return Optional.of(found.get(0));
	}

	/**
	 * Remembers what this sign-in asserted, the connection version it was mapped with, and the
	 * user's version once its changes are written, so that an identical next sign-in can take
	 * {@link #signInUnchanged}.
	 */
	@Transactional
	public void rememberAssertion(String connectionId, String nameId, String assertionDigest, long connectionVersion) {
		IdentityLink link = this.links.findById(new IdentityLink.Key(connectionId, nameId))
			.orElseThrow(() -> new IllegalStateException("No identity link for " + nameId + " of " + connectionId));
		// Through the repository, so that a concurrent change surfaces as Spring's
		// ConcurrencyFailureException, which the provisioning retry knows.
		this.users.flush();
		User user = requireUser(link.getUserId());
		link.remember(assertionDigest, user.getVersion(), connectionVersion);
	}

	// ---- reading users

	@Transactional(readOnly = true)
	public Optional<UserProfile> profile(UUID userId) {
		return this.users.findById(userId).map(this::toProfile);
	}

	/** {@code false} for a deactivated user and for one that no longer exists. */
	@Transactional(readOnly = true)
	public boolean isActive(UUID userId) {
		return this.users.findById(userId).map(User::isActive).orElse(false);
	}

	@Transactional(readOnly = true)
	public Optional<UserSummary> user(UUID userId) {
		return this.users.findById(userId).map(Directory::summary);
	}

	/** The user a connection's NameID was linked to, if it was. */
	@Transactional(readOnly = true)
	public Optional<UserSummary> findByIdentityLink(String connectionId, String nameId) {
		return this.links.findById(new IdentityLink.Key(connectionId, nameId))
			.flatMap((link) -> this.users.findById(link.getUserId()))
			.map(Directory::summary);
	}

	/** Case-insensitive, as user names are unique regardless of case. */
	@Transactional(readOnly = true)
	public Optional<UserSummary> findByUserName(String userName) {
		return this.users.findByUserNameKey(User.key(userName)).map(Directory::summary);
	}

	/** Case-insensitive; emails are not unique, so this may find several users. */
	@Transactional(readOnly = true)
	public List<UserSummary> findByEmail(String email) {
		if (email == null || email.isBlank()) {
			return List.of();
		}
		return this.users.findByEmailKey(User.key(email.trim())).stream().map(Directory::summary).toList();
	}

	// ---- writing users

	/**
	 * Creates an active user with nothing but a user name, and gives them to anyone who was
	 * waiting for them as a manager.
	 * @throws org.springframework.dao.DataIntegrityViolationException when the user name is
	 * taken, whatever its case; a caller racing another creator retries and finds the winner
	 */
	@Transactional
	public UserSummary createUser(String userName, Provenance by) {
		if (userName == null || userName.isBlank()) {
			throw new IllegalArgumentException("A user name must not be empty.");
		}
		if (userName.length() > MAX_USER_NAME) {
			throw new IllegalArgumentException("A user name has at most " + MAX_USER_NAME + " characters; '"
					+ userName.substring(0, 40) + "…' has " + userName.length() + ".");
		}
		User user = this.users.saveAndFlush(new User(userName, now()));
		resolvePendingReports(user, by);
		return summary(user);
	}

	/**
	 * Links a connection's NameID to a user.
	 * @throws org.springframework.dao.DataIntegrityViolationException when the NameID is
	 * linked already, e.g. by a parallel first login
	 */
	@Transactional
	public void link(UUID userId, String connectionId, String nameId) {
		User user = requireUser(userId);
		this.links.saveAndFlush(new IdentityLink(connectionId, nameId, user.getId(), now()));
	}

	/** Notes that this NameID just signed in. */
	@Transactional
	public void recordSignIn(String connectionId, String nameId) {
		this.links.findById(new IdentityLink.Key(connectionId, nameId)).ifPresent((link) -> link.signedIn(now()));
	}

	/**
	 * Applies an edit. A value too long to keep, a manager who is the user themselves or an
	 * undefined custom field is skipped with a warning, never failing the whole edit: a login
	 * must not be blocked by one odd attribute.
	 */
	@Transactional
	public ProfileUpdate updateProfile(UUID userId, ProfileEdit edit, Provenance by) {
		User user = requireUser(userId);
		List<ProfileChange> changes = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		boolean emailChanged = false;
		for (Map.Entry<ProfileField, Optional<String>> entry : edit.texts().entrySet()) {
			ProfileField field = entry.getKey();
			String value = entry.getValue().orElse(null);
			if (value != null && value.length() > field.maxLength()) {
				warnings.add(tooLong(field.key(), value, field.maxLength()));
				continue;
			}
			if (field == ProfileField.MANAGER) {
				assignManager(user, value, changes, warnings);
				continue;
			}
			String old = user.text(field);
			if (!Objects.equals(old, value)) {
				user.setText(field, value);
				changes.add(new ProfileChange(field.key(), old, value));
				emailChanged |= field == ProfileField.EMAIL;
			}
		}
		if (edit.hireDate() != null) {
			LocalDate value = edit.hireDate().orElse(null);
			LocalDate old = user.getHireDate();
			if (!Objects.equals(old, value)) {
				user.setHireDate(value);
				changes.add(new ProfileChange(ProfileField.HIRE_DATE.key(), text(old), text(value)));
			}
		}
		if (!edit.custom().isEmpty()) {
			applyCustomValues(user, edit.custom(), changes, warnings);
		}
		if (!changes.isEmpty()) {
			user.touch(now());
		}
		if (emailChanged && user.getEmailKey() != null) {
			resolvePendingReports(user, by);
		}
		return new ProfileUpdate(changes, warnings);
	}

	/**
	 * Makes the user's memberships in the connection's groups exactly the named ones, creating
	 * groups as needed. Groups of other connections, and groups no connection owns, are not
	 * touched: one IdP cannot take away what another granted. Nor are groups pushed by SCIM
	 * ({@link PushedGroups}): their members are whatever SCIM last said, so a SAML assertion
	 * naming one neither adds the user to it nor creates a second group of that name, and one
	 * leaving it out does not remove the user.
	 * @param groupNames display names; compared without regard to case
	 */
	@Transactional
	public ProfileUpdate replaceGroups(UUID userId, String connectionId, Collection<String> groupNames,
			Provenance by) {
		Objects.requireNonNull(connectionId, "connectionId");
		User user = requireUser(userId);
		List<String> warnings = new ArrayList<>();
		Map<String, String> wanted = new LinkedHashMap<>();
		for (String name : groupNames) {
			if (name == null || name.isBlank()) {
				continue;
			}
			String clean = name.trim();
			if (clean.length() > MAX_GROUP_NAME) {
				warnings.add(tooLong("groups", clean, MAX_GROUP_NAME));
				continue;
			}
			wanted.putIfAbsent(User.key(clean), clean);
		}
		Set<UserGroup> current = user.getGroups()
			.stream()
			.filter((group) -> connectionId.equals(group.getConnectionId()) && !group.isScimManaged())
			.collect(Collectors.toSet());
		Set<UserGroup> desired = new HashSet<>();
		Map<String, UserGroup> existing = wanted.isEmpty() ? Map.of()
				: this.groups.findByConnectionIdAndNameKeyIn(connectionId, wanted.keySet())
					.stream()
					.collect(Collectors.toMap(UserGroup::getNameKey, (group) -> group));
		for (Map.Entry<String, String> name : wanted.entrySet()) {
			UserGroup group = existing.get(name.getKey());
			if (group == null) {
				desired.add(createGroup(connectionId, name.getValue(), by));
			}
			else if (!group.isScimManaged()) {
				desired.add(group);
			}
		}
		if (current.equals(desired)) {
			return new ProfileUpdate(List.of(), warnings);
		}
		user.getGroups().removeAll(current);
		user.getGroups().addAll(desired);
		user.touch(now());
		return new ProfileUpdate(List.of(new ProfileChange("groups", names(current), names(desired))), warnings);
	}

	/** @return {@code false} if the user was deactivated already */
	@Transactional
	public boolean deactivate(UUID userId, String actor) {
		return setActive(userId, false, actor);
	}

	/** @return {@code false} if the user was active already */
	@Transactional
	public boolean reactivate(UUID userId, String actor) {
		return setActive(userId, true, actor);
	}

	private boolean setActive(UUID userId, boolean active, String actor) {
		User user = requireUser(userId);
		if (user.isActive() == active) {
			return false;
		}
		user.setActive(active);
		user.touch(now());
		this.events
			.event(active ? EventType.USER_REACTIVATED : EventType.USER_DEACTIVATED,
					(active ? "User reactivated: " : "User deactivated: ") + user.getUserName())
			.user(user.getId(), user.getUserName())
			.actor(actor)
			.record();
		return true;
	}

	// ---- the details

	private void assignManager(User user, String reference, List<ProfileChange> changes, List<String> warnings) {
		String old = managerShown(user);
		if (reference == null) {
			if (old != null) {
				user.reportTo(null);
				changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, null));
			}
			return;
		}
		String key = User.key(reference);
		User current = user.getManager();
		if (current != null && (key.equals(current.getUserNameKey()) || key.equals(current.getEmailKey()))) {
			return;
		}
		if (key.equals(user.getUserNameKey()) || key.equals(user.getEmailKey())) {
			warnings.add("The manager '" + reference + "' is " + user.getUserName() + " themselves; a user cannot report "
					+ "to themselves, so the manager was left as it was. Check the manager attribute in the IdP.");
			return;
		}
		Optional<User> manager = this.users.findByUserNameKey(key);
		if (manager.isEmpty()) {
			List<User> byEmail = this.users.findByEmailKey(key);
			if (byEmail.size() == 1) {
				manager = Optional.of(byEmail.get(0));
			}
			else if (byEmail.size() > 1) {
				warnings.add("The manager '" + reference + "' is the email of " + byEmail.size()
						+ " users, so it cannot say which one; send the manager's user name instead.");
			}
		}
		if (manager.isPresent()) {
			user.reportTo(manager.get());
			changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, manager.get().getUserName()));
		}
		else if (current != null || !key.equals(User.key(user.getManagerRef()))) {
			user.reportToPending(reference);
			changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, reference));
		}
	}

	private static String managerShown(User user) {
		return user.getManager() != null ? user.getManager().getUserName() : user.getManagerRef();
	}

	/**
	 * Gives a newly known user to everyone who named them as manager before they existed. An
	 * email shared by several users resolves nobody: it cannot say which one was meant.
	 */
	private void resolvePendingReports(User manager, Provenance by) {
		List<String> keys = new ArrayList<>(List.of(manager.getUserNameKey()));
		if (manager.getEmailKey() != null && this.users.countByEmailKey(manager.getEmailKey()) == 1) {
			keys.add(manager.getEmailKey());
		}
		for (User report : this.users.findPendingReportsOf(keys, manager.getId())) {
			String reference = report.getManagerRef();
			report.reportTo(manager);
			report.touch(now());
			this.events
				.event(EventType.MANAGER_RESOLVED,
						"Manager of " + report.getUserName() + " resolved: " + manager.getUserName()
								+ " (named as '" + reference + "' before that user existed)")
				.connection(by.connectionId())
				.user(report.getId(), report.getUserName())
				.actor(by.actor())
				.detailJson(Map.of("managerId", manager.getId().toString(), "manager", manager.getUserName(),
						"reference", reference))
				.record();
		}
	}

	private void applyCustomValues(User user, Map<String, Optional<String>> values, List<ProfileChange> changes,
			List<String> warnings) {
		Set<String> defined = this.customFields.findAllById(values.keySet())
			.stream()
			.map(CustomField::getName)
			.collect(Collectors.toSet());
		for (Map.Entry<String, Optional<String>> entry : values.entrySet()) {
			String name = entry.getKey();
			String value = entry.getValue().orElse(null);
			if (!defined.contains(name)) {
				warnings.add("There is no custom field '" + name + "'; define it first, or its values are dropped.");
				continue;
			}
			if (value != null && value.length() > MAX_CUSTOM_VALUE) {
				warnings.add(tooLong("custom." + name, value, MAX_CUSTOM_VALUE));
				continue;
			}
			String old = user.getCustomValues().get(name);
			if (Objects.equals(old, value)) {
				continue;
			}
			if (value == null) {
				user.getCustomValues().remove(name);
			}
			else {
				user.getCustomValues().put(name, value);
			}
			changes.add(new ProfileChange("custom." + name, old, value));
		}
	}

	private UserGroup createGroup(String connectionId, String displayName, Provenance by) {
		UserGroup group = this.groups.saveAndFlush(new UserGroup(connectionId, displayName, now()));
		this.events.event(EventType.GROUP_CREATED, "Group created: " + displayName + " (connection " + connectionId + ")")
			.connection(connectionId)
			.actor(by.actor())
			.detailJson(Map.of("groupId", group.getId().toString(), "name", displayName))
			.record();
		return group;
	}

	private UserProfile toProfile(User user) {
		User manager = user.getManager();
		UserProfile.Manager managerView = manager == null ? null
				: new UserProfile.Manager(manager.getId(), manager.displayName(), manager.getUserName());
		List<UserProfile.Group> groupViews = user.getGroups()
			.stream()
			.sorted(Comparator.comparing(UserGroup::getConnectionId, Comparator.nullsFirst(Comparator.naturalOrder()))
				.thenComparing(UserGroup::getNameKey))
			.map((group) -> new UserProfile.Group(group.getDisplayName(), group.getConnectionId()))
			.toList();
		Map<String, String> values = user.getCustomValues();
		List<UserProfile.CustomValue> customValues = values.isEmpty() ? List.of()
				: this.customFields.findAllByOrderByCreatedAtAscNameAsc()
					.stream()
					.filter((field) -> values.containsKey(field.getName()))
					.map((field) -> new UserProfile.CustomValue(field.getName(), field.getLabel(),
							values.get(field.getName())))
					.toList();
		return new UserProfile(user.getId(), user.getUserName(), user.getFirstName(), user.getLastName(),
				user.getEmail(), user.getPhone(), user.getCompany(), user.getDepartment(), user.getTitle(),
				user.getHireDate(), user.getPhotoUrl(), user.isActive(), managerView,
				manager == null ? user.getManagerRef() : null, groupViews, customValues, user.getCreatedAt(),
				user.getUpdatedAt());
	}

	private static UserSummary summary(User user) {
		return new UserSummary(user.getId(), user.getUserName(), user.isActive(), user.isScimManaged());
	}

	private User requireUser(UUID userId) {
		return this.users.findById(userId)
			.orElseThrow(() -> new IllegalArgumentException("No user with id " + userId));
	}

	private static List<String> names(Collection<UserGroup> groups) {
		return groups.stream().map(UserGroup::getDisplayName).sorted(String.CASE_INSENSITIVE_ORDER).toList();
	}

	private static String tooLong(String field, String value, int max) {
		return "The " + field + " value '" + value.substring(0, Math.min(40, value.length())) + "…' has "
				+ value.length() + " characters; at most " + max + " are kept, so the stored value was left as it was.";
	}

	private static String text(LocalDate date) {
		return date == null ? null : date.toString();
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

}
