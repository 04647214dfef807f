package io.tilegate.sessions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tilegate.access.AdminApiKeys;
import io.tilegate.config.InListQuery;
import io.tilegate.directory.Directory;
import io.tilegate.directory.UserChanged;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ends the sessions of every user the directory changed who is no longer active, whichever
 * door the change came in by (an admin page, the admin API, SCIM {@code active:false}), in the
 * changing transaction just before it commits: the session rows disappear exactly when the
 * deactivation becomes visible, on every node, and a deactivation rolled back ends nothing.
 *
 * <p>Not after the commit, as a {@code @TransactionalEventListener(AFTER_COMMIT)} would: that
 * runs while the committed transaction still holds its connection, so any write there needs a
 * second one, and fifty sign-ins at once each waiting for a second connection from a pool of ten
 * stall until they time out.
 *
 * <p>The users a transaction changed are collected in one synchronization of it and looked at
 * once each, as {@code personas} does: a sign-in changes its user three or four times. The
 * directory is asked once which of them are no longer active, for all of them at once, so a
 * SCIM push that changes a thousand members costs two reads, not a thousand; almost every
 * change leaves everyone active, and then nothing more is read. What this throws rolls the
 * change back, as the personas' recompute does.
 */
@Component
class DeprovisionedUsers {

	private final SignedInSessions sessions;

	private final Directory directory;

	private final JdbcTemplate jdbc;

	private final AdminApiKeys apiKeys;

	DeprovisionedUsers(SignedInSessions sessions, Directory directory, JdbcTemplate jdbc, AdminApiKeys apiKeys) {
		this.apiKeys = apiKeys;
		this.sessions = sessions;
		this.directory = directory;
		this.jdbc = jdbc;
	}

	@EventListener
	void userChanged(UserChanged change) {
		if (change.created()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			// No transaction to wait for: the change is written already.
			endSessionsOfInactive(Set.of(change.userId()));
			return;
		}
		pending().users.add(change.userId());
	}

	private Pending pending() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof Pending pending && pending.owner() == this) {
				return pending;
			}
		}
		Pending pending = new Pending();
		TransactionSynchronizationManager.registerSynchronization(pending);
		return pending;
	}

	private void endSessionsOfInactive(Set<UUID> changed) {
		Set<UUID> gone = this.directory.notActiveAmong(changed);
		if (gone.isEmpty()) {
			return;
		}
		Set<UUID> holders = withSessions(List.copyOf(gone));
		holders.addAll(this.apiKeys.keyMakersAmong(gone));
		holders.forEach(this.sessions::endSessionsOf);
	}

	private Set<UUID> withSessions(List<UUID> users) {
		Set<UUID> found = new LinkedHashSet<>();
		InListQuery
			.of(this.jdbc, "select distinct PRINCIPAL_NAME from SPRING_SESSION where PRINCIPAL_NAME in (?)", String.class,
					users.stream().map(UUID::toString).toList())
			.forEach((owner) -> found.add(UUID.fromString(owner)));
		return found;
	}

	/** The users one transaction changed, in the order they first changed. */
	private final class Pending implements TransactionSynchronization {

		private final Set<UUID> users = new LinkedHashSet<>();

		DeprovisionedUsers owner() {
			return DeprovisionedUsers.this;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			endSessionsOfInactive(this.users);
		}

	}

}
