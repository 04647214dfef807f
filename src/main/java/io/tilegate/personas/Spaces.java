package io.tilegate.personas;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tilegate.directory.Directory;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import io.tilegate.personas.Personas.Named;
import io.tilegate.personas.Personas.Page;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tilegate.personas.Personas.TENANT;
import static io.tilegate.personas.Personas.count;
import static io.tilegate.personas.Personas.counts;
import static io.tilegate.personas.Personas.description;
import static io.tilegate.personas.Personas.displayName;
import static io.tilegate.personas.Personas.name;
import static io.tilegate.personas.Personas.placeholders;

/**
 * Spaces as the admin manages them: create, change and remove them, choose the personas whose
 * members they get, add people by hand, and list members with why they belong; and the spaces
 * a user is in, for their home page. Memberships themselves are {@link PersonaMembership}'s.
 */
@Service
public class Spaces {

	public record SpaceDetails(UUID id, String name, String description, List<Named> personas, long members,
			long handAdded, long version, Instant createdAt, Instant updatedAt) {
	}

	public record SpaceMember(UUID id, String userName, String displayName, Instant joinedAt, boolean handAdded,
			List<Named> personas) {
	}

	public record UserSpace(UUID id, String name, boolean handAdded, List<Named> personas) {
	}

	public record SpaceEdit(String name, String description, List<UUID> personas) {
	}

	/** A user's personas and spaces, as {@link Personas#personasOf} and {@link #spacesOf} list them. */
	public record UserMemberships(List<Named> personas, List<UserSpace> spaces) {
	}

	/**
	 * Whether a user is in any persona and any space: every webhook event about a user reads
	 * their personas and spaces inside the change's transaction, and most changes are to users
	 * in neither yet (a new one), for whom this one statement stands for three. (One statement
	 * for all three lists, a UNION, is not kept in H2's statement cache: it was parsed anew each
	 * time, and cost more.)
	 */
	private static final String IN_ANY = """
			select exists (select 1 from persona_member where user_id = ?),
			  exists (select 1 from space_member where user_id = ?)""";

	private final SpaceRepository spaces;

	private final PersonaRepository personas;

	private final PersonaMembership membership;

