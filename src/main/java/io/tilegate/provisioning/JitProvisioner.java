package io.tilegate.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.ConnectionPolicy;
import io.tilegate.connections.Connections;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.ProfileChange;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Just-in-time provisioning: makes the directory agree with what an IdP asserted at login.
 *
 * <p>Who signed in: the user linked to the connection's NameID; else the user whose user name
 * is the NameID (ignoring case), who is then linked; else, if the connection links by email,
 * the one user with the asserted email (never one of several), who is then linked if the
 * email's domain is one of the connection's verified email domains and refused
 * ({@link LinkRefusedException}) if not; else a new user whose user name is the NameID. A
 * user linked through one NameID of a connection is never linked through a second one of it.
 *
 * <p>What a login changes: each mapped attribute the IdP sent replaces the stored value, an
 * attribute sent empty clears it, an attribute not sent leaves it alone. The manager is a user
 * name or email; one not known yet is kept as a reference and resolved when that user appears.
 * The groups attribute replaces the user's groups <em>of this connection</em> only. A hire
 * date that cannot be read is reported in {@link ProvisionedLogin#warnings()} and the stored
 * one kept: a bad attribute never blocks a login.
 *
 * <p><strong>SCIM-managed users:</strong> when a user is provisioned by SCIM and the connection
 * does not have "SAML updates SCIM-managed users" on, SCIM is the source of truth for their
 * profile: the login finds or links them but changes none of their profile or custom fields.
 * Their groups of this connection are still synced from the assertion.
 *
 * <p><strong>Deactivated users</strong> are refused with {@link UserDeactivatedException}; a login never
 * reactivates anyone and changes nothing about them.
 *
 * <p>These rules live in {@link LoginMapping}, which {@link MappingPreview} runs as well, so
 * that an admin's preview of a sign-in and the sign-in itself cannot disagree.
 *
 * <p>The user's personas and spaces are recomputed in the login's transaction, so the next page
 * shows them: the directory tells personas of every user it changes, and of every sign-in it
 * records. A login whose assertion is unchanged skips it (the daily recompute covers date
 * rules).
 *
 * <p>One login is one transaction, with one {@code USER_CREATED}, {@code USER_LINKED} and/or
 * {@code USER_UPDATED} event listing every change; a login that changes nothing writes none.
 * Parallel logins of an existing user take turns on a row lock of that user, taken before
 * anything about them is read, so each applies what it asserted over what the one before it
 * committed: the last writer wins and no valid sign-in is refused for having had company.
 * Parallel first logins of one person race on the directory's unique keys; the losers start
 * over in a new transaction and find the winner's user.
 */
@Service
public class JitProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(JitProvisioner.class);

	private static final int MAX_ATTEMPTS = 8;

	private final Directory directory;

	private final CustomFields customFields;

	private final IdentityLinks links;

	private final GroupMemberships memberships;

	private final Connections connections;

	private final EventLog events;

	private final TransactionTemplate transaction;

	private final LoginMapping mapping;

	JitProvisioner(Directory directory, CustomFields customFields, IdentityLinks links, GroupMemberships memberships,
			Connections connections, EventLog events, PlatformTransactionManager transactions) {
		this.directory = directory;
		this.customFields = customFields;
		this.links = links;
		this.memberships = memberships;
		this.connections = connections;
		this.events = events;
		this.mapping = new LoginMapping(directory, links, memberships);
		this.transaction = new TransactionTemplate(transactions);
		// A retry needs a transaction of its own: a failed one can only roll back.
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * @throws UserDeactivatedException when the user is deactivated
	 * @throws IllegalArgumentException when the connection does not exist
	 */
	public ProvisionedLogin provision(AssertedIdentity identity) {
		return provision(identity, this.connections.policy(identity.connectionId())
			.orElseThrow(() -> new IllegalArgumentException("No connection '" + identity.connectionId() + "'")));
	}

	/**
	 * Provisions with a policy the caller read already, as a sign-in does that needs it for
	 * its session too: the policy is one read of the connection's version each time it is asked.
	 * @param connection the policy of the identity's connection
	 * @throws UserDeactivatedException when the user is deactivated
	 */
	public ProvisionedLogin provision(AssertedIdentity identity, ConnectionPolicy connection) {
		if (!connection.id().equals(identity.connectionId())) {
			throw new IllegalArgumentException("The policy of connection '" + connection.id() + "' is not that of '"
					+ identity.connectionId() + "'");
		}
		String digest = AssertionDigest.of(identity.connectionId(), identity.attributes());
		Optional<UserSummary> unchanged = this.links.signInUnchanged(identity.connectionId(), identity.nameId(),
				digest);
		if (unchanged.isPresent()) {
			refuseIfDeactivated(unchanged.get());
			return new ProvisionedLogin(unchanged.get().id(), unchanged.get().userName(), false, false, List.of(),
					isAdmin(unchanged.get().id(), identity, connection));
		}
		List<String> customFields = this.customFields.customFieldNames();
		for (int attempt = 1;; attempt++) {
			try {
				ProvisionedLogin login = this.transaction
					.execute((status) -> provisionOnce(identity, connection, customFields, digest));
				return new ProvisionedLogin(login.userId(), login.userName(), login.created(), login.linked(),
						login.warnings(), isAdmin(login.userId(), identity, connection));
			}
			catch (DataIntegrityViolationException | ConcurrencyFailureException ex) {
				if (attempt >= MAX_ATTEMPTS) {
					logger.warn("Gave up provisioning {} from connection {} after {} attempts: {}", identity.nameId(),
							identity.connectionId(), attempt, ex.getMessage());
					throw ex;
				}
				logger.debug("Provisioning {} from {} collided with a parallel login (attempt {}); retrying",
						identity.nameId(), identity.connectionId(), attempt, ex);
				backOff(attempt);
			}
		}
	}

	private ProvisionedLogin provisionOnce(AssertedIdentity identity, ConnectionPolicy connection,
			List<String> customFields, String digest) {
		String connectionId = identity.connectionId();
		String nameId = identity.nameId();
		AssertedAttributes attributes = new AssertedAttributes(identity.attributes(), connection.mapping());
		Provenance by = Provenance.samlSignIn(connectionId);

		LoginMapping.Match match = this.mapping.match(identity, connection, attributes, by);
		LoginMapping.Mapped mapped = this.mapping.map(match, connection, attributes, customFields, by);
		UserSummary user = mapped.user();
		List<ProfileChange> changes = mapped.changes();
		List<String> warnings = mapped.warnings();
		// A warning must show at every sign-in until the IdP is fixed, so such a sign-in is not remembered.
		if (match.created()) {
			this.links.linkFirstSignIn(user.id(), connectionId, nameId, warnings.isEmpty() ? digest : null,
					connection.version());
		}
		else {
			this.links.recordSignIn(connectionId, nameId);
			if (warnings.isEmpty()) {
				this.links.rememberAssertion(connectionId, nameId, digest, connection.version());
			}
		}

		if (match.created()) {
			record(EventType.USER_CREATED, "User created at first sign-in through " + connectionId + ": "
					+ user.userName(), user, identity, changes, warnings, null);
		}
		else {
			if (match.linked()) {
				record(EventType.USER_LINKED, "Sign-in " + nameId + " of " + connectionId + " linked to existing user "
						+ user.userName() + " (same " + match.matchedByName() + ")", user, identity, List.of(), List.of(),
						match.matchedByName());
			}
			if (!changes.isEmpty()) {
				record(EventType.USER_UPDATED, "User updated at sign-in through " + connectionId + ": " + user.userName()
						+ " (" + fields(changes) + ")", user, identity, changes, warnings, null);
			}
		}
		return new ProvisionedLogin(user.id(), user.userName(), match.created(), match.linked(), warnings, false);
	}

	private boolean isAdmin(UUID userId, AssertedIdentity identity, ConnectionPolicy connection) {
		if (connection.adminGroups().isEmpty()) {
			return false;
		}
		return connection.grantsAdmin(
				new AssertedAttributes(identity.attributes(), connection.mapping()).all(AttributeMapping.GROUPS),
				this.memberships.groupNames(userId, connection.id()));
	}

	private void refuseIfDeactivated(UserSummary user) {
		if (!user.active()) {
			throw new UserDeactivatedException(user.id(), user.userName());
		}
	}

	private void record(EventType type, String summary, UserSummary user, AssertedIdentity identity,
			List<ProfileChange> changes, List<String> warnings, String matchedBy) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("nameId", identity.nameId());
		if (matchedBy != null) {
			detail.put("matchedBy", matchedBy);
		}
		if (!changes.isEmpty()) {
			detail.put("changes", changes);
		}
		if (!warnings.isEmpty()) {
			detail.put("warnings", warnings);
		}
		this.events.event(type, summary)
			.connection(identity.connectionId())
			.user(user.id(), user.userName())
			.actor("saml:" + identity.connectionId())
			.detailJson(detail)
			.record();
	}

	private static String fields(List<ProfileChange> changes) {
		return String.join(", ", changes.stream().map(ProfileChange::field).toList());
	}

	// Jitter keeps the losers of a race from colliding again in lockstep.
	private static void backOff(int attempt) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while retrying a sign-in", ex);
		}
	}

}
