package io.tilegate.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.tilegate.access.BearerSecrets;
import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends signed-in sessions at once, on every node: the rows go from the session table, so the
 * next request anywhere finds no session. Whoever lost access (deactivated or deleted) is told
 * so on that request, through a short-lived record of the ended session's id.
 *
 * <p>Call it after the transaction that took the access away has committed, never inside it:
 * the sessions end in transactions of their own, and a deactivation rolled back afterwards
 * would have signed its user out for nothing.
 */
@Service
public class SignedInSessions {

	private static final Logger logger = LoggerFactory.getLogger(SignedInSessions.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final Directory directory;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	SignedInSessions(FindByIndexNameSessionRepository<? extends Session> sessions, Directory directory,
			EventLog events, JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.sessions = sessions;
		this.directory = directory;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		// Called from a committed transaction's afterCommit too, where plain JDBC would still
		// run on that transaction's connection and never be committed.
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Ends every session of the user, whichever connection or the console they signed in
	 * through. A deactivated or deleted user sees "your session ended" at their next request.
	 * @return how many sessions this call ended
	 */
	public int endSessionsOf(UUID userId) {
		if (userId == null) {
			throw new IllegalArgumentException("Whose sessions to end? The user id is missing.");
		}
		Optional<UserSummary> user = this.ownTransaction.execute((status) -> this.directory.user(userId));
		Ending why = user.isEmpty() ? Ending.DELETED : user.get().active() ? Ending.SIGNED_OUT : Ending.DEACTIVATED;
		return end(userId, user.map(UserSummary::userName).orElse(null), (authentication) -> true, why);
	}

	/**
	 * Ends the sessions a connection's IdP signed in under this NameID, as a single logout
	 * asks: all of them, or only the one of this SessionIndex. The NameID leads to the user
	 * through its identity link; sessions of the user's other connections stay.
	 * @return how many sessions this call ended; 0 when the NameID is linked to nobody
	 */
	public int endSessionsOf(String connectionId, String nameId, Optional<String> sessionIndex) {
		if (connectionId == null || connectionId.isBlank() || nameId == null || nameId.isBlank()) {
			throw new IllegalArgumentException("Which sessions to end? A single logout names the connection and the "
					+ "NameID; got connection '" + connectionId + "' and NameID '" + nameId + "'.");
		}
		Optional<String> index = (sessionIndex != null) ? sessionIndex : Optional.empty();
		Optional<UserSummary> user = this.ownTransaction
			.execute((status) -> this.directory.findByIdentityLink(connectionId, nameId));
		if (user.isEmpty()) {
			return 0;
		}
		Predicate<Authentication> signedInThere = (authentication) -> authentication
			.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml
				&& connectionId.equals(saml.getRelyingPartyRegistrationId()) && nameId.equals(saml.getName())
				&& index.map((wanted) -> saml.getSessionIndexes().contains(wanted)).orElse(true);
		return end(user.get().id(), user.get().userName(), signedInThere, Ending.SINGLE_LOGOUT);
	}

	/**
	 * Whether this request's cookie names a session ended because its user lost access.
	 * Answers {@code true} once per ended session, so the notice is shown once.
	 */
	public boolean endedByLostAccess(HttpServletRequest request) {
		String requested = request.getRequestedSessionId();
		if (requested == null || request.isRequestedSessionIdValid()) {
			return false;
		}
		Integer taken = this.ownTransaction.execute((status) -> this.jdbc.update(
				"delete from ended_session where session_id_hash = ? and expires_at > ?", BearerSecrets.hash(requested),
				Timestamp.from(Instant.now(this.clock))));
		return taken != null && taken == 1;
	}

	private int end(UUID userId, String userName, Predicate<Authentication> which, Ending why) {
		int ended = 0;
		for (Session session : this.sessions.findByPrincipalName(userId.toString()).values()) {
			if (session.isExpired()) {
				// Ended already, by its timeout; the cleanup job deletes its row.
				continue;
			}
			// Null too when written by a Tilegate whose classes changed since (SessionAttributes):
			// it still ends as its user's, but a single logout cannot tell whose NameID it was.
			Authentication authentication = SessionOwnerIndex.authenticationOf(session);
			boolean named = (authentication != null) ? which.test(authentication) : why != Ending.SINGLE_LOGOUT;
			if (!named) {
				continue;
			}
			if (why.leavesNotice()) {
				remember(session);
			}
			// Only the node whose delete removes the row ended it; another racing it counts nothing.
			Integer deleted = this.ownTransaction.execute(
					(status) -> this.jdbc.update("delete from SPRING_SESSION where SESSION_ID = ?", session.getId()));
			if (deleted != null && deleted == 1) {
				ended++;
				record(userId, userName, authentication, why);
			}
		}
		return ended;
	}

	private void remember(Session session) {
		Instant expires = Instant.now(this.clock).plus(session.getMaxInactiveInterval());
		try {
			this.ownTransaction.executeWithoutResult((status) -> this.jdbc.update("""
					insert into ended_session (session_id_hash, expires_at)
					select ?, ? where not exists (select 1 from ended_session where session_id_hash = ?)""",
					BearerSecrets.hash(session.getId()), Timestamp.from(expires), BearerSecrets.hash(session.getId())));
		}
		catch (DuplicateKeyException ex) {
			// Another node ended the same session at the same moment and left the same record.
		}
	}

	private void record(UUID userId, String userName, Authentication authentication, Ending why) {
		String name = (userName != null) ? userName : (authentication != null) ? authentication.getName() : userId.toString();
		String connection = (authentication != null
				&& authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml)
						? saml.getRelyingPartyRegistrationId() : null;
		String summary = "Session of " + name + " ended: " + why.reason + "; it was deleted at once, on every node";
		try {
			this.events.event(EventType.SESSION_ENDED, summary)
				.connection(connection)
				.user(userId, name)
				.actor("tilegate")
				.recordAlone();
		}
		catch (RuntimeException ex) {
			logger.warn("{} (the event log could not be written: {})", summary, ex.getMessage());
		}
	}

	/** Every node runs this; the DELETE is the same on each, so running it twice at once is harmless. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
	void purgeExpired() {
		this.jdbc.update("delete from ended_session where expires_at <= ?", Timestamp.from(Instant.now(this.clock)));
	}

	private enum Ending {

		DEACTIVATED("the user was deactivated after signing in", true),

		DELETED("the user was deleted after signing in", true),

		SIGNED_OUT("all of the user's sessions were ended", false),

		SINGLE_LOGOUT("the identity provider signed the user out (single logout)", false);

		private final String reason;

		private final boolean notice;

		Ending(String reason, boolean notice) {
			this.reason = reason;
			this.notice = notice;
		}

		boolean leavesNotice() {
			return this.notice;
		}

	}

}