	private final Directory directory;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	Spaces(SpaceRepository spaces, PersonaRepository personas, PersonaMembership membership, Directory directory,
			EventLog events, JdbcTemplate jdbc, Clock clock) {
		this.spaces = spaces;
		this.personas = personas;
		this.membership = membership;
		this.directory = directory;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<SpaceDetails> listSpaces() {
		Map<UUID, Long> members = counts(this.jdbc,
				"select space_id, count(*) from space_member group by space_id");
		Map<UUID, Long> hand = counts(this.jdbc,
				"select space_id, count(*) from space_hand_member group by space_id");
		return this.spaces.findByTenantIdOrderByNameKey(TENANT)
			.stream()
			.map((space) -> details(space, members.getOrDefault(space.getId(), 0L),
					hand.getOrDefault(space.getId(), 0L)))
			.toList();
	}

	@Transactional(readOnly = true)
	public Optional<SpaceDetails> space(UUID id) {
		return this.spaces.findByIdAndTenantId(id, TENANT).map(this::details);
	}

	/**
	 * Creates a space, or changes it when {@code id} is given; {@code personas}, when given,
	 * replaces the personas whose members it gets (settled by a recompute the caller starts).
	 */
	@Transactional
	public Optional<SpaceDetails> saveSpace(UUID id, SpaceEdit edit, String actor) {
		Space space;
		if (id == null) {
			space = new Space(TENANT, now());
		}
		else {
			Optional<Space> found = this.spaces.findByIdAndTenantId(id, TENANT);
			if (found.isEmpty()) {
				return Optional.empty();
			}
			space = found.get();
		}
		String name = name(edit.name(), "space");
		if (this.spaces.existsByTenantIdAndNameKeyAndIdNot(TENANT, name.toLowerCase(Locale.ROOT), space.getId())) {
			throw new IllegalStateException("There is already a space named '" + name + "'; choose another name.");
		}
		List<Persona> mapped = null;
		if (edit.personas() != null) {
			mapped = new ArrayList<>();
			for (UUID personaId : new LinkedHashSet<>(edit.personas())) {
				mapped.add(this.personas.findByIdAndTenantId(personaId, TENANT)
					.orElseThrow(() -> new IllegalArgumentException("There is no persona with id '" + personaId
							+ "'; ids are listed by GET /api/v1/personas.")));
			}
		}
		space.change(name, description(edit.description()), now());
		Space saved = this.spaces.saveAndFlush(space);
		if (mapped != null) {
			// The owning side of the mapping is the persona. The space's side is kept in step by
			// hand for the answer below: a new space is the same object again, and Hibernate
			// does not fill its personas from the persona's side.
			for (Persona persona : this.personas.findByTenantIdOrderByNameKey(TENANT)) {
				boolean wanted = mapped.contains(persona);
				if (wanted && !persona.getSpaces().contains(saved)) {
					persona.getSpaces().add(saved);
					saved.getPersonas().add(persona);
				}
				else if (!wanted) {
					persona.getSpaces().remove(saved);
					saved.getPersonas().remove(persona);
				}
			}
			this.personas.flush();
		}
		this.events
			.event(EventType.SPACE_SAVED, "Space '" + name + "' " + ((id == null) ? "created" : "changed"))
			.actor(actor)
			.detailJson(Map.of("spaceId", saved.getId(), "space", name))
			.record();
		return Optional.of(details(this.spaces.findById(saved.getId()).orElseThrow()));
	}

	@Transactional
	public boolean deleteSpace(UUID id, String actor) {
		Optional<Space> found = this.spaces.findByIdAndTenantId(id, TENANT);
		if (found.isEmpty()) {
			return false;
		}
		Space space = found.get();
		this.jdbc.query("""
				select u.id, u.user_name from space_member m join app_user u on u.id = m.user_id
				where m.space_id = ?""", (rs) -> {
			this.events
				.event(EventType.SPACE_LEFT,
						rs.getString(2) + " left space '" + space.getName() + "': the space was deleted by " + actor)
				.user(rs.getObject(1, UUID.class), rs.getString(2))
				.actor(actor)
				.detailJson(Map.of("spaceId", id, "space", space.getName(), "reason", "space deleted"))
				.record();
		}, id);
		for (Persona persona : space.getPersonas()) {
			persona.getSpaces().remove(space);
		}
		this.spaces.delete(space);
		this.events.event(EventType.SPACE_DELETED, "Space '" + space.getName() + "' deleted")
			.actor(actor)
			.detailJson(Map.of("spaceId", id, "space", space.getName()))
			.record();
		return true;
	}

	@Transactional(readOnly = true)
	public Page<SpaceMember> spaceMembers(UUID spaceId, int offset, int limit) {
		List<SpaceMember> page = this.jdbc.query("""
				select u.id, u.user_name, u.first_name, u.last_name, m.joined_at,
				  (select count(*) from space_hand_member h where h.space_id = m.space_id and h.user_id = m.user_id)
				from space_member m join app_user u on u.id = m.user_id where m.space_id = ?
				order by u.user_name_key, u.id offset ? rows fetch next ? rows only""",
				(rs, n) -> new SpaceMember(rs.getObject(1, UUID.class), rs.getString(2),
						displayName(rs.getString(3), rs.getString(4), rs.getString(2)),
						rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getLong(6) > 0, new ArrayList<>()),
				spaceId, offset, limit);
		if (!page.isEmpty()) {
			Map<UUID, SpaceMember> byId = new HashMap<>();
			page.forEach((member) -> byId.put(member.id(), member));
			List<Object> args = new ArrayList<>();
			args.add(spaceId);
			args.addAll(byId.keySet());
			this.jdbc.query("""
					select pm.user_id, p.id, p.name from persona_member pm
					join persona_space ps on ps.persona_id = pm.persona_id
					join persona p on p.id = pm.persona_id
					where ps.space_id = ? and pm.user_id in (""" + placeholders(byId.size()) + ") order by p.name_key",
					(rs) -> {
						byId.get(rs.getObject(1, UUID.class)).personas()
							.add(new Named(rs.getObject(2, UUID.class), rs.getString(3)));
					}, args.toArray());
		}
		return new Page<>(count(this.jdbc, "select count(*) from space_member where space_id = ?", spaceId), page);
	}

	/**
	 * Adds a user to a space by hand and recomputes them in the same transaction.
	 * @return {@code false} if they had been added by hand already
	 * @throws IllegalArgumentException if the space or user does not exist
	 */
	@Transactional
	public boolean addToSpace(UUID spaceId, UUID userId, String actor) {
		Space space = this.spaces.findByIdAndTenantId(spaceId, TENANT)
			.orElseThrow(() -> new IllegalArgumentException("no space"));
		UserSummary user = this.directory.user(userId).orElseThrow(() -> new IllegalArgumentException("no user"));
		Integer already = this.jdbc.queryForObject(
				"select count(*) from space_hand_member where space_id = ? and user_id = ?", Integer.class, spaceId,
				userId);
		if (already != null && already > 0) {
			return false;
		}
		this.jdbc.update("insert into space_hand_member (space_id, user_id, added_at, added_by) values (?, ?, ?, ?)",
				spaceId, userId, java.sql.Timestamp.from(now()), actor);
		this.events
			.event(EventType.SPACE_MEMBER_ADDED, user.userName() + " added by hand to space '" + space.getName() + "'")
			.user(userId, user.userName())
			.actor(actor)
			.detailJson(Map.of("spaceId", spaceId, "space", space.getName()))
			.record();
		this.membership.recomputeUser(userId, "added by hand to space '" + space.getName() + "' by " + actor);
		return true;
	}

	/**
	 * Takes back a hand-add; the user stays in the space if one of its personas still brings
	 * them in.
	 * @return {@code false} if they had not been added by hand
	 */
	@Transactional
	public boolean removeFromSpace(UUID spaceId, UUID userId, String actor) {
		Space space = this.spaces.findByIdAndTenantId(spaceId, TENANT)
			.orElseThrow(() -> new IllegalArgumentException("no space"));
		int removed = this.jdbc.update("delete from space_hand_member where space_id = ? and user_id = ?", spaceId,
				userId);
		if (removed == 0) {
			return false;
		}
		String userName = this.directory.user(userId).map(UserSummary::userName).orElse(userId.toString());
		this.events
			.event(EventType.SPACE_MEMBER_REMOVED, userName + " no longer added by hand to space '" + space.getName()
					+ "'")
			.user(userId, userName)
			.actor(actor)
			.detailJson(Map.of("spaceId", spaceId, "space", space.getName()))
			.record();
		this.membership.recomputeUser(userId, "removed by hand from space '" + space.getName() + "' by " + actor);
		return true;
	}

	/** The spaces a user is in and why: for their home page and the admin's user page. */
	@Transactional(readOnly = true)
	public List<UserSpace> spacesOf(UUID userId) {
		return spacesOf(userId, true);
	}

	/** @param inAnyPersona {@code false} when the user is known to be in no persona: no space has them through one */
	private List<UserSpace> spacesOf(UUID userId, boolean inAnyPersona) {
		Map<UUID, UserSpace> spaces = new LinkedHashMap<>();
		this.jdbc.query("""
				select s.id, s.name,
				  (select count(*) from space_hand_member h where h.space_id = s.id and h.user_id = m.user_id)
				from space_member m join intranet_space s on s.id = m.space_id
				where m.user_id = ? order by s.name_key""", (rs) -> {
			spaces.put(rs.getObject(1, UUID.class),
					new UserSpace(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3) > 0, new ArrayList<>()));
		}, userId);
		if (!inAnyPersona || spaces.isEmpty()) {
			return List.copyOf(spaces.values());
		}
		this.jdbc.query("""
				select ps.space_id, p.id, p.name from persona_member pm
				join persona_space ps on ps.persona_id = pm.persona_id
				join persona p on p.id = pm.persona_id where pm.user_id = ? order by p.name_key""", (rs) -> {
			UserSpace space = spaces.get(rs.getObject(1, UUID.class));
			if (space != null) {
				space.personas().add(new Named(rs.getObject(2, UUID.class), rs.getString(3)));
			}
		}, userId);
		return List.copyOf(spaces.values());
	}

