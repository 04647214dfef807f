package io.tilegate.personas;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;

import io.tilegate.directory.PersonaFacts;
import io.tilegate.directory.UserChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the personas and spaces of every user the directory changes in step with them: the
 * users a transaction changed are recomputed once each, in that transaction, just before it
 * commits, so the change and its memberships commit together and a rolled-back change (a
 * failed sign-in, a refused push, a mapping preview) recomputes nobody.
 *
 * <p>A domain event and not one service every writer calls: the directory is the one place
 * every change of a user goes through, whichever door it came in by (a SAML sign-in, a SCIM
 * call, an admin), so a writer added later cannot forget the recompute, and the directory
 * need not know that personas exist (they read it, not the other way round).
 *
 * <p>Collected here and recomputed at {@code beforeCommit} rather than on each event, since a
 * sign-in changes its user three or four times (profile, groups, sign-in) and must recompute
 * them once, after all of it. Not {@code @TransactionalEventListener(BEFORE_COMMIT)}: that
 * runs once per event, so it would need this same per-transaction set to de-duplicate, and
 * it drops events published outside a transaction. The set lives in a synchronization of the
 * transaction rather than a bound resource, because Spring suspends synchronizations with
 * their transaction: a {@code REQUIRES_NEW} transaction inside another collects and
 * recomputes its own users at its own commit.
 */
@Component
class ChangedUsers {

	private final PersonaMembership membership;

	ChangedUsers(PersonaMembership membership) {
		this.membership = membership;
	}

	@EventListener
	void userChanged(UserChanged change) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			// No transaction to wait for: the change is written already.
			this.membership.recomputeUser(change.userId(), change.reason());
			return;
		}
		pending().add(change);
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

	/**
	 * The users one transaction changed, each with why, in id order: each recompute locks its
	 * users until the commit, and two transactions that changed the same people (two groups
	 * pushed at once) must take those locks in the same order, or each would wait for the other.
	 */
	private final class Pending implements TransactionSynchronization {

		private final Map<UUID, Set<String>> reasons = new TreeMap<>(PersonaFacts.ID_ORDER);

		/** Users this transaction created; only until the first recompute writes what they join. */
		private final Set<UUID> created = new HashSet<>();

		ChangedUsers owner() {
			return ChangedUsers.this;
		}

		void add(UserChanged change) {
			Set<String> why = this.reasons.computeIfAbsent(change.userId(), (key) -> new LinkedHashSet<>());
			if (change.created()) {
				this.created.add(change.userId());
			}
			if (change.reason() != null && !change.reason().isBlank()) {
				why.add(change.reason());
			}
		}

		/**
		 * What this throws rolls the transaction back and reaches whoever committed it, as if
		 * thrown by the commit: a sign-in's retry of a lost race sees it as before.
		 */
		@Override
		public void beforeCommit(boolean readOnly) {
			// Until none is left, in case a recompute changes someone else in turn.
			while (!this.reasons.isEmpty()) {
				Map<UUID, String> users = new LinkedHashMap<>();
				this.reasons.forEach((user, why) -> users.put(user, String.join("; ", why)));
				this.reasons.clear();
				// One user or many (a bulk import, a group push): one read of each kind for all.
				ChangedUsers.this.membership.recomputeUsers(users, Set.copyOf(this.created));
				this.created.clear();
			}
		}

	}

}
