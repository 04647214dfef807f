package io.tilegate.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tilegate.config.UnwrittenEntities;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static io.tilegate.directory.DirectoryLimits.now;

/**
 * Who reports to whom. An IdP may name a manager before it has sent that user, so a manager
 * nobody matches is kept as a pending reference, and resolved once a user is created, or
 * takes the user name, external id or email, that the reference names.
 *
 * <p>Only the services that write users call this, inside their own transactions: it
 * publishes the {@link UserChanged} of each report it resolves there.
 */
@Component
class Managers {

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	@PersistenceContext
	private EntityManager entityManager;

	Managers(UserRepository users, JdbcTemplate jdbc, EventLog events, Clock clock,
			ApplicationEventPublisher publisher) {
		this.users = users;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.publisher = publisher;
	}

	/**
	 * A sign-in names a manager by user name or email. Naming the user themselves is skipped
	 * with a warning rather than refused: a login must not be blocked by one odd attribute.
	 */
	void assignManager(User user, String reference, List<ProfileChange> changes, List<String> warnings) {
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

	/**
	 * A SCIM client names a manager by their SCIM id (RFC 7643 §4.3); some send an external
	 * id or a user name instead. One not known yet is kept and resolved when they appear.
	 */
	void assignManagerById(User user, String reference, List<ProfileChange> changes) {
		String old = managerShown(user);
		if (reference == null) {
			if (old != null) {
				user.reportTo(null);
				changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, null));
			}
			return;
		}
		User current = user.getManager();
		if (current != null && names(current, reference)) {
			return;
		}
		if (names(user, reference)) {
			throw new ProfileRejectedException(ProfileField.MANAGER.key(), "The manager '" + reference + "' is "
					+ user.getUserName() + " themselves; a user cannot report to themselves. Check the manager "
					+ "mapping in the IdP.");
		}
		Optional<User> manager = findManagerOf(user.getTenantId(), reference);
		if (manager.isPresent()) {
			user.reportTo(manager.get());
			changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, manager.get().getUserName()));
		}
		else if (current != null || !User.key(reference).equals(user.getManagerRefKey())) {
			user.reportToPending(reference);
			changes.add(new ProfileChange(ProfileField.MANAGER.key(), old, reference));
		}
	}

	/**
	 * Gives a newly known user to everyone of their tenant who named them as manager before
	 * they existed: by user name, id or external id, or by email. An email shared by several
	 * users resolves nobody: it cannot say which one was meant.
	 * @return whether anyone was given the manager
	 */
	boolean resolvePendingReports(User manager, Provenance by) {
		Set<String> keys = new LinkedHashSet<>();
		keys.add(manager.getUserNameKey());
		keys.add(manager.getId().toString());
		if (manager.getExternalId() != null) {
			keys.add(User.key(manager.getExternalId()));
		}
		String emailKey = manager.getEmailKey();
		if (emailKey != null) {
			keys.add(emailKey);
		}
		List<User> reports = pendingReportsOf(manager, keys);
		boolean resolved = false;
		Boolean emailNamesOne = null;
		for (User report : reports) {
			String reference = report.getManagerRef();
			if (emailKey != null && emailKey.equals(report.getManagerRefKey())
					&& !emailKey.equals(manager.getUserNameKey())
					&& !emailKey.equals(User.key(manager.getExternalId()))) {
				if (emailNamesOne == null) {
					emailNamesOne = this.users.countByEmailKey(emailKey) == 1;
				}
				if (!emailNamesOne) {
					continue;
				}
			}
			report.reportTo(manager);
			report.touch(now(this.clock));
			resolved = true;
			this.publisher
				.publishEvent(new UserChanged(report.getId(), "manager " + manager.getUserName() + " resolved"));
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
		return resolved;
	}

	/** Whether anyone of the tenant names a manager that is not known yet. */
	boolean anyAwaited(String tenantId) {
		// Through the manager-reference index alone, so that what is read is only the users who
		// await a manager: given the tenant as well, H2 walks a tenant index over every user of
		// the directory, once per /Bulk request. Every non-null text sorts at or after ''.
		return this.jdbc.queryForList("select distinct tenant_id from app_user where manager_ref_key >= ''",
				String.class).contains(tenantId);
	}

	private static String managerShown(User user) {
		return user.getManager() != null ? user.getManager().getUserName() : user.getManagerRef();
	}

	private static boolean names(User user, String reference) {
		return reference.equalsIgnoreCase(user.getId().toString()) || reference.equals(user.getExternalId())
				|| User.key(reference).equals(user.getUserNameKey());
	}

	/** By id, then external id (when it names one user), then user name, within the tenant. */
	private Optional<User> findManagerOf(String tenantId, String reference) {
		UUID id = uuid(reference);
		if (id != null) {
			Optional<User> byId = this.users.findById(id).filter((found) -> tenantId.equals(found.getTenantId()));
			if (byId.isPresent()) {
				return byId;
			}
		}
		List<User> byExternalId = this.users.findByTenantIdAndExternalId(tenantId, reference);
		if (byExternalId.size() == 1) {
			return Optional.of(byExternalId.get(0));
		}
		return this.users.findByTenantIdAndUserNameKey(tenantId, User.key(reference));
	}

	// Plain SQL: nearly every new user is waited for by nobody, and JPQL would translate its
	// query afresh for every size of the key list.
	private List<User> pendingReportsOf(User manager, Set<String> keys) {
		UnwrittenEntities.flush(this.entityManager);
		List<Object> args = new ArrayList<>(keys);
		args.add(manager.getTenantId());
		args.add(manager.getId());
		List<UUID> ids = this.jdbc.queryForList("select id from app_user where manager_ref_key in ("
				+ String.join(", ", Collections.nCopies(keys.size(), "?")) + ") and tenant_id = ? and id <> ?",
				UUID.class, args.toArray());
		return ids.isEmpty() ? List.of() : this.users.findAllById(ids);
	}

	private static UUID uuid(String value) {
		try {
			return (value.length() == 36) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
