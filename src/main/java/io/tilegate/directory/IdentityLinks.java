package io.tilegate.directory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.now;

/**
 * Which user each connection's NameID is, and what that NameID's sign-ins last asserted.
 * Most sign-ins assert what the one before did, so remembering it lets them skip the mapping
 * ({@link #signInUnchanged}); the first sign-in of a NameID links it ({@link #link}).
 */
@Service
public class IdentityLinks {

	private final IdentityLinkRepository links;

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	private final EventLog events;

	IdentityLinks(IdentityLinkRepository links, UserRepository users, JdbcTemplate jdbc, Clock clock,
			ApplicationEventPublisher publisher, EventLog events) {
		this.links = links;
		this.users = users;
		this.jdbc = jdbc;
		this.clock = clock;
		this.publisher = publisher;
		this.events = events;
	}

	/** The user a connection's NameID was linked to, if it was. */
	@Transactional(readOnly = true)
	public Optional<UserSummary> findByIdentityLink(String connectionId, String nameId) {
		return this.links.findById(new IdentityLink.Key(connectionId, nameId))
			.flatMap((link) -> this.users.findById(link.getUserId()))
			.map(User::summary);
	}

	/**
	 * {@link #findByIdentityLink}, locking the user until the caller's transaction ends. The
	 * link is read in plain SQL so that no user is loaded before the lock is held: what a
	 * sign-in then reads is what the sign-in before it committed.
	 */
	@Transactional
	public Optional<UserSummary> findByIdentityLinkForUpdate(String connectionId, String nameId) {
		List<UUID> linked = this.jdbc.queryForList(
				"select user_id from identity_link where connection_id = ? and name_id = ?", UUID.class, connectionId,
				nameId);
		return linked.isEmpty() ? Optional.empty() : this.users.findByIdForUpdate(linked.get(0)).map(User::summary);
	}

	/**
	 * A returning sign-in that asserts exactly what the last one did, for a user and a
	 * connection nobody has changed since (any change bumps their versions, and defining a
	 * custom field forgets every digest): there is nothing to map, so only the sign-in time is
	 * noted. One read and one write, outside any JPA session, because most sign-ins are this one.
	 * @return the user, active or not, or empty when the full mapping must run
	 */
	public Optional<UserSummary> signInUnchanged(String connectionId, String nameId, String assertionDigest) {
		List<UserSummary> found = this.jdbc.query("""
				select u.id, u.user_name, u.active, u.scim_managed
				from identity_link l
				  join app_user u on u.id = l.user_id
				  join idp_connection c on c.id = l.connection_id
				where l.connection_id = ? and l.name_id = ? and l.attributes_digest = ?
				  and l.user_version = u.version and l.connection_version = c.version""",
				(rs, n) -> new UserSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
						rs.getBoolean(4)),
				connectionId, nameId, assertionDigest);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		if (found.get(0).active()) {
			this.jdbc.update("update identity_link set last_login_at = ? where connection_id = ? and name_id = ?",
					Timestamp.from(now(this.clock)), connectionId, nameId);
		}
		return Optional.of(found.get(0));
	}

	/**
	 * Remembers what this sign-in asserted, the connection version it was mapped with, and the
	 * user's version once its changes are written, so that an identical next sign-in can take
	 * {@link #signInUnchanged}.
	 */
	@Transactional
	public void rememberAssertion(String connectionId, String nameId, String assertionDigest, long connectionVersion) {
		IdentityLink link = this.links.findById(new IdentityLink.Key(connectionId, nameId))
			.orElseThrow(() -> new IllegalStateException("No identity link for " + nameId + " of " + connectionId));
		// Through the repository, so that a concurrent change surfaces as Spring's
		// ConcurrencyFailureException, which the provisioning retry knows.
		this.users.flush();
		User user = this.users.require(link.getUserId());
		link.remember(assertionDigest, user.getVersion(), connectionVersion);
	}

	/**
	 * Links a connection's NameID to a user. Publishes no {@link UserChanged}: persona rules do
	 * not look at links, and the sign-in that links publishes one through {@link #recordSignIn}.
	 * A link is never moved to another user: the key (connection, NameID) holds one.
	 * @throws org.springframework.dao.DataIntegrityViolationException when the NameID is
	 * linked already, e.g. by a parallel first login
	 */
	@Transactional
	public void link(UUID userId, String connectionId, String nameId, LinkMethod linkedBy) {
		User user = this.users.require(userId);
		this.links.saveAndFlush(new IdentityLink(connectionId, nameId, user.getId(), linkedBy, now(this.clock)));
	}

	/** The NameIDs through which a connection signs the user in, in order. */
	@Transactional(readOnly = true)
	public List<String> nameIds(UUID userId, String connectionId) {
		return this.jdbc.queryForList(
				"select name_id from identity_link where user_id = ? and connection_id = ? order by name_id", String.class,
				userId, connectionId);
	}

	/**
	 * Removes a link, so that the NameID's next sign-in is matched afresh and the user may be
	 * linked through another NameID of that connection: what an admin does when an IdP changed
	 * how it names the user. The user, their groups and their other links stay.
	 * @return whether there was such a link
	 */
	@Transactional
	public boolean unlink(UUID userId, String connectionId, String nameId, String actor) {
		int removed = this.jdbc.update(
				"delete from identity_link where user_id = ? and connection_id = ? and name_id = ?", userId, connectionId,
				nameId);
		if (removed == 0) {
			return false;
		}
		User user = this.users.require(userId);
		this.events.event(EventType.USER_UNLINKED, "NameID " + nameId + " of " + connectionId + " unlinked from user "
				+ user.getUserName() + "; its next sign-in, or a new NameID's, is matched afresh")
			.connection(connectionId)
			.user(userId, user.getUserName())
			.actor(actor)
			.record();
		return true;
	}

	/**
	 * {@link #link}, {@link #recordSignIn} and {@link #rememberAssertion} in one statement, for
	 * the first sign-in of a user created in this transaction: their creation published the
	 * {@link UserChanged} that a sign-in publishes.
	 * @param assertionDigest the digest to remember, or {@code null} when the sign-in must not
	 * be remembered
	 * @throws org.springframework.dao.DataIntegrityViolationException when the NameID is
	 * linked already, e.g. by a parallel first login
	 */
	@Transactional
	public void linkFirstSignIn(UUID userId, String connectionId, String nameId, String assertionDigest,
			long connectionVersion) {
		OffsetDateTime now = OffsetDateTime.ofInstant(now(this.clock), ZoneOffset.UTC);
		// Without a digest the versions match nothing: signInUnchanged compares the digest first.
		this.jdbc.update("""
				insert into identity_link (connection_id, name_id, user_id, created_at, last_login_at,
				  attributes_digest, user_version, connection_version, linked_by)
				select ?, ?, id, ?, ?, ?, version, ?, ? from app_user where id = ?""", connectionId, nameId, now, now,
				assertionDigest, connectionVersion, LinkMethod.CREATED.name(), userId);
	}

	/**
	 * Notes that this NameID just signed in through the full mapping. That changes the user
	 * even when the assertion changed nothing else: their personas are brought up to date at
	 * every such sign-in (only {@link #signInUnchanged} skips it).
	 */
	@Transactional
	public void recordSignIn(String connectionId, String nameId) {
		this.links.findById(new IdentityLink.Key(connectionId, nameId)).ifPresent((link) -> {
			link.signedIn(now(this.clock));
			this.publisher
				.publishEvent(new UserChanged(link.getUserId(), Provenance.samlSignIn(connectionId).reason()));
		});
	}

}
