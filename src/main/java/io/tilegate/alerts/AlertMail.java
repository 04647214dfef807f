package io.tilegate.alerts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.tilegate.config.AlertProperties;
import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mails each raised alert to {@code tilegate.alerts.mail-to}, at most once per condition and
 * UTC day across the cluster: a node sends only the mails it took in the alert table. A mail
 * the SMTP server refused is given back and sent by a later check.
 */
@Component
class AlertMail {

	private static final Logger logger = LoggerFactory.getLogger(AlertMail.class);

	private final JavaMailSender sender;

	private final List<String> to;

	private final String from;

	private final String console;

	private final AlertTable table;

	private final Clock clock;

	private final TransactionTemplate transaction;

	AlertMail(ObjectProvider<JavaMailSender> senders, AlertProperties properties, TilegateProperties tilegate,
			AlertTable table, Clock clock, PlatformTransactionManager transactions) {
		this.to = properties.mailTo();
		this.from = (properties.mailFrom() != null && !properties.mailFrom().isBlank()) ? properties.mailFrom()
				: "tilegate@" + tilegate.baseUrl().getHost();
		this.console = tilegate.base() + "/admin";
		this.table = table;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		JavaMailSender available = senders.getIfAvailable();
		if (this.to.isEmpty()) {
			logger.info("Alerts are not mailed: tilegate.alerts.mail-to names no address. They are on the console's "
					+ "overview and in the event log (ALERT_RAISED); see docs/alerts.md to mail them.");
			available = null;
		}
		else if (available == null) {
			logger.warn("Alerts are not mailed although tilegate.alerts.mail-to is set: no SMTP server is configured. "
					+ "Set spring.mail.host (SPRING_MAIL_HOST) and, if it asks, spring.mail.username and password.");
		}
		this.sender = available;
	}

	/** Whether alerts are mailed at all. */
	boolean enabled() {
		return this.sender != null;
	}

	/**
	 * Sends the mails due; a failure is logged, and the mail is sent by a later call.
	 * @return how many were sent
	 */
	int sendDue() {
		if (!enabled()) {
			return 0;
		}
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		int sent = 0;
		for (AlertTable.Row row : this.table.mailDue()) {
			if (!Boolean.TRUE.equals(this.transaction.execute((status) -> this.table.claimMail(row.key(), today)))) {
				continue;
			}
			try {
				this.sender.send(message(row));
				sent++;
			}
			catch (MailException ex) {
				this.table.mailFailed(row.key(), today, row.mailedOn());
				logger.warn("The mail of alert {} to {} could not be sent; it is tried again at the next check. "
						+ "Check spring.mail.* and that the SMTP server takes mail from Tilegate: {}", row.key(), this.to,
						ex.getMessage());
			}
		}
		return sent;
	}

	private SimpleMailMessage message(AlertTable.Row row) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(this.to.toArray(String[]::new));
		message.setSubject("[Tilegate] " + row.title());
		message.setText(row.summary() + "\n\nRaised at " + row.raisedAt() + " (UTC)"
				+ ((row.connectionId() != null) ? " on connection " + row.connectionId() : "") + ". It stays on the "
				+ "console's overview until it clears:\n" + this.console + "\n\nTilegate mails an alert at most once a "
				+ "day; the event log has each time it was raised and cleared (ALERT_RAISED, ALERT_CLEARED).\n"
				+ "Condition: " + row.key() + "\n");
		return message;
	}

}
