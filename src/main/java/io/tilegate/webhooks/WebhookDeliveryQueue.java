package io.tilegate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * with deliveries due (new ones, retries, those a dead node left) and queues their instance if
 * it is not queued yet; a commit that wrote deliveries has this node look at once.
 *
 * <p>Instances are queued after the commit, outside the change's transaction: two changes that
 * both queued the same endpoint's instance in their own transactions would collide on its key,
 * and one of them would roll back. The deliveries themselves are in the database already.
 */
@Configuration(proxyBeanMethods = false)
class WebhookDeliveryQueue implements AutoCloseable {

	static final TaskDescriptor<String> TASK = TaskDescriptor.of("webhook-delivery", String.class);

	private static final Logger logger = LoggerFactory.getLogger(WebhookDeliveryQueue.class);

	private final JdbcTemplate jdbc;

	private final ObjectProvider<Scheduler> scheduler;

	private final Clock clock;

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

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

	/** After the current transaction commits (or now, without one), looks for deliveries due; many wakes make one look. */
	void wakeAfterCommit() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			wake();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				wake();
			}

		});
	}

	void wake() {
		if (this.wakeQueued.compareAndSet(false, true)) {
			this.waker.execute(() -> {
				this.wakeQueued.set(false);
				sweep();
			});
		}
	}

	/**
	 * Queues the delivery task of every endpoint, not paused, with a delivery due.
	 * @return how many endpoints had deliveries due
	 */
	@Scheduled(fixedDelayString = "${tilegate.webhooks.sweep-interval:5s}", initialDelayString = "5s")
	public int sweep() {
		List<String> due = this.jdbc.queryForList("""
				select distinct d.endpoint_id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
				where d.status = 'PENDING' and d.next_attempt_at <= ? and e.paused = false""", String.class,
				Timestamp.from(Instant.now(this.clock)));
		Scheduler scheduler = this.scheduler.getObject();
		for (String endpointId : due) {
			try {
				scheduler.scheduleIfNotExists(TASK.instance(endpointId).data(endpointId).scheduledTo(Instant.now()));
			}
			catch (RuntimeException ex) {
				// Another node queued it at the same moment: it runs once all the same.
				logger.debug("Webhook delivery of endpoint {} was queued meanwhile: {}", endpointId, ex.getMessage());
			}
		}
		if (!due.isEmpty()) {
			scheduler.triggerCheckForDueExecutions();
		}
		return due.size();
	}

	@Override
	public void close() {
		this.waker.shutdownNow();
	}

}
