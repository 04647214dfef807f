package io.tilegate.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tilegate.config.InListQuery;
import io.tilegate.config.UnwrittenEntities;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.MAX_USER_NAME;
import static io.tilegate.directory.DirectoryLimits.now;
import static io.tilegate.directory.DirectoryLimits.tooLong;

/**
 * Users and their profile: created, found by id, user name or email (with or without a lock),
 * their profile edited by a sign-in, and deactivated or reactivated. The directory's other
 * jobs have services of their own: {@link IdentityLinks}, {@link CustomFields},
 * {@link GroupMemberships}, {@link PushedGroups} and {@link UserEntries}.
 *
 * <p>Writes join the caller's transaction, so a login or a SCIM call that fails half-way
 * leaves nothing behind. Every write that changes what persona rules look at publishes a
 * {@link UserChanged} for each user it changed, in that transaction: the writers need not
 * know who follows users. The directory's other services do the same. A changed photo URL
 * also publishes a {@link ProfilePhotoChanged}, which queues the image's fetch.
 */
@Service
public class Directory {

	private final UserRepository users;

	private final CustomFields customFields;

	private final Managers managers;

	private final EventLog events;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	private final NewUserRows newRows;

	private final JdbcTemplate jdbc;

	private final DatabaseProduct database;

	@PersistenceContext
	private EntityManager entityManager;

	Directory(UserRepository users, CustomFields customFields, Managers managers, EventLog events, Clock clock,
			ApplicationEventPublisher publisher, NewUserRows newRows, JdbcTemplate jdbc, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.database = database;
		this.newRows = newRows;
		this.publisher = publisher;
		this.users = users;
		this.customFields = customFields;
		this.managers = managers;
		this.events = events;
		this.clock = clock;
	}

	// ---- reading users

	@Transactional(readOnly = true)
	public Optional<UserProfile> profile(UUID userId) {
		return this.users.findById(userId).map(this::toProfile);
	}

	/**
	 * The photo URL the IdP last gave for the user, as it gave it; empty when it gave none, or
	 * when the user no longer exists.
	 */
	@Transactional(readOnly = true)
	public Optional<String> photoUrl(UUID userId) {
		return this.users.findById(userId).map(User::getPhotoUrl);
	}

	/** {@code false} for a deactivated user and for one that no longer exists. */
	@Transactional(readOnly = true)
	public boolean isActive(UUID userId) {
		return this.users.findById(userId).map(User::isActive).orElse(false);
	}

	/**
	 * Those of the users who are deactivated or no longer exist, as the caller's transaction
	 * sees them, its unwritten changes included: one query per 500 users.
	 */
	@Transactional
	public Set<UUID> notActiveAmong(Collection<UUID> userIds) {
		Set<UUID> notActive = new LinkedHashSet<>(userIds);
		if (notActive.isEmpty()) {
			return notActive;
		}
		UnwrittenEntities.flush(this.entityManager);
		notActive.removeAll(InListQuery.of(this.jdbc, "select id from app_user where active and id in (?)", UUID.class,
				List.copyOf(notActive)));
		return notActive;
	}

	@Transactional(readOnly = true)
	public Optional<UserSummary> user(UUID userId) {
		return this.users.findById(userId).map(User::summary);
	}

	/** Case-insensitive, as user names are unique regardless of case. */
	@Transactional(readOnly = true)
	public Optional<UserSummary> findByUserName(String userName) {
		return this.users.findByUserNameKey(User.key(userName)).map(User::summary);
	}

	/** {@link #findByUserName}, locking the user until the caller's transaction ends. */
	@Transactional
	public Optional<UserSummary> findByUserNameForUpdate(String userName) {
		return lockedSummaries("user_name_key", User.key(userName)).stream().findFirst();
	}

	/** Case-insensitive; emails are not unique, so this may find several users. */
	@Transactional(readOnly = true)
	public List<UserSummary> findByEmail(String email) {
		if (email == null || email.isBlank()) {
			return List.of();
		}
		return this.users.findByEmailKey(User.key(email.trim())).stream().map(User::summary).toList();
	}

	/** {@link #findByEmail}, locking each user found until the caller's transaction ends. */
	@Transactional
	public List<UserSummary> findByEmailForUpdate(String email) {
		if (email == null || email.isBlank()) {
			return List.of();
		}
		return lockedSummaries("email_key", User.key(email.trim()));
	}

