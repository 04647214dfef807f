package io.tilegate.connections;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Says, once per connection and in the log and the event log, that the upgrade to verified
 * email domains (migration V16) filled the connection's list from the users it had signed in:
 * an admin must learn that a connection now links those domains by email, and should check
 * that its IdP owns them.
 *
 * <p>The migration marks each connection it filled. Each node, at start-up, claims each mark
 * with a conditional update in the transaction that writes the event: of nodes starting
 * together, one claims it and the others' updates find it claimed, so a connection is
 * announced once, ever.
 */
@Component
@Order(-1)
class EmailDomainUpgrade implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(EmailDomainUpgrade.class);

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	EmailDomainUpgrade(JdbcTemplate jdbc, EventLog events, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public void run(ApplicationArguments args) {
		announce();
	}

	/** Announces every connection filled and not yet announced; returns their ids. */
	List<String> announce() {
		List<String> pending = this.jdbc.queryForList(
				"select connection_id from connection_domain_upgrade where announced_at is null order by connection_id",
				String.class);
		return pending.stream().filter(this::announce).toList();
	}

	private boolean announce(String connectionId) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			int claimed = this.jdbc.update(
					"update connection_domain_upgrade set announced_at = ? where connection_id = ? and announced_at is null",
					Timestamp.from(Instant.now(this.clock)), connectionId);
			if (claimed == 0) {
				return false;
			}
			List<String> domains = this.jdbc.queryForList(
					"select domain from connection_email_domain where connection_id = ? order by domain", String.class,
					connectionId);
			String summary = "Upgrade: connection " + connectionId + " now links a first sign-in to an existing user "
					+ "by email only in its verified email domains, filled from the users it had signed in: "
					+ String.join(", ", domains) + ". Check on the connection's page that its IdP owns each of them, "
					+ "and remove any it does not.";
			logger.warn(summary);
			this.events.event(EventType.CONNECTION_EMAIL_DOMAINS_FILLED, summary)
				.connection(connectionId)
				.actor("upgrade")
				.detailJson(Map.of("emailDomains", domains))
				.record();
			return true;
		}));
	}

}
