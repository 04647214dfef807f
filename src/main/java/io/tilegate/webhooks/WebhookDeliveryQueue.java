package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who delivers when: one db-scheduler task instance per endpoint ({@code webhook-delivery},
 * instance = the endpoint's id), so at most one node at a time sends to an endpoint and its
 * order holds; a node that dies mid-run has the instance revived elsewhere after its missed
 * heartbeats. Every node looks every {@code tilegate.webhooks.sweep-interval} for endpoints
 * with deliveries due (retries, resumed endpoints, those a node that went down left) and queues
 * their instance if it is not queued yet. A commit that wrote deliveries queues the instances
 * of the endpoints it wrote them for at once, without looking: it knows which they are, and a
 * look on every commit read every pending row of every endpoint, a paused one's backlog too.
 *
 * <p>Instances are queued after the commit, outside the change's transaction: two changes that
 * both queued the same endpoint's instance in their own transactions would collide on its key,
 * and one of them would roll back. The deliveries themselves are in the database already; the
 * endpoints waiting to be queued are only this node's hint, and the sweep finds what a crash
 * between the commit and the queueing left.
 */
@Configuration(proxyBeanMethods = false)
class WebhookDeliveryQueue implements AutoCloseable {

	static final TaskDescriptor<String> TASK = TaskDescriptor.of("webhook-delivery", String.class);

	private static final Logger logger = LoggerFactory.getLogger(WebhookDeliveryQueue.class);

	private final JdbcTemplate jdbc;

	private final ObjectProvider<Scheduler> scheduler;

	private final Clock clock;

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	private final Set<UUID> toQueue = ConcurrentHashMap.newKeySet();

	private final ExecutorService waker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "tilegate-webhook-waker");
		thread.setDaemon(true);
		return thread;
	});

	WebhookDeliveryQueue(JdbcTemplate jdbc, ObjectProvider<Scheduler> scheduler, Clock clock) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	@Bean
	OneTimeTask<String> webhookDelivery(WebhookSender sender) {
		return Tasks.oneTime(TASK).execute((instance, context) -> sender.deliverDue(UUID.fromString(instance.getData())));
	}

	/** After the current transaction commits (or now, without one), queues the endpoint's delivery task. */
	void wakeAfterCommit(UUID endpointId) {
		wakeAfterCommit(Set.of(endpointId));
	}

	/**
	 * After the current transaction commits (or now, without one), queues the delivery task of
	 * each endpoint; the commits of many transactions make one round of queueing.
	 */
	void wakeAfterCommit(Collection<UUID> endpointIds) {
		if (endpointIds.isEmpty()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			wake(endpointIds);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				wake(endpointIds);
			}

		});
	}

	private void wake(Collection<UUID> endpointIds) {
		this.toQueue.addAll(endpointIds);
		if (this.wakeQueued.compareAndSet(false, true)) {
			this.waker.execute(() -> {
				this.wakeQueued.set(false);
				List<UUID> endpoints = new ArrayList<>();
				for (UUID endpoint : this.toQueue) {
					this.toQueue.remove(endpoint);
					endpoints.add(endpoint);
				}
				queue(endpoints.stream().map(UUID::toString).toList());
			});
		}
	}

	/**
	 * Queues the delivery task of every endpoint, not paused, with a delivery due.
	 * @return how many endpoints had deliveries due
	 */
	@Scheduled(fixedDelayString = "${tilegate.webhooks.sweep-interval:5s}", initialDelayString = "5s")
	public int sweep() {
		// Per endpoint, the first due row of its pending ones ends the look (webhook_delivery_endpoint):
		// a paused endpoint's backlog, or a failing one's, is not read through on every sweep.
		List<String> due = this.jdbc.queryForList("""
				select e.id from webhook_endpoint e where e.paused = false and exists
				  (select 1 from webhook_delivery d where d.endpoint_id = e.id and d.status = 'PENDING' and d.next_attempt_at <= ?)""",
				String.class, Timestamp.from(Instant.now(this.clock)));
		queue(due);
		return due.size();
	}

	private void queue(List<String> endpointIds) {
		if (endpointIds.isEmpty()) {
			return;
		}
		Scheduler scheduler = this.scheduler.getObject();
		for (String endpointId : endpointIds) {
			try {
				scheduler.scheduleIfNotExists(TASK.instance(endpointId).data(endpointId).scheduledTo(Instant.now()));
			}
			catch (RuntimeException ex) {
				// Another node queued it at the same moment: it runs once all the same.
				logger.debug("Webhook delivery of endpoint {} was queued meanwhile: {}", endpointId, ex.getMessage());
			}
		}
		scheduler.triggerCheckForDueExecutions();
	}

	@Override
	public void close() {
		this.waker.shutdownNow();
	}

}
