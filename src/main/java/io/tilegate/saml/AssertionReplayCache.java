package io.tilegate.saml;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.tilegate.config.TilegateProperties;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.SubjectConfirmation;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every assertion ID accepted (and every SOAP LogoutRequest's), kept in the database until the assertion could no longer be
 * valid (its latest NotOnOrAfter plus the clock skew). Spring has no replay check
 * (spring-security#17732); keeping it in the database makes it hold across restarts and across
 * every node sharing the database. The primary key decides: of two concurrent uses exactly
 * one insert succeeds.
 */
@Component
class AssertionReplayCache {

	/** How long a LogoutRequest ID may be, so that the prefixed key fits the 512-character column. */
	static final int MAX_LOGOUT_REQUEST_ID = 256;

	private static final String LOGOUT_REQUEST_PREFIX = "LogoutRequest:";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TilegateProperties.Saml saml;

	AssertionReplayCache(JdbcTemplate jdbc, Clock clock, TilegateProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.saml = properties.saml();
	}

	/**
	 * Records the assertion's first use.
	 * @return {@code false} if it was used before
	 */
	boolean claim(String connectionId, Assertion assertion) {
		Instant expires = latestNotOnOrAfter(assertion).plus(this.saml.clockSkew());
		try {
			this.jdbc.update("insert into saml_assertion_replay (assertion_id, connection_id, expires_at) values (?, ?, ?)",
					assertion.getID(), connectionId, Timestamp.from(expires));
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

	/**
	 * Records a signed LogoutRequest's first use, in the same table as assertions: its ID is
	 * prefixed so that it can never collide with an assertion's.
	 * @return {@code false} if it was used before
	 */
	boolean claimLogoutRequest(String connectionId, LogoutRequest request) {
		Instant latest = ((request.getIssueInstant() != null) ? request.getIssueInstant() : Instant.now(this.clock))
			.plus(this.saml.maxAssertionAge());
		if (request.getNotOnOrAfter() != null && request.getNotOnOrAfter().isAfter(latest)) {
			latest = request.getNotOnOrAfter();
		}
		try {
			this.jdbc.update("insert into saml_assertion_replay (assertion_id, connection_id, expires_at) values (?, ?, ?)",
					LOGOUT_REQUEST_PREFIX + connectionId + ":" + request.getID(), connectionId,
					Timestamp.from(latest.plus(this.saml.clockSkew())));
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

	private Instant latestNotOnOrAfter(Assertion assertion) {
		// The IssueInstant window bounds an assertion's life even if it claims a longer one.
		Instant latest = (assertion.getIssueInstant() != null) ? assertion.getIssueInstant().plus(this.saml.maxAssertionAge())
				: Instant.now(this.clock).plus(this.saml.maxAssertionAge());
		if (assertion.getConditions() != null && assertion.getConditions().getNotOnOrAfter() != null
				&& assertion.getConditions().getNotOnOrAfter().isAfter(latest)) {
			latest = assertion.getConditions().getNotOnOrAfter();
		}
		if (assertion.getSubject() != null) {
			for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
				if (confirmation.getSubjectConfirmationData() != null
						&& confirmation.getSubjectConfirmationData().getNotOnOrAfter() != null
						&& confirmation.getSubjectConfirmationData().getNotOnOrAfter().isAfter(latest)) {
					latest = confirmation.getSubjectConfirmationData().getNotOnOrAfter();
				}
			}
		}
		return latest;
	}

	// On every node, without a job lock (config/ClusterJobs): deleting expired rows twice deletes
	// nothing the second time, the index on expires_at keeps it cheap, and a lock would cost a
	// write per run and stop the purge for as long as a dead holder's lock lasts.
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT2M")
	void purgeExpired() {
		this.jdbc.update("delete from saml_assertion_replay where expires_at <= ?", Timestamp.from(Instant.now(this.clock)));
	}

}
