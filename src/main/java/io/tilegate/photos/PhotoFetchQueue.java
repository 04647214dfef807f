package io.tilegate.photos;

import java.util.List;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.tilegate.directory.ProfilePhotoChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues a fetch for every changed photo URL, in the transaction that changed it: a sign-in
 * or SCIM call that rolls back queues nothing, and one that commits always has its fetch
 * queued, in the database, for any node to run, across restarts. The sign-in or SCIM call
 * itself only writes the queue's row; the fetch runs after its commit.
 */
@Component
class PhotoFetchQueue {

	private final Scheduler scheduler;

	PhotoFetchQueue(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@EventListener
	void photoChanged(ProfilePhotoChanged change) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			// Outside a transaction the fetch could be queued for a change that is then lost.
			throw new IllegalStateException("A photo URL change must be published in the transaction that makes it");
		}
		// A batch of one is a plain insert: each instance id is new, so schedule()'s look for an
		// existing one first would be a query on every sign-in for nothing.
		this.scheduler.scheduleBatch(List.of(PhotoFetchTask.instance(new PhotoFetch(change.userId(), change.photoUrl()))));
		// The row is visible to the pollers at the commit; waking this node's poller then starts
		// the fetch at once rather than at its next poll.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				PhotoFetchQueue.this.scheduler.triggerCheckForDueExecutions();
			}

		});
	}

}
