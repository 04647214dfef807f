package io.tilegate.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.MAX_GROUP_NAME;
import static io.tilegate.directory.DirectoryLimits.now;
import static io.tilegate.directory.DirectoryLimits.tooLong;

/**
 * The groups a user is in, as SAML sign-ins assert them: each connection's groups apart, and
 * created the first time a sign-in names them. The groups a provisioning client pushes by
 * SCIM are {@link PushedGroups}'; a sign-in reads them here but never changes their members.
 */
@Service
public class GroupMemberships {

	private final UserGroupRepository groups;

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	GroupMemberships(UserGroupRepository groups, UserRepository users, JdbcTemplate jdbc, EventLog events,
			Clock clock, ApplicationEventPublisher publisher) {
		this.groups = groups;
		this.users = users;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.publisher = publisher;
	}

	/** The names of the user's groups of one connection, whether SAML or SCIM put them there. */
	public List<String> groupNames(UUID userId, String connectionId) {
		return this.jdbc.queryForList("""
				select g.display_name from group_membership m join user_group g on g.id = m.group_id
				where m.user_id = ? and g.connection_id = ?""", String.class, userId, connectionId);
	}

	/**
	 * Of these group names, the connection's groups that SCIM pushed ({@link PushedGroups}),
	 * which a sign-in neither joins nor leaves; compared without regard to case.
	 */
	@Transactional(readOnly = true)
	public List<String> pushedGroupNames(String connectionId, Collection<String> groupNames) {
		Set<String> keys = groupNames.stream()
			.filter((name) -> name != null && !name.isBlank())
			.map((name) -> User.key(name.trim()))
			.collect(Collectors.toSet());
		if (keys.isEmpty()) {
			return List.of();
		}
		return this.groups.findByConnectionIdAndNameKeyIn(connectionId, keys)
			.stream()
			.filter(UserGroup::isScimManaged)
			.map(UserGroup::getDisplayName)
			.toList();
	}

	/**
	 * Makes the user's memberships in the connection's groups exactly the named ones, creating
	 * groups as needed. Groups of other connections, and groups no connection owns, are not
	 * touched: one IdP cannot take away what another granted. Nor are groups pushed by SCIM
	 * ({@link PushedGroups}): their members are whatever SCIM last said, so a SAML assertion
	 * naming one neither adds the user to it nor creates a second group of that name, and one
	 * leaving it out does not remove the user.
	 * @param groupNames display names; compared without regard to case
	 */
	@Transactional
	public ProfileUpdate replaceGroups(UUID userId, String connectionId, Collection<String> groupNames,
			Provenance by) {
		Objects.requireNonNull(connectionId, "connectionId");
		User user = this.users.require(userId);
		List<String> warnings = new ArrayList<>();
		Set<UserGroup> current = user.getGroups()
			.stream()
			.filter((group) -> connectionId.equals(group.getConnectionId()) && !group.isScimManaged())
			.collect(Collectors.toSet());
		Set<UserGroup> desired = new HashSet<>();
		// By id, from the session first: a user's groups are mostly those they are in already.
		groupsNamed(connectionId, groupNames, warnings, by)
			.forEach((group) -> this.groups.findById(group.id()).ifPresent(desired::add));
		if (current.equals(desired)) {
			return new ProfileUpdate(List.of(), warnings);
		}
		user.getGroups().removeAll(current);
		user.getGroups().addAll(desired);
		user.touch(now(this.clock));
		this.publisher.publishEvent(new UserChanged(userId, by.reason()));
		return new ProfileUpdate(List.of(new ProfileChange("groups", names(current), names(desired))), warnings);
	}

	/**
	 * {@link #replaceGroups} for a user created in this transaction, who is in no group yet:
	 * the memberships are inserted in one batch, without loading the user. The user's own
	 * {@link UserChanged} of the create covers them.
	 */
	@Transactional
	public ProfileUpdate joinNewUser(UUID userId, String connectionId, Collection<String> groupNames, Provenance by) {
		Objects.requireNonNull(connectionId, "connectionId");
		List<String> warnings = new ArrayList<>();
		List<NamedGroup> desired = groupsNamed(connectionId, groupNames, warnings, by);
		if (desired.isEmpty()) {
			return new ProfileUpdate(List.of(), warnings);
		}
		this.jdbc.batchUpdate("insert into group_membership (user_id, group_id) values (?, ?)",
				desired.stream().map((group) -> new Object[] { userId, group.id() }).toList());
		List<String> names = desired.stream().map(NamedGroup::displayName).sorted(String.CASE_INSENSITIVE_ORDER).toList();
		return new ProfileUpdate(List.of(new ProfileChange("groups", List.of(), names)), warnings);
	}

	/**
	 * The connection's groups of these names that a sign-in may join, created when missing;
	 * a name too long to keep is skipped with a warning, and a pushed group left out.
	 */
	private List<NamedGroup> groupsNamed(String connectionId, Collection<String> groupNames, List<String> warnings,
			Provenance by) {
		Map<String, String> wanted = new LinkedHashMap<>();
		for (String name : groupNames) {
			if (name == null || name.isBlank()) {
				continue;
			}
			String clean = name.trim();
			if (clean.length() > MAX_GROUP_NAME) {
				warnings.add(tooLong("groups", clean, MAX_GROUP_NAME));
				continue;
			}
			wanted.putIfAbsent(User.key(clean), clean);
		}
		if (wanted.isEmpty()) {
			return List.of();
		}
		// Plain SQL: a derived query is translated anew for every length of the name list.
		Map<String, NamedGroup> existing = new HashMap<>();
		Set<String> pushed = new HashSet<>();
		List<Object> args = new ArrayList<>(wanted.size() + 1);
		args.add(connectionId);
		args.addAll(wanted.keySet());
		this.jdbc.query("select name_key, id, display_name, scim_managed from user_group where connection_id = ? "
				+ "and name_key in (" + String.join(", ", Collections.nCopies(wanted.size(), "?")) + ")", (rs) -> {
					existing.put(rs.getString(1), new NamedGroup(rs.getObject(2, UUID.class), rs.getString(3)));
					if (rs.getBoolean(4)) {
						pushed.add(rs.getString(1));
					}
				}, args.toArray());
		List<NamedGroup> desired = new ArrayList<>();
		for (Map.Entry<String, String> name : wanted.entrySet()) {
			NamedGroup group = existing.get(name.getKey());
			if (group == null) {
				UserGroup created = createGroup(connectionId, name.getValue(), by);
				desired.add(new NamedGroup(created.getId(), created.getDisplayName()));
			}
			else if (!pushed.contains(name.getKey())) {
				desired.add(group);
			}
		}
		return desired;
	}

	private record NamedGroup(UUID id, String displayName) {
	}

	private UserGroup createGroup(String connectionId, String displayName, Provenance by) {
		UserGroup group = this.groups.saveAndFlush(new UserGroup(connectionId, displayName, now(this.clock)));
		this.events.event(EventType.GROUP_CREATED, "Group created: " + displayName + " (connection " + connectionId + ")")
			.connection(connectionId)
			.actor(by.actor())
			.detailJson(Map.of("groupId", group.getId().toString(), "name", displayName))
			.record();
		return group;
	}

	private static List<String> names(Collection<UserGroup> groups) {
		return groups.stream().map(UserGroup::getDisplayName).sorted(String.CASE_INSENSITIVE_ORDER).toList();
	}

}
