package io.tilegate.personas;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.PersonaFacts.UserFacts;
import io.tilegate.directory.PersonaFacts;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personas as the admin manages them: create, change and remove them, map them to spaces,
 * preview a rule, and list members. Spaces are {@link Spaces}'; memberships themselves are
 * {@link PersonaMembership}'s.
 */
@Service
public class Personas {

	static final String TENANT = PersonaMembership.TENANT;

	static final int MAX_NAME = 255;

	static final int MAX_DESCRIPTION = 2000;

	private final PersonaRepository personas;

	private final SpaceRepository spaces;

	private final PersonaMembership membership;

	private final PersonaFacts facts;

	private final Directory directory;

	private final CustomFields customFields;

	private final EventLog events;

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final Clock clock;

	Personas(PersonaRepository personas, SpaceRepository spaces, PersonaMembership membership, PersonaFacts facts,
			Directory directory, CustomFields customFields, EventLog events, JdbcTemplate jdbc, ObjectMapper json,
			Clock clock) {
		this.personas = personas;
		this.spaces = spaces;
		this.membership = membership;
		this.facts = facts;
		this.directory = directory;
		this.customFields = customFields;
		this.events = events;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	// ---- views

	public record Named(UUID id, String name) {
	}

	/** @param ruleText the rule as a sentence */
	public record PersonaDetails(UUID id, String name, String description, JsonNode rule, String ruleText,
			List<Named> spaces, long members, long version, Instant createdAt, Instant updatedAt) {
	}


	public record Person(UUID id, String userName, String displayName) {
	}

	public record Member(UUID id, String userName, String displayName, boolean active, Instant joinedAt) {
	}

	/** @param personas the personas that bring the member in; {@code handAdded} if added by hand too */

	public record Page<T>(long total, List<T> items) {
	}

	/** @param sample the first matching users by user name */
	public record Preview(long count, String ruleText, JsonNode rule, List<Person> sample) {
	}

	/** A space of one user and why they are in it. */

	/** What an admin sends to create or change a persona. */
	public record PersonaEdit(String name, String description, JsonNode rule, List<UUID> spaces) {
	}


	// ---- rules

	/** @throws InvalidPersonaRuleException naming the bad part */
	public PersonaRule rule(JsonNode json) {
		return PersonaRules.read(json, new PersonaRules.Directory() {

			@Override
			public Set<String> customFields() {
				return new HashSet<>(Personas.this.customFields.customFieldNames());
			}

			@Override
			public Optional<Map.Entry<UUID, String>> user(String idOrUserName) {
				Optional<UserSummary> user;
				try {
					user = Personas.this.directory.user(UUID.fromString(idOrUserName));
				}
				catch (IllegalArgumentException ex) {
					user = Personas.this.directory.findByUserName(idOrUserName);
				}
				return user.map((u) -> new AbstractMap.SimpleImmutableEntry<>(u.id(), u.userName()));
			}

		});
	}

	/**
	 * How many active users the rule would take in now, and the first of them by user name,
	 * without saving anything.
	 */
	@Transactional(readOnly = true)
	public Preview preview(JsonNode ruleJson, int sampleSize) {
		PersonaRule rule = rule(ruleJson);
		Map<UUID, UUID> managers = rule.needsChain() ? this.facts.managers(TENANT) : Map.of();
		LocalDate today = this.membership.today();
		TreeMap<String, UUID> first = new TreeMap<>();
		long count = 0;
		UUID after = null;
		while (true) {
			List<UserFacts> page = this.facts.page(TENANT, after, PersonaMembership.CHUNK, managers, false);
			if (page.isEmpty()) {
				break;
			}
			for (UserFacts user : page) {
				if (user.active() && rule.matches(user, today)) {
					count++;
					first.put(user.userName().toLowerCase(Locale.ROOT) + '\u0000' + user.id(), user.id());
					if (first.size() > sampleSize) {
						first.pollLastEntry();
					}
				}
			}
			after = page.get(page.size() - 1).id();
		}
		List<Person> sample = people(first.values());
		return new Preview(count, rule.describe(fieldNames()), PersonaRules.write(rule), sample);
	}

	private FieldNames fieldNames() {
		return FieldNames.of(this.customFields.customFields());
	}

	// ---- personas

	@Transactional(readOnly = true)
	public List<PersonaDetails> listPersonas() {
		Map<UUID, Long> counts = counts(this.jdbc,
				"select persona_id, count(*) from persona_member group by persona_id");
		return this.personas.findByTenantIdOrderByNameKey(TENANT)
			.stream()
			.map((persona) -> details(persona, counts.getOrDefault(persona.getId(), 0L)))
			.toList();
	}

	@Transactional(readOnly = true)
	public Optional<PersonaDetails> persona(UUID id) {
		return this.personas.findByIdAndTenantId(id, TENANT).map(this::details);
	}

	/**
	 * Creates a persona, or changes it when {@code id} is given. Its members are recomputed
	 * afterwards by a directory-wide recompute the caller starts.
	 * @return empty when there is no persona {@code id}
	 */
	@Transactional
	public Optional<PersonaDetails> savePersona(UUID id, PersonaEdit edit, String actor) {
		Persona persona;
		if (id == null) {
			persona = new Persona(TENANT, now());
		}
		else {
			Optional<Persona> found = this.personas.findByIdAndTenantId(id, TENANT);
			if (found.isEmpty()) {
				return Optional.empty();
			}
			persona = found.get();
		}
		String name = name(edit.name(), "persona");
		if (this.personas.existsByTenantIdAndNameKeyAndIdNot(TENANT, name.toLowerCase(Locale.ROOT),
				persona.getId())) {
			throw new IllegalStateException("There is already a persona named '" + name + "'; choose another name.");
		}
		if (edit.rule() == null && id != null) {
			throw new IllegalArgumentException("A persona needs a \"rule\"; send the whole persona, as GET answers it.");
		}
		PersonaRule rule = rule(edit.rule());
		String ruleJson = write(PersonaRules.write(rule));
		boolean ruleChanged = !ruleJson.equals(persona.getRuleJson());
		persona.change(name, description(edit.description()), ruleJson, now());
		if (edit.spaces() != null) {
			persona.getSpaces().clear();
			persona.getSpaces().addAll(spaces(edit.spaces()));
		}
		Persona saved = this.personas.saveAndFlush(persona);
		this.events
			.event(EventType.PERSONA_SAVED, "Persona '" + name + "' " + ((id == null) ? "created" : "changed") + ": "
					+ rule.describe() + (ruleChanged ? "" : " (rule unchanged)") + "; spaces: "
					+ names(saved.getSpaces().stream().map(Space::getName).toList()))
			.actor(actor)
			.detailJson(Map.of("personaId", saved.getId(), "persona", name, "rule", PersonaRules.write(rule)))
			.record();
		return Optional.of(details(saved));
	}

	/**
	 * Removes a persona; its members leave it now, with an event each, and its spaces are
	 * settled by the directory-wide recompute the caller starts.
	 */
	@Transactional
	public boolean deletePersona(UUID id, String actor) {
		Optional<Persona> found = this.personas.findByIdAndTenantId(id, TENANT);
		if (found.isEmpty()) {
			return false;
		}
		Persona persona = found.get();
		this.jdbc.query("""
				select u.id, u.user_name from persona_member m join app_user u on u.id = m.user_id
				where m.persona_id = ?""", (rs) -> {
			this.events
				.event(EventType.PERSONA_LEFT, rs.getString(2) + " left persona '" + persona.getName()
						+ "': the persona was deleted by " + actor)
				.user(rs.getObject(1, UUID.class), rs.getString(2))
				.actor(actor)
				.detailJson(Map.of("personaId", id, "persona", persona.getName(), "reason", "persona deleted"))
				.record();
		}, id);
		this.personas.delete(persona);
		this.events.event(EventType.PERSONA_DELETED, "Persona '" + persona.getName() + "' deleted")
			.actor(actor)
			.detailJson(Map.of("personaId", id, "persona", persona.getName()))
			.record();
		return true;
	}

	@Transactional(readOnly = true)
	public Page<Member> personaMembers(UUID personaId, int offset, int limit) {
		List<Member> members = this.jdbc.query("""
				select u.id, u.user_name, u.first_name, u.last_name, u.active, m.joined_at from persona_member m
				join app_user u on u.id = m.user_id where m.persona_id = ?
				order by u.user_name_key, u.id offset ? rows fetch next ? rows only""",
				(rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getString(2),
						displayName(rs.getString(3), rs.getString(4), rs.getString(2)), rs.getBoolean(5),
						rs.getObject(6, OffsetDateTime.class).toInstant()),
				personaId, offset, limit);
		return new Page<>(count(this.jdbc, "select count(*) from persona_member where persona_id = ?", personaId),
				members);
	}

	/** The personas a user is in. */
	@Transactional(readOnly = true)
	public List<Named> personasOf(UUID userId) {
		return personasOf(this.jdbc, userId);
	}

	static List<Named> personasOf(JdbcTemplate jdbc, UUID userId) {
		return jdbc.query("""
				select p.id, p.name from persona_member m join persona p on p.id = m.persona_id
				where m.user_id = ? order by p.name_key""",
				(rs, n) -> new Named(rs.getObject(1, UUID.class), rs.getString(2)), userId);
	}

	// ----

	private PersonaDetails details(Persona persona) {
		return details(persona,
				count(this.jdbc, "select count(*) from persona_member where persona_id = ?", persona.getId()));
	}

	private PersonaDetails details(Persona persona, long members) {
		PersonaRule rule = PersonaRules.readStored(read(persona.getRuleJson()));
		List<Named> spaces = persona.getSpaces()
			.stream()
			.sorted(Comparator.comparing((Space space) -> space.getName().toLowerCase(Locale.ROOT)))
			.map((space) -> new Named(space.getId(), space.getName()))
			.toList();
		return new PersonaDetails(persona.getId(), persona.getName(), persona.getDescription(),
				PersonaRules.write(rule), rule.describe(fieldNames()), spaces, members, persona.getVersion(),
				persona.getCreatedAt(), persona.getUpdatedAt());
	}

	private Set<Space> spaces(List<UUID> ids) {
		Set<Space> found = new LinkedHashSet<>();
		for (UUID id : ids) {
			found.add(this.spaces.findByIdAndTenantId(id, TENANT)
				.orElseThrow(() -> new IllegalArgumentException(
						"There is no space with id '" + id + "'; ids are listed by GET /api/v1/spaces.")));
		}
		return found;
	}

	private List<Person> people(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<Person> people = this.jdbc.query(
				"select id, user_name, first_name, last_name from app_user where id in (" + placeholders(ids.size())
						+ ")",
				(rs, n) -> new Person(rs.getObject(1, UUID.class), rs.getString(2),
						displayName(rs.getString(3), rs.getString(4), rs.getString(2))),
				ids.toArray());
		return people.stream()
			.sorted(Comparator.comparing((Person p) -> p.userName().toLowerCase(Locale.ROOT))
				.thenComparing((Person p) -> p.id().toString()))
			.toList();
	}

	static String name(String name, String what) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A " + what + " needs a \"name\".");
		}
		String clean = name.strip();
		if (clean.length() > MAX_NAME) {
			throw new IllegalArgumentException("A " + what + "'s name has at most " + MAX_NAME + " characters.");
		}
		return clean;
	}

	static String description(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		String clean = description.strip();
		if (clean.length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("A description has at most " + MAX_DESCRIPTION + " characters.");
		}
		return clean;
	}

	private static String names(List<String> names) {
		return names.isEmpty() ? "none" : String.join(", ", names.stream().map((n) -> "'" + n + "'").toList());
	}

	static String displayName(String first, String last, String userName) {
		String name = ((first != null) ? first.strip() : "") + " " + ((last != null) ? last.strip() : "");
		return name.isBlank() ? userName : name.strip();
	}

	static String placeholders(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

	static long count(JdbcTemplate jdbc, String sql, Object... args) {
		Long count = jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	/** Counts by id, from a query answering an id and a count per row. */
	static Map<UUID, Long> counts(JdbcTemplate jdbc, String sql) {
		Map<UUID, Long> counts = new HashMap<>();
		jdbc.query(sql, (rs) -> {
			counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
		});
		return counts;
	}

	private String write(JsonNode node) {
		try {
			return this.json.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode read(String stored) {
		try {
			return this.json.readTree(stored);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored persona rule is not JSON", ex);
		}
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

}