	/** {@link Personas#personasOf} and {@link #spacesOf} at once: for the admin API's user and their webhooks. */
	@Transactional(readOnly = true)
	public UserMemberships membershipsOf(UUID userId) {
		boolean[] inAny = this.jdbc.queryForObject(IN_ANY, (rs, n) -> new boolean[] { rs.getBoolean(1), rs.getBoolean(2) },
				userId, userId);
		List<Named> personas = inAny[0] ? Personas.personasOf(this.jdbc, userId) : List.of();
		return new UserMemberships(personas, inAny[1] ? spacesOf(userId, inAny[0]) : List.of());
	}

	private SpaceDetails details(Space space) {
		return details(space, count(this.jdbc, "select count(*) from space_member where space_id = ?", space.getId()),
				count(this.jdbc, "select count(*) from space_hand_member where space_id = ?", space.getId()));
	}

	private SpaceDetails details(Space space, long members, long handAdded) {
		List<Named> personas = space.getPersonas()
			.stream()
			.sorted(Comparator.comparing((Persona persona) -> persona.getName().toLowerCase(Locale.ROOT)))
			.map((persona) -> new Named(persona.getId(), persona.getName()))
			.toList();
		return new SpaceDetails(space.getId(), space.getName(), space.getDescription(), personas, members, handAdded,
				space.getVersion(), space.getCreatedAt(), space.getUpdatedAt());
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

}
