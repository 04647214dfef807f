package io.tilegate.benchmark;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A floor for a returning sign-in: what Tilegate must read and store for one, whatever code
 * does it, written as plain JDBC statements on Tilegate's own database and pool. Each sign-in
 * claims its assertion ID (so that no node accepts it twice), finds the user through the
 * NameID's link and notes the sign-in time on it, writes its {@code LOGIN_SUCCEEDED} event,
 * and stores the new session with its security context (so that every node knows the
 * session): the first four on their own as Tilegate runs them, the session's two rows in one
 * transaction as Spring Session does. The event's detail and the session's bytes are copied
 * from rows the measured sign-ins wrote, so they are as large as Tilegate's.
 *
 * <p>The stock SP stores none of this, so "stock SP + these" is the least a service provider
 * with Tilegate's guarantees could cost: a returning sign-in's ratio to it is what Tilegate's
 * own code adds.
 */
final class ReturningSignInWrites {

	static final String WHAT = "assertion ID claimed, link read and sign-in time noted, event, session and its context";

	private static final AtomicLong REFERENCES = new AtomicLong();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	ReturningSignInWrites(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	Measurement run(String round, int count, int threads) throws Exception {
		List<Link> links = this.jdbc.query(
				"select connection_id, name_id, attributes_digest from identity_link where attributes_digest is not null",
				(rs, n) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3)));
		String detail = this.jdbc.queryForObject(
				"select max(detail) from event_log where type = 'LOGIN_SUCCEEDED'", String.class);
		byte[] context = this.jdbc.queryForObject("select ATTRIBUTE_BYTES from SPRING_SESSION_ATTRIBUTES "
				+ "where ATTRIBUTE_NAME = 'SPRING_SECURITY_CONTEXT' fetch first 1 rows only", byte[].class);
		if (links.isEmpty() || detail == null || context == null) {
			throw new IllegalStateException("Measure the writes after sign-ins have left links, events and sessions");
		}
		return Measurement.inParallel(count, threads,
				(i) -> signIn(round, i, links.get(i % links.size()), detail, context));
	}

	private void signIn(String round, int i, Link link, String detail, byte[] context) {
		Instant now = Instant.now();
		this.jdbc.update("insert into saml_assertion_replay (assertion_id, connection_id, expires_at) values (?, ?, ?)",
				"_writes-" + round + "-" + i, link.connectionId(), Timestamp.from(now.plusSeconds(600)));
		List<UUID> user = this.jdbc.queryForList("""
				select u.id from identity_link l
				  join app_user u on u.id = l.user_id
				  join idp_connection c on c.id = l.connection_id
				where l.connection_id = ? and l.name_id = ? and l.attributes_digest = ?
				  and l.user_version = u.version and l.connection_version = c.version""", UUID.class,
				link.connectionId(), link.nameId(), link.digest());
		this.jdbc.update("update identity_link set last_login_at = ? where connection_id = ? and name_id = ?",
				Timestamp.from(now), link.connectionId(), link.nameId());
		this.jdbc.update("""
				insert into event_log (reference, occurred_at, type, connection_id, user_id, user_name, actor, summary,
				  detail) values (?, ?, 'LOGIN_SUCCEEDED', ?, ?, ?, ?, ?, ?)""",
				"W" + REFERENCES.incrementAndGet(),
				Timestamp.from(now), link.connectionId(), user.isEmpty() ? null : user.get(0), link.nameId(),
				"saml:" + link.connectionId(), "Signed in through " + link.connectionId(), detail);
		String primaryId = UUID.randomUUID().toString();
		long millis = now.toEpochMilli();
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("insert into SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME, "
					+ "MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) values (?, ?, ?, ?, ?, ?, ?)", primaryId,
					UUID.randomUUID().toString(), millis, millis, 1800, millis + 1_800_000,
					user.isEmpty() ? null : user.get(0).toString());
			this.jdbc.update("insert into SPRING_SESSION_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES) "
					+ "values (?, 'SPRING_SECURITY_CONTEXT', ?)", primaryId, context);
		});
	}

	private record Link(String connectionId, String nameId, String digest) {
	}

}
