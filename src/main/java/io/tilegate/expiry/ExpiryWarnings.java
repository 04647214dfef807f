package io.tilegate.expiry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tilegate.connections.Connection;
import io.tilegate.connections.Connections;
import io.tilegate.connections.IdpMetadata;
import io.tilegate.connections.SigningCertificate;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimToken;
import io.tilegate.scim.ScimTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The IdP signing certificates and SCIM tokens that expire within 30 days, as the console shows
 * them, and the events that say so once per threshold crossed. The metrics for alerting are
 * {@code tilegate_idp_certificate_expiry_days} and {@code tilegate_scim_token_expiry_days}.
 */
@Component
public class ExpiryWarnings {

	private static final Logger logger = LoggerFactory.getLogger(ExpiryWarnings.class);

	private final Connections connections;

	private final ScimTokens tokens;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate transaction;

	ExpiryWarnings(Connections connections, ScimTokens tokens, EventLog events, JdbcTemplate jdbc, Clock clock,
			PlatformTransactionManager transactions) {
		this.connections = connections;
		this.tokens = tokens;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** Every connection's warnings, the soonest expiry first. */
	public List<ExpiryWarning> all() {
		Instant now = this.clock.instant();
		return this.connections.list()
			.stream()
			.flatMap((connection) -> of(connection, now).stream())
			.sorted(Comparator.comparing(ExpiryWarning::expiresAt))
			.toList();
	}

	/** One connection's warnings, the soonest expiry first. */
	public List<ExpiryWarning> of(Connection connection) {
		return of(connection, this.clock.instant()).stream()
			.sorted(Comparator.comparing(ExpiryWarning::expiresAt))
			.toList();
	}

	private List<ExpiryWarning> of(Connection connection, Instant now) {
		List<ExpiryWarning> warnings = new ArrayList<>();
		List<SigningCertificate> certificates;
		try {
			certificates = IdpMetadata.parse(connection.getMetadataXml()).signingCertificates();
		}
		catch (RuntimeException ex) {
			// Saved metadata was valid when saved; the connection page says louder when it no longer is.
			logger.warn("Could not read the signing certificates of connection {} for expiry warnings: {}",
					connection.getId(), ex.getMessage());
			certificates = List.of();
		}
		for (SigningCertificate certificate : certificates) {
			int threshold = ExpiryWarning.thresholdAt(certificate.notAfter(), now);
			if (threshold > 0) {
				warnings.add(new ExpiryWarning(ExpiryWarning.Kind.IDP_CERTIFICATE, connection.getId(),
						"cert:" + certificate.sha256Fingerprint().replace(":", "") + ":" + connection.getId(),
						certificate.sha256Fingerprint() + " (" + certificate.subject() + ")", certificate.notAfter(),
						threshold, now));
			}
		}
		for (ScimToken token : this.tokens.list(connection.getId())) {
			if (token.isRevoked() || token.getExpiresAt() == null) {
				continue;
			}
			int threshold = ExpiryWarning.thresholdAt(token.getExpiresAt(), now);
			if (threshold > 0) {
				warnings.add(new ExpiryWarning(ExpiryWarning.Kind.SCIM_TOKEN, connection.getId(),
						"scim-token:" + token.getId(), "\"" + token.getLabel() + "\" (" + token.getHint() + ")",
						token.getExpiresAt(), threshold, now));
			}
		}
		return warnings;
	}

	/**
	 * Records an event for each threshold crossed since the last check, once across all nodes:
	 * the node whose row in {@code expiry_warning} is inserted first records it.
	 * @return the warnings recorded now
	 */
	public List<ExpiryWarning> recordCrossedThresholds() {
		List<ExpiryWarning> recorded = new ArrayList<>();
		for (ExpiryWarning warning : all()) {
			try {
				// The marker and its event commit together: a node stopped between them would
				// otherwise leave a threshold marked as warned that no event ever reported.
				this.transaction.executeWithoutResult((status) -> {
					this.jdbc.update(
							"insert into expiry_warning (subject, days, connection_id, warned_at) values (?, ?, ?, ?)",
							warning.subject(), warning.threshold(), warning.connectionId(),
							Timestamp.from(warning.now()));
					this.events.event(EventType.CREDENTIAL_EXPIRING, warning.sentence())
						.connection(warning.connectionId())
						.actor("system")
						.detailJson(Map.of("kind", warning.kind().name(), "subject", warning.subject(),
								"thresholdDays", warning.threshold(), "expiresAt", warning.expiresAt().toString()))
						.record();
				});
			}
			catch (DuplicateKeyException ex) {
				continue;
			}
			logger.warn(warning.sentence());
			recorded.add(warning);
		}
		return recorded;
	}

}
