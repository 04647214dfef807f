package io.tilegate.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.directory.DirectoryLimits.MAX_GROUP_NAME;

/**
 * The groups an IdP pushes by SCIM, always within one connection: created, read, searched,
 * renamed, given members and deleted. A group SAML sign-ins asserted is visible here too, and
 * the first push that touches it (a create with its name, a replace or a patch) adopts it:
 * from then on SCIM alone sets its members ({@link GroupMemberships#replaceGroups}).
 *
 * <p>Plain SQL rather than JPA: a push touches a group and a set of membership rows, never a
 * user, so no user is loaded nor its version raised. Each write locks the group's row first,
 * so concurrent pushes to one group take turns instead of undoing each other.
 */
@Service
public class PushedGroups {

	private static final int MAX_EXTERNAL_ID = 255;

	/** Keeps every IN list far below what either database accepts. */
	private static final int CHUNK = 500;

	/** How many unknown ids an error names before it just counts them. */
	private static final int NAMED_IN_ERRORS = 10;

	private static final String COLUMNS = "g.id, g.connection_id, g.display_name, g.external_id, g.scim_managed, "
			+ "g.created_at, g.updated_at, g.version";

	private static final Comparator<GroupMember> MEMBER_ORDER = Comparator
		.comparing((GroupMember member) -> member.userName().toLowerCase(Locale.ROOT))
		.thenComparing(GroupMember::userId);

	private final JdbcTemplate jdbc;

	private final EventLog events;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	private final UnicodeOrder unicodeOrder;