	/**
	 * In plain SQL: a first sign-in asks both, finds nobody, and needs no entity; a JPQL query
	 * would cost it a Hibernate session's query plan and flush check each.
	 */
	private List<UserSummary> lockedSummaries(String keyColumn, String key) {
		UnwrittenEntities.flush(this.entityManager);
		return this.jdbc.query("select id, user_name, active, scim_managed from app_user where " + keyColumn
				+ " = ? order by id " + this.database.rowLock(),
				(rs, n) -> new UserSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
						rs.getBoolean(4)),
				key);
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
		return createUser(userName, new ProfileEdit(), by).user();
	}

	/**
	 * Creates an active user with the profile of the edit, applied as {@link #updateProfile}
	 * applies it to a stored user, and gives them to anyone who was waiting for them as a
	 * manager: a first sign-in's user in one write.
	 * @throws org.springframework.dao.DataIntegrityViolationException when the user name is
	 * taken, whatever its case; a caller racing another creator retries and finds the winner
	 */
	@Transactional
	public CreatedUser createUser(String userName, ProfileEdit edit, Provenance by) {
		if (userName == null || userName.isBlank()) {
			throw new IllegalArgumentException("A user name must not be empty.");
		}
		if (userName.length() > MAX_USER_NAME) {
			throw new IllegalArgumentException("A user name has at most " + MAX_USER_NAME + " characters; '"
					+ userName.substring(0, 40) + "…' has " + userName.length() + ".");
		}
		User user = new User(userName, now(this.clock));
		List<ProfileChange> changes = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		apply(user, edit, changes, warnings);
		this.newRows.insert(List.of(user));
		this.managers.resolvePendingReports(user, by);
		this.publisher.publishEvent(UserChanged.ofCreated(user.getId(), by.reason(), null));
		if (user.getPhotoUrl() != null) {
			this.publisher.publishEvent(new ProfilePhotoChanged(user.getId(), user.getPhotoUrl()));
		}
		return new CreatedUser(user.summary(), new ProfileUpdate(changes, warnings));
	}

	/**
	 * Applies an edit. A value too long to keep, a manager who is the user themselves or an
	 * undefined custom field is skipped with a warning, never failing the whole edit: a login
	 * must not be blocked by one odd attribute.
	 */
	@Transactional
	public ProfileUpdate updateProfile(UUID userId, ProfileEdit edit, Provenance by) {
		User user = this.users.require(userId);
		List<ProfileChange> changes = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		String oldEmailKey = user.getEmailKey();
		String oldPhotoUrl = user.getPhotoUrl();
		apply(user, edit, changes, warnings);
		if (!changes.isEmpty()) {
			user.touch(now(this.clock));
		}
		if (!Objects.equals(oldEmailKey, user.getEmailKey()) && user.getEmailKey() != null) {
			this.managers.resolvePendingReports(user, by);
		}
		if (!changes.isEmpty()) {
			changed(userId, by.reason());
		}
		if (!Objects.equals(oldPhotoUrl, user.getPhotoUrl())) {
			this.publisher.publishEvent(new ProfilePhotoChanged(userId, user.getPhotoUrl()));
		}
		return new ProfileUpdate(changes, warnings);
	}

	private void apply(User user, ProfileEdit edit, List<ProfileChange> changes, List<String> warnings) {
		for (Map.Entry<ProfileField, Optional<String>> entry : edit.texts().entrySet()) {
			ProfileField field = entry.getKey();
			String value = entry.getValue().orElse(null);
			if (value != null && value.length() > field.maxLength()) {
				warnings.add(tooLong(field.key(), value, field.maxLength()));
				continue;
			}
			if (field == ProfileField.MANAGER) {
				this.managers.assignManager(user, value, changes, warnings);
				continue;
			}
			String old = user.text(field);
			if (!Objects.equals(old, value)) {
				user.setText(field, value);
				changes.add(new ProfileChange(field.key(), old, value));
			}
		}
		if (edit.hireDate() != null) {
			LocalDate value = edit.hireDate().orElse(null);
			LocalDate old = user.getHireDate();
			if (!Objects.equals(old, value)) {
				user.setHireDate(value);
				changes.add(new ProfileChange(ProfileField.HIRE_DATE.key(), Objects.toString(old, null),
						Objects.toString(value, null)));
			}
		}
		if (!edit.custom().isEmpty()) {
			this.customFields.applyCustomValues(user, edit.custom(), changes, warnings);
		}
	}

	/** @return {@code false} if the user was deactivated already */
	@Transactional
	public boolean deactivate(UUID userId, String actor) {
		boolean changed = setActive(userId, false, actor);
		if (changed) {
			changed(userId, "deactivated by " + actor);
		}
		return changed;
	}

	/** @return {@code false} if the user was active already */
	@Transactional
	public boolean reactivate(UUID userId, String actor) {
		boolean changed = setActive(userId, true, actor);
		if (changed) {
			changed(userId, "reactivated by " + actor);
		}
		return changed;
	}

	private boolean setActive(UUID userId, boolean active, String actor) {
		return setActive(this.users.require(userId), active, actor);
	}

	/**
	 * Shared with {@link UserEntries}: a provisioning client that sets the status records the
	 * same event as an admin who does.
	 */
	boolean setActive(User user, boolean active, String actor) {
		if (user.isActive() == active) {
			return false;
		}
		user.setActive(active);
		user.touch(now(this.clock));
		this.events
			.event(active ? EventType.USER_REACTIVATED : EventType.USER_DEACTIVATED,
					(active ? "User reactivated: " : "User deactivated: ") + user.getUserName())
			.user(user.getId(), user.getUserName())
			.actor(actor)
			.record();
		return true;
	}

	// ---- the details

	private void changed(UUID userId, String reason) {
		this.publisher.publishEvent(new UserChanged(userId, reason));
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
		List<UserProfile.CustomValue> customValues = this.customFields.labelled(user.getCustomValues());
		return new UserProfile(user.getId(), user.getUserName(), user.getFirstName(), user.getLastName(),
				user.getEmail(), user.getPhone(), user.getCompany(), user.getDepartment(), user.getTitle(),
				user.getHireDate(), user.getPhotoUrl(), user.isActive(), managerView,
				manager == null ? user.getManagerRef() : null, groupViews, customValues, user.getCreatedAt(),
				user.getUpdatedAt());
	}

}
