package io.tilegate.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.BearerSecrets;
import io.tilegate.directory.Directory;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends signed-in sessions at once, on every node: the rows go from the session table, so the
 * next request anywhere finds no session. Whoever lost access (deactivated or deleted) is told
 * so on that request, through a short-lived record of the ended session's id, and loses the
 * admin API keys they made as well: every credential of theirs ends in the same commit.
 *
 * <p>Joins the caller's transaction, so that sessions ended for a change commit with it and a
 * rollback ends none; called outside one, it runs in its own. It reads and deletes the session
 * rows itself rather than through Spring Session's repository, which would take a second
 * connection from the pool for a transaction of its own while the caller's holds the first.
 */
@Service
public class SignedInSessions {

	private final Directory directory;

	private final EventLog events;

	private final IdentityLinks links;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final AdminApiKeys apiKeys;

	SignedInSessions(Directory directory, IdentityLinks links, EventLog events, JdbcTemplate jdbc, Clock clock,
			PlatformTransactionManager transactions, AdminApiKeys apiKeys) {
		this.apiKeys = apiKeys;
		this.directory = directory;
		this.links = links;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Ends every session of the user, whichever connection or the console they signed in
	 * through. A deactivated or deleted user sees "your session ended" at their next request,
	 * and the admin API keys they made are revoked.
	 * @return how many sessions this call ended
	 */
	public int endSessionsOf(UUID userId) {
		if (userId == null) {
			throw new IllegalArgumentException("Whose sessions to end? The user id is missing.");
		}
		return this.transaction.execute((status) -> {
			Optional<UserSummary> user = this.directory.user(userId);
			Ending why = user.isEmpty() ? Ending.DELETED
					: user.get().active() ? Ending.SIGNED_OUT : Ending.DEACTIVATED;
			String userName = user.map(UserSummary::userName).orElse(null);
			if (why.leavesNotice()) {
				this.apiKeys.revokeKeysMadeBy(userId, (userName != null) ? userName : "user " + userId, why.lost);
			}
			return end(userId, userName, (authentication) -> true, why);
		});
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
		Predicate<Authentication> signedInThere = (authentication) -> authentication
			.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml
				&& connectionId.equals(saml.getRelyingPartyRegistrationId()) && nameId.equals(saml.getName())
				&& index.map((wanted) -> saml.getSessionIndexes().contains(wanted)).orElse(true);
		return this.transaction.execute((status) -> this.links.findByIdentityLink(connectionId, nameId)
			.map((user) -> end(user.id(), user.userName(), signedInThere, Ending.SINGLE_LOGOUT))
			.orElse(0));
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
		return this.jdbc.update("delete from ended_session where session_id_hash = ? and expires_at > ?",
				BearerSecrets.hash(requested), Timestamp.from(Instant.now(this.clock))) == 1;
	}

	private int end(UUID userId, String userName, Predicate<Authentication> which, Ending why) {
		int ended = 0;
		for (Found session : sessionsOf(userId)) {
			// Null too when written by a Tilegate whose classes changed since (SessionAttributes):
			// it still ends as its user's, but a single logout cannot tell whose NameID it was.
			boolean named = (session.authentication() != null) ? which.test(session.authentication())
					: why != Ending.SINGLE_LOGOUT;
			// The delete locks the row: of two callers ending the same session at once, the second
			// finds it gone, and only the first leaves the notice and the event.
			if (named && this.jdbc.update("delete from SPRING_SESSION where SESSION_ID = ?", session.id()) == 1) {
				if (why.leavesNotice()) {
					this.jdbc.update("insert into ended_session (session_id_hash, expires_at) values (?, ?)",
							BearerSecrets.hash(session.id()),
							Timestamp.from(Instant.now(this.clock).plus(session.maxInactive())));
				}
				record(userId, userName, session.authentication(), why);
				ended++;
			}
		}
		return ended;
	}

	/**
	 * The user's live sessions with who signed in to each. Spring Session's own clock is the
	 * system's, so expiry is judged by it, not by Tilegate's.
	 */
	private List<Found> sessionsOf(UUID userId) {
		return this.jdbc.query("""
				select s.SESSION_ID, s.MAX_INACTIVE_INTERVAL, a.ATTRIBUTE_BYTES
				from SPRING_SESSION s left join SPRING_SESSION_ATTRIBUTES a
				  on a.SESSION_PRIMARY_ID = s.PRIMARY_ID and a.ATTRIBUTE_NAME = ?
				where s.PRINCIPAL_NAME = ? and s.EXPIRY_TIME > ?""",
				(rs, n) -> new Found(rs.getString(1), Duration.ofSeconds(rs.getInt(2)),
						SessionOwnerIndex.authenticationIn(SessionAttributes.read(rs.getBytes(3)))),
				HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, userId.toString(),
				System.currentTimeMillis());
	}

	private void record(UUID userId, String userName, Authentication authentication, Ending why) {
		String name = (userName != null) ? userName : (authentication != null) ? authentication.getName() : userId.toString();
		String connection = (authentication != null
				&& authentication.getPrincipal() instanceof Saml2AuthenticatedPrincipal saml)
						? saml.getRelyingPartyRegistrationId() : null;
		this.events
			.event(EventType.SESSION_ENDED,
					"Session of " + name + " ended: " + why.reason + "; it was deleted at once, on every node")
			.connection(connection)
			.user(userId, name)
			.actor("tilegate")
			.record();
	}

	/** Every node runs this; the DELETE is the same on each, so running it twice at once is harmless. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
	void purgeExpired() {
		this.jdbc.update("delete from ended_session where expires_at <= ?", Timestamp.from(Instant.now(this.clock)));
	}

	private record Found(String id, Duration maxInactive, Authentication authentication) {
	}

	private enum Ending {

		DEACTIVATED("the user was deactivated after signing in", "was deactivated"),

		DELETED("the user was deleted after signing in", "was deleted"),

		SIGNED_OUT("all of the user's sessions were ended", null),

		SINGLE_LOGOUT("the identity provider signed the user out (single logout)", null);

		private final String reason;

		/** What the user lost, for the keys' revocation; {@code null} when they lost no access. */
		private final String lost;

		Ending(String reason, String lost) {
			this.reason = reason;
			this.lost = lost;
		}

		boolean leavesNotice() {
			return this.lost != null;
		}

	}

}