	PushedGroups(JdbcTemplate jdbc, EventLog events, Clock clock, ApplicationEventPublisher publisher,
			UnicodeOrder unicodeOrder) {
		this.publisher = publisher;
		this.unicodeOrder = unicodeOrder;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	// ---- reading

	@Transactional(readOnly = true)
	public Optional<PushedGroup> find(PushScope scope, UUID id, boolean withMembers) {
		List<PushedGroup> found = this.jdbc.query(
				"select " + COLUMNS + " from user_group g where g.id = ? and g.connection_id = ?", PushedGroups::group,
				id, scope.connectionId());
		if (found.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(withMembers ? loadMembers(found).get(0) : found.get(0));
	}

	/**
	 * One page of the connection's groups that match, in the order asked for (ties broken by
	 * id), so that paging through them while nothing changes sees each group exactly once.
	 * @param offset how many matching groups to skip
	 * @param limit the most groups to return; 0 only counts them
	 * @param withMembers whether to read the members; a client that left them out of the
	 * response does not pay for them
	 */
	@Transactional(readOnly = true)
	public GroupPage search(PushScope scope, GroupCriteria criteria, GroupOrder order, int offset, int limit,
			boolean withMembers) {
		StringBuilder where = new StringBuilder("g.connection_id = ? and ");
		List<Object> args = new ArrayList<>(List.of(scope.connectionId()));
		condition(criteria, where, args);
		Number total = this.jdbc.queryForObject("select count(*) from user_group g where " + where, Number.class,
				args.toArray());
		int count = (total != null) ? total.intValue() : 0;
		if (limit <= 0 || offset >= count) {
			return new GroupPage(count, List.of());
		}
		args.add(limit);
		args.add(Math.max(0, offset));
		List<PushedGroup> groups = this.jdbc.query("select " + COLUMNS + " from user_group g where " + where
				+ this.unicodeOrder.orderBy("g.connection_id", sortKey(order.by()), order.descending(), "g.id") + " limit ? offset ?",
				PushedGroups::group, args.toArray());
		return new GroupPage(count, withMembers ? loadMembers(groups) : groups);
	}

	// ---- writing

	/**
	 * Creates a group with its members, or adopts the group of that name SAML sign-ins
	 * asserted: its members become exactly the pushed ones.
	 * @throws GroupPushException {@code NAME_TAKEN} when a group pushed by SCIM has the name
	 * already, {@code INVALID_VALUE} for a bad name or a member who is not a user of the tenant
	 */
	@Transactional
	public GroupPush create(PushScope scope, DesiredGroup desired) {
		String name = checkName(desired.displayName());
		String externalId = checkExternalId(desired.externalId());
		refuseControlCharacters("displayName", name, null);
		refuseControlCharacters("externalId", externalId, null);
		List<PushedGroup> existing = this.jdbc.query(
				"select " + COLUMNS + " from user_group g where g.connection_id = ? and g.name_key = ? for update",
				PushedGroups::group, scope.connectionId(), User.key(name));
		if (!existing.isEmpty()) {
			PushedGroup group = existing.get(0);
			if (group.scimManaged()) {
				throw nameTaken(scope, group);
			}
			PushedGroup current = loadMembers(List.of(group)).get(0);
			return changed(write(scope, current, name, externalId,
					difference(current, members(scope, current, desired.memberIds()))), "created", scope);
		}
		Map<UUID, String> members = members(scope, null, desired.memberIds());
		UUID id = UUID.randomUUID();
		Instant now = DirectoryLimits.now(this.clock);
		try {
			this.jdbc.update("""
					insert into user_group (id, connection_id, display_name, name_key, external_id, created_at,
					  updated_at, scim_managed, version)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, scope.connectionId(), name, User.key(name), externalId,
					Timestamp.from(now), Timestamp.from(now), true, 0L);
		}
		catch (DuplicateKeyException ex) {
			// A SAML sign-in or another push created the name a moment ago.
			throw new GroupPushException(GroupPushException.Reason.NAME_TAKEN, "Connection " + scope.connectionId()
					+ " got a group named '" + name + "' while this one was being created; look it up and retry.");
		}
		insertMembers(id, members.keySet());
		List<GroupMember> memberList = memberList(members);
		this.events
			.event(EventType.GROUP_CREATED,
					"Group created by SCIM: " + name + " (connection " + scope.connectionId() + ", " + members.size()
							+ " members)")
			.connection(scope.connectionId())
			.actor(scope.actor())
			.detailJson(detail("groupId", id.toString(), "name", name, "externalId", externalId))
			.record();
		List<String> changed = new ArrayList<>(List.of("displayName"));
		if (externalId != null) {
			changed.add("externalId");
		}
		if (!members.isEmpty()) {
			changed.add("members");
			membershipChanged(scope, id, name, memberList, List.of());
		}
		return changed(new GroupPush(
				new PushedGroup(id, scope.connectionId(), name, externalId, true, now, now, 0L, memberList),
				GroupPush.Outcome.CREATED, changed, List.copyOf(members.keySet())),
				"created", scope);
	}

	/**
	 * Changes a group of the connection to what {@code edit} makes of it, as one step: the
	 * group is locked, read with its members, handed to {@code edit}, and only the difference
	 * is written. A group SAML sign-ins asserted is adopted, even when nothing else changes.
	 * @return empty when the connection has no such group
	 * @throws GroupPushException {@code NAME_TAKEN} when another group of the connection has
	 * the new name, {@code INVALID_VALUE} for a bad name or a member who is not a user of the
	 * tenant
	 * @throws E whatever {@code edit} throws; nothing is written then
	 */
	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> update(PushScope scope, UUID id, GroupEdit<E> edit) throws E {
		Optional<PushedGroup> locked = lock(scope, id, true);
		if (locked.isEmpty()) {
			return Optional.empty();
		}
		PushedGroup current = locked.get();
		DesiredGroup desired = edit.apply(current);
		return Optional.of(edited(scope, current, desired.displayName(), desired.externalId(),
				() -> difference(current, members(scope, current, desired.memberIds()))));
	}

	/**
	 * Changes a group of the connection as {@link #update} does, except that its members change
	 * by the steps {@code edit} names rather than in full: the group is handed to {@code edit}
	 * without its members, and only the members the steps name are read and written, so that
	 * adding or removing one member of a group of ten thousand costs what it costs in a group
	 * of ten. A step that sets the members in full reads them all.
	 * @return empty when the connection has no such group
	 * @throws GroupPushException as {@link #update} does
	 * @throws E whatever {@code edit} throws; nothing is written then
	 */
	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> Optional<GroupPush> change(PushScope scope, UUID id, GroupChangeEdit<E> edit)
			throws E {
		Optional<PushedGroup> locked = lock(scope, id, false);
		if (locked.isEmpty()) {
			return Optional.empty();
		}
		PushedGroup current = locked.get();
		GroupChange change = edit.apply(current);
		return Optional.of(edited(scope, current, change.displayName(), change.externalId(),
				() -> difference(scope, current.id(), change.members())));
	}

	/**
	 * Refuses the ids that name no user of the tenant as {@link #update} would, and changes
	 * nothing: a caller checks the members a request names before the work it does with each.
	 * @param current the group, whose members count as known
	 * @throws GroupPushException {@code INVALID_VALUE} naming every id that is not a user of
	 * the tenant
	 */
	@Transactional(readOnly = true)
	public void checkMembers(PushScope scope, PushedGroup current, List<String> memberIds) {
		members(scope, current, memberIds);
	}

	/**
	 * Deletes a group of the connection and its memberships.
	 * @param check sees the locked group first and may refuse by throwing
	 * @return {@code false} when the connection has no such group
	 */
	@Transactional(rollbackFor = Exception.class)
	public <E extends Exception> boolean delete(PushScope scope, UUID id, GroupCheck<E> check) throws E {
		Optional<PushedGroup> locked = lock(scope, id, true);
		if (locked.isEmpty()) {
			return false;
		}
		PushedGroup group = locked.get();
		check.accept(group);
		this.jdbc.update("delete from group_membership where group_id = ?", id);
		this.jdbc.update("delete from user_group where id = ?", id);
		forgetAssertionDigests(scope.connectionId());
		this.events
			.event(EventType.GROUP_DELETED,
					"Group deleted by SCIM: " + group.displayName() + " (connection " + scope.connectionId() + ", "
							+ group.members().size() + " members removed from it)")
			.connection(scope.connectionId())
			.actor(scope.actor())
			.detailJson(detail("groupId", id.toString(), "name", group.displayName(), "removed",
					names(group.members())))
			.record();
		String reason = "SCIM deleted group '" + group.displayName() + "' through " + scope.connectionId();
		group.members().forEach((member) -> this.publisher.publishEvent(new UserChanged(member.userId(), reason)));
		return true;
	}

	/** What a change makes of the group it is given, or a refusal. */
	@FunctionalInterface
	public interface GroupEdit<E extends Exception> {

		DesiredGroup apply(PushedGroup current) throws E;

	}

	/** What a change makes of a group it is given without its members, or a refusal. */
	@FunctionalInterface
	public interface GroupChangeEdit<E extends Exception> {

		GroupChange apply(PushedGroup current) throws E;

	}

	/** A look at a group before it goes, which may refuse by throwing. */
	@FunctionalInterface
	public interface GroupCheck<E extends Exception> {

		void accept(PushedGroup current) throws E;

	}

	// ---- the details

	/** Tells of every user whose groups the push changed, naming the group as it is after it. */
	private GroupPush changed(GroupPush push, String done, PushScope scope) {
		String reason = "SCIM " + done + " group '" + push.group().displayName() + "' through " + scope.connectionId();
		push.changedMemberIds().forEach((userId) -> this.publisher.publishEvent(new UserChanged(userId, reason)));
		return push;
	}

	private Optional<PushedGroup> lock(PushScope scope, UUID id, boolean withMembers) {
		List<PushedGroup> found = this.jdbc.query(
				"select " + COLUMNS + " from user_group g where g.id = ? and g.connection_id = ? for update",
				PushedGroups::group, id, scope.connectionId());
		if (found.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(withMembers ? loadMembers(found).get(0) : found.get(0));
	}

	/**
	 * Checks the name and external id {@code current} is to have, then writes them with the
	 * members {@code members} works out.
	 */
	private GroupPush edited(PushScope scope, PushedGroup current, String displayName, String externalId,
			Supplier<MemberDifference> members) {
		String name = checkName(displayName);
		String checkedExternalId = checkExternalId(externalId);
		refuseControlCharacters("displayName", name, current.displayName());
		refuseControlCharacters("externalId", checkedExternalId, current.externalId());
		return changed(write(scope, current, name, checkedExternalId, members.get()), "updated", scope);
	}

	private GroupPush write(PushScope scope, PushedGroup current, String name, String externalId,
			MemberDifference members) {
		boolean adopting = !current.scimManaged();
		boolean renamed = !current.displayName().equals(name);
		boolean externalIdChanged = !Objects.equals(current.externalId(), externalId);
		if (renamed && !User.key(current.displayName()).equals(User.key(name))) {
			List<PushedGroup> holder = this.jdbc.query(
					"select " + COLUMNS + " from user_group g where g.connection_id = ? and g.name_key = ? and g.id <> ?",
					PushedGroups::group, scope.connectionId(), User.key(name), current.id());
			if (!holder.isEmpty()) {
				throw nameTaken(scope, holder.get(0));
			}
		}
		List<GroupMember> added = members.added();
		List<GroupMember> removed = members.removed();
		List<String> changed = new ArrayList<>();
		if (renamed) {
			changed.add("displayName");
		}
		if (externalIdChanged) {
			changed.add("externalId");
		}
		if (!added.isEmpty() || !removed.isEmpty()) {
			changed.add("members");
		}
		if (changed.isEmpty() && !adopting) {
			return new GroupPush(current, GroupPush.Outcome.UNCHANGED, List.of(), List.of());
		}
		Instant now = DirectoryLimits.now(this.clock);
		try {
			this.jdbc.update("""
					update user_group set display_name = ?, name_key = ?, external_id = ?, scim_managed = ?,
					  updated_at = ?, version = version + 1
					where id = ?""", name, User.key(name), externalId, true, Timestamp.from(now), current.id());
		}
		catch (DuplicateKeyException ex) {
			throw new GroupPushException(GroupPushException.Reason.NAME_TAKEN, "Connection " + scope.connectionId()
					+ " got another group named '" + name + "' while this one was being renamed; retry.");
		}
		deleteMembers(current.id(), removed.stream().map(GroupMember::userId).toList());
		insertMembers(current.id(), added.stream().map(GroupMember::userId).toList());
		if (renamed) {
			forgetAssertionDigests(scope.connectionId());
		}
		if (adopting) {
			this.events
				.event(EventType.GROUP_UPDATED,
						"Group " + current.displayName() + " (connection " + scope.connectionId() + ") is now pushed by "
								+ "SCIM: SAML sign-ins no longer change its members")
				.connection(scope.connectionId())
				.actor(scope.actor())
				.detailJson(detail("groupId", current.id().toString(), "name", name, "adopted", true))
				.record();
		}
		if (renamed || externalIdChanged) {
			String summary = renamed
					? "Group renamed by SCIM: " + current.displayName() + " -> " + name + " (connection "
							+ scope.connectionId() + ")"
					: "External id of group " + name + " changed by SCIM (connection " + scope.connectionId() + ")";
			this.events.event(EventType.GROUP_UPDATED, summary)
				.connection(scope.connectionId())
				.actor(scope.actor())
				.detailJson(detail("groupId", current.id().toString(), "from",
						detail("displayName", current.displayName(), "externalId", current.externalId()), "to",
						detail("displayName", name, "externalId", externalId)))
				.record();
		}
		if (!added.isEmpty() || !removed.isEmpty()) {
			membershipChanged(scope, current.id(), name, added, removed);
		}
		PushedGroup after = new PushedGroup(current.id(), current.connectionId(), name, externalId, true,
				current.createdAt(), now, current.version() + 1, members.after());
		Set<UUID> changedMembers = new LinkedHashSet<>();
		added.forEach((member) -> changedMembers.add(member.userId()));
		removed.forEach((member) -> changedMembers.add(member.userId()));
		if (renamed) {
			// Everyone in it before or after: those removed, and those it has now.
			changedMembers.addAll(this.jdbc.queryForList("select user_id from group_membership where group_id = ?",
					UUID.class, current.id()));
		}
		return new GroupPush(after, adopting ? GroupPush.Outcome.ADOPTED : GroupPush.Outcome.UPDATED, changed,
				List.copyOf(changedMembers));
	}

	/** Who joins and who leaves a group whose members become {@code wanted}. */
	private static MemberDifference difference(PushedGroup current, Map<UUID, String> wanted) {
		Map<UUID, String> before = current.members()
			.stream()
			.collect(Collectors.toMap(GroupMember::userId, GroupMember::userName));
		return MemberDifference.of(before, wanted, memberList(wanted));
	}

	/**
	 * Who joins and who leaves a group by the steps: only the members they name are read,
	 * unless one sets the members in full.
	 * @throws GroupPushException {@code INVALID_VALUE} naming every id a step adds or sets
	 * that is not a user of the tenant, even one a later step removes again
	 */
	private MemberDifference difference(PushScope scope, UUID groupId, List<MembershipStep> steps) {
		Map<UUID, String> users = members(scope, null, steps.stream()
			.filter((step) -> step.kind() != MembershipStep.Kind.REMOVE)
			.flatMap((step) -> step.userIds().stream())
			.toList());
		boolean inFull = steps.stream().anyMatch((step) -> step.kind() == MembershipStep.Kind.REPLACE);
		Map<UUID, String> before = inFull
				? namesById("select u.id, u.user_name from group_membership m join app_user u on u.id = m.user_id "
						+ "where m.group_id = ?", groupId, null)
				: namesById("select u.id, u.user_name from group_membership m join app_user u on u.id = m.user_id "
						+ "where m.group_id = ? and m.user_id in (%s)", groupId, userIds(steps));
		Map<UUID, String> after = new HashMap<>(before);
		for (MembershipStep step : steps) {
			if (step.kind() == MembershipStep.Kind.REPLACE) {
				after.clear();
			}
			for (String raw : step.userIds()) {
				UUID id = uuid(raw);
				if (id != null && step.kind() == MembershipStep.Kind.REMOVE) {
					after.remove(id);
				}
				else if (id != null) {
					after.put(id, users.get(id));
				}
			}
		}
		return MemberDifference.of(before, after, inFull ? memberList(after) : null);
	}

	private static Set<UUID> userIds(List<MembershipStep> steps) {
		Set<UUID> ids = new HashSet<>();
		steps.forEach((step) -> step.userIds().stream().map(PushedGroups::uuid).filter(Objects::nonNull).forEach(ids::add));
		return ids;
	}

	/**
	 * Who joins and who leaves a group, each in member order.
	 * @param after the members the group has then, or {@code null} when they were not all read
	 */
	private record MemberDifference(List<GroupMember> added, List<GroupMember> removed, List<GroupMember> after) {

		static MemberDifference of(Map<UUID, String> before, Map<UUID, String> wanted, List<GroupMember> after) {
			return new MemberDifference(onlyIn(wanted, before), onlyIn(before, wanted), after);
		}

		private static List<GroupMember> onlyIn(Map<UUID, String> these, Map<UUID, String> notThose) {
			return these.entrySet()
				.stream()
				.filter((member) -> !notThose.containsKey(member.getKey()))
				.map((member) -> new GroupMember(member.getKey(), member.getValue()))
				.sorted(MEMBER_ORDER)
				.toList();
		}

	}

	private void membershipChanged(PushScope scope, UUID groupId, String name, List<GroupMember> added,
			List<GroupMember> removed) {
		this.events
			.event(EventType.GROUP_MEMBERSHIP_CHANGED,
					"Members of group " + name + " changed by SCIM (connection " + scope.connectionId() + "): "
							+ added.size() + " added, " + removed.size() + " removed")
			.connection(scope.connectionId())
			.actor(scope.actor())
			.detailJson(detail("groupId", groupId.toString(), "group", name, "connection", scope.connectionId(),
					"added", names(added), "removed", names(removed)))
			.record();
	}

	/**
	 * The wanted members by id, with their user names.
	 * @param current the group's current members are known users; {@code null} for a new group
	 * @throws GroupPushException {@code INVALID_VALUE} naming every id that is not a user of
	 * the tenant
	 */
	private Map<UUID, String> members(PushScope scope, PushedGroup current, List<String> memberIds) {
		Map<UUID, String> known = (current == null || current.members() == null) ? Map.of()
				: current.members().stream().collect(Collectors.toMap(GroupMember::userId, GroupMember::userName));
		Map<UUID, String> wanted = new LinkedHashMap<>();
		Map<UUID, String> toLookUp = new LinkedHashMap<>();
		Set<String> unknown = new LinkedHashSet<>();
		for (String raw : memberIds) {
			UUID id = uuid(raw);
			if (id == null) {
				unknown.add(String.valueOf(raw));
			}
			else if (known.containsKey(id)) {
				wanted.put(id, known.get(id));
			}
			else if (!wanted.containsKey(id)) {
				toLookUp.put(id, raw);
				wanted.put(id, null);
			}
		}
		Map<UUID, String> found = namesById("select id, user_name from app_user where tenant_id = ? and id in (%s)",
				scope.tenantId(), toLookUp.keySet());
		toLookUp.forEach((id, raw) -> {
			String userName = found.get(id);
			if (userName == null) {
				unknown.add(raw);
			}
			else {
				wanted.put(id, userName);
			}
		});
		if (!unknown.isEmpty()) {
			String named = unknown.stream()
				.limit(NAMED_IN_ERRORS)
				.map((id) -> "'" + id + "'")
				.collect(Collectors.joining(", "));
			String more = (unknown.size() > NAMED_IN_ERRORS) ? " and " + (unknown.size() - NAMED_IN_ERRORS) + " more"
					: "";
			throw new GroupPushException(GroupPushException.Reason.INVALID_VALUE,
					"No user has the id " + named + more + " in this connection's directory; push the user before "
							+ "adding them to a group. Nothing was changed.");
		}
		return wanted;
	}

	/**
	 * Reads a query's (id, user name) rows.
	 * @param query with one parameter, {@code first}, and, when {@code ids} are given, an
	 * {@code in (%s)} for them
	 * @param ids asked for 500 at a time, or {@code null} for all the query finds
	 */
	private Map<UUID, String> namesById(String query, Object first, Collection<UUID> ids) {
		Map<UUID, String> names = new HashMap<>();
		RowCallbackHandler put = (ResultSet rs) -> names.put(rs.getObject(1, UUID.class), rs.getString(2));
		if (ids == null) {
			this.jdbc.query(query, put, first);
			return names;
		}
		for (List<UUID> chunk : chunks(ids)) {
			List<Object> args = new ArrayList<>();
			args.add(first);
			args.addAll(chunk);
			this.jdbc.query(query.formatted(marks(chunk.size())), put, args.toArray());
		}
		return names;
	}

	private List<PushedGroup> loadMembers(List<PushedGroup> groups) {
		if (groups.isEmpty()) {
			return groups;
		}
		Map<UUID, List<GroupMember>> members = new HashMap<>();
		groups.forEach((group) -> members.put(group.id(), new ArrayList<>()));
		for (List<UUID> chunk : chunks(members.keySet())) {
			this.jdbc.query("""
					select m.group_id, u.id, u.user_name
					from group_membership m join app_user u on u.id = m.user_id
					where m.group_id in (%s)""".formatted(marks(chunk.size())), (ResultSet rs) -> {
						members.get(rs.getObject(1, UUID.class))
							.add(new GroupMember(rs.getObject(2, UUID.class), rs.getString(3)));
					}, chunk.toArray());
		}
		return groups.stream().map((group) -> {
			List<GroupMember> list = members.get(group.id());
			list.sort(MEMBER_ORDER);
			return group.withMembers(list);
		}).toList();
	}

	private void insertMembers(UUID groupId, Collection<UUID> userIds) {
		if (!userIds.isEmpty()) {
			this.jdbc.batchUpdate("insert into group_membership (group_id, user_id) values (?, ?)",
					userIds.stream().map((userId) -> new Object[] { groupId, userId }).toList());
		}
	}

	private void deleteMembers(UUID groupId, Collection<UUID> userIds) {
		for (List<UUID> chunk : chunks(userIds)) {
			List<Object> args = new ArrayList<>();
			args.add(groupId);
			args.addAll(chunk);
			this.jdbc.update("delete from group_membership where group_id = ? and user_id in (" + marks(chunk.size())
					+ ")", args.toArray());
		}
	}

	/**
	 * A SAML sign-in asserting exactly what the last one did skips the group mapping
	 * ({@link IdentityLinks#signInUnchanged}). A name SCIM just gave up (by renaming or deleting
	 * its group) belongs to SAML again, so each link of the connection must be mapped in full
	 * once more.
	 */
	private void forgetAssertionDigests(String connectionId) {
		this.jdbc.update(
				"update identity_link set attributes_digest = null where connection_id = ? and attributes_digest is not null",
				connectionId);
	}

	/**
	 * Names by their lower-cased key, as they are unique regardless of case; the last change
	 * as {@link #group} shows it.
	 */
	private static SortKey sortKey(GroupOrder.By by) {
		return switch (by) {
			case CREATED -> SortKey.instant("g.created_at", false);
			case LAST_MODIFIED -> SortKey.instant("coalesce(g.updated_at, g.created_at)", false);
			case DISPLAY_NAME -> SortKey.text("g.name_key", false);
			case EXTERNAL_ID -> SortKey.text("g.external_id", true);
		};
	}

	private static void condition(GroupCriteria criteria, StringBuilder sql, List<Object> args) {
		if (criteria instanceof GroupCriteria.DisplayNameIs name) {
			sql.append("g.name_key = ?");
			args.add(User.key(name.displayName()));
		}
		else if (criteria instanceof GroupCriteria.ExternalIdIs externalId) {
			sql.append("g.external_id = ?");
			args.add(externalId.externalId());
		}
		else if (criteria instanceof GroupCriteria.IdIs id) {
			UUID uuid = uuid(id.id());
			if (uuid == null) {
				sql.append("1 = 0");
			}
			else {
				sql.append("g.id = ?");
				args.add(uuid);
			}
		}
		else if (criteria instanceof GroupCriteria.HasMember member) {
			UUID uuid = uuid(member.userId());
			if (uuid == null) {
				sql.append("1 = 0");
			}
			else {
				sql.append("exists (select 1 from group_membership m where m.group_id = g.id and m.user_id = ?)");
				args.add(uuid);
			}
		}
		else if (criteria instanceof GroupCriteria.AllOf all) {
			combine(all.parts(), " and ", "1 = 1", sql, args);
		}
		else if (criteria instanceof GroupCriteria.AnyOf any) {
			combine(any.parts(), " or ", "1 = 0", sql, args);
		}
		else {
			throw new IllegalArgumentException("Unknown group criteria " + criteria);
		}
	}

	private static void combine(List<GroupCriteria> parts, String operator, String empty, StringBuilder sql,
			List<Object> args) {
		if (parts.isEmpty()) {
			sql.append(empty);
			return;
		}
		sql.append('(');
		for (int i = 0; i < parts.size(); i++) {
			if (i > 0) {
				sql.append(operator);
			}
			condition(parts.get(i), sql, args);
		}
		sql.append(')');
	}

	private static PushedGroup group(ResultSet rs, int row) throws SQLException {
		Timestamp created = rs.getTimestamp(6);
		Timestamp updated = rs.getTimestamp(7);
		return new PushedGroup(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getBoolean(5), created.toInstant(), (updated != null ? updated : created).toInstant(), rs.getLong(8),
				null);
	}

	private static String checkName(String displayName) {
		if (displayName == null || displayName.isBlank()) {
			throw new GroupPushException(GroupPushException.Reason.INVALID_VALUE,
					"A group needs a displayName; send one that is not empty.");
		}
		String name = displayName.trim();
		if (name.length() > MAX_GROUP_NAME) {
			throw new GroupPushException(GroupPushException.Reason.INVALID_VALUE, "The displayName '"
					+ name.substring(0, 40) + "…' has " + name.length() + " characters; at most " + MAX_GROUP_NAME
					+ " are accepted.");
		}
		return name;
	}

	private static String checkExternalId(String externalId) {
		if (externalId == null || externalId.isEmpty()) {
			return null;
		}
		if (externalId.length() > MAX_EXTERNAL_ID) {
			throw new GroupPushException(GroupPushException.Reason.INVALID_VALUE, "The externalId has "
					+ externalId.length() + " characters; at most " + MAX_EXTERNAL_ID + " are accepted.");
		}
		return externalId;
	}

	/**
	 * A value the group has already passes, so that a group SAML sign-ins named with such a
	 * character can still be adopted and given members.
	 */
	private static void refuseControlCharacters(String attribute, String value, String current) {
		String refusal = Objects.equals(value, current) ? null : ControlCharacters.refusal(attribute, value);
		if (refusal != null) {
			throw new GroupPushException(GroupPushException.Reason.INVALID_VALUE, refusal);
		}
	}

	private static GroupPushException nameTaken(PushScope scope, PushedGroup holder) {
		String owner = holder.scimManaged() ? "pushed by SCIM with id " + holder.id()
				: "asserted by SAML sign-ins";
		return new GroupPushException(GroupPushException.Reason.NAME_TAKEN, "Connection " + scope.connectionId()
				+ " has a group named '" + holder.displayName() + "' already (" + owner + "); group names are unique "
				+ "per connection regardless of case.");
	}

	private static List<GroupMember> memberList(Map<UUID, String> members) {
		return members.entrySet()
			.stream()
			.map((member) -> new GroupMember(member.getKey(), member.getValue()))
			.sorted(MEMBER_ORDER)
			.toList();
	}

	private static List<String> names(List<GroupMember> members) {
		return members.stream().map(GroupMember::userName).toList();
	}

	/** A JSON object that keeps its order and, unlike {@code Map.of}, takes {@code null} values. */
	private static Map<String, Object> detail(Object... keysAndValues) {
		Map<String, Object> detail = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			detail.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return Collections.unmodifiableMap(detail);
	}

	private static UUID uuid(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(trimmed);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static <T> List<List<T>> chunks(Collection<T> values) {
		List<T> all = new ArrayList<>(values);
		List<List<T>> chunks = new ArrayList<>();
		for (int i = 0; i < all.size(); i += CHUNK) {
			chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
		}
		return chunks;
	}

	private static String marks(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

}
