package io.tilegate.sessions;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.UserChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends the sessions of every user the directory changed who is no longer active, whichever
 * door the change came in by (an admin page, the admin API, SCIM {@code active:false}), once
 * the change has committed: ending them earlier would sign a user out of a deactivation that
 * is then rolled back.
 *
 * <p>The users a transaction changed are collected in one synchronization of it and looked at
 * once each after the commit, as {@code personas} does before it: a sign-in changes its user
 * three or four times. Only those who have a session are read from the directory, one query for
 * all of them, so a SCIM push that changes a thousand members costs one read of the session
 * table, not a thousand of the directory.
 */
@Component
class DeprovisionedUsers {

	/** Bind variables per query; well under what H2 and PostgreSQL accept. */
	private static final int CHUNK = 500;

	private static final Logger logger = LoggerFactory.getLogger(DeprovisionedUsers.class);

	private final SignedInSessions sessions;

	private final Directory directory;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	DeprovisionedUsers(SignedInSessions sessions, Directory directory, JdbcTemplate jdbc,
			PlatformTransactionManager transactions) {
		this.sessions = sessions;
		this.directory = directory;
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.ownTransaction.setReadOnly(true);
	}

	@EventListener
	void userChanged(UserChanged change) {
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
		try {
			for (UUID userId : withSessions(List.copyOf(changed))) {
				// Read in a transaction of its own: in afterCommit the committed one's persistence
				// context is still bound, and may remember the user as it was.
				Boolean active = this.ownTransaction.execute((status) -> this.directory.isActive(userId));
				if (!Boolean.TRUE.equals(active)) {
					this.sessions.endSessionsOf(userId);
				}
			}
		}
		catch (RuntimeException ex) {
			// The change is committed; failing its caller now would report a deactivation that
			// happened as one that did not. Each session still ends at its next request.
			logger.warn("Could not end the sessions of deactivated or deleted users {} at once ({}); each ends at "
					+ "its next request instead.", changed, ex.getMessage(), ex);
		}
	}

	private Set<UUID> withSessions(List<UUID> users) {
		Set<UUID> found = new LinkedHashSet<>();
		for (int from = 0; from < users.size(); from += CHUNK) {
			List<String> chunk = users.subList(from, Math.min(users.size(), from + CHUNK))
				.stream()
				.map(UUID::toString)
				.toList();
			String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
			List<String> owners = this.ownTransaction.execute((status) -> this.jdbc.queryForList(
					"select distinct PRINCIPAL_NAME from SPRING_SESSION where PRINCIPAL_NAME in (" + placeholders + ")",
					String.class, chunk.toArray()));
			owners.forEach((owner) -> found.add(UUID.fromString(owner)));
		}
		return found;
	}

	/** The users one transaction changed, in the order they first changed. */
	private final class Pending implements TransactionSynchronization {

		private final Set<UUID> users = new LinkedHashSet<>();

		DeprovisionedUsers owner() {
			return DeprovisionedUsers.this;
		}

		@Override
		public void afterCommit() {
			endSessionsOfInactive(this.users);
		}

	}

}
