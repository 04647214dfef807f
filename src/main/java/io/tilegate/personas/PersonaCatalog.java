package io.tilegate.personas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tenant's personas with their rules ready to evaluate, read fresh for every recompute (a
 * few small queries) while each rule is parsed once per saved version.
 */
@Component
class PersonaCatalog {

	/**
	 * A persona as a recompute sees it.
	 * @param ruleJson the rule's normalised JSON ({@link PersonaRules#write}), written once per
	 * saved version for the detail of every event that names the rule
	 */
	record Entry(UUID id, String name, long version, PersonaRule rule, RawValue ruleJson, List<UUID> spaceIds) {
	}

	/**
	 * The personas, and the names of every space of the tenant (not only those mapped to a
	 * persona), read when first asked for: only a join or a leave names its space, and most
	 * recomputes (every SCIM create of a directory without personas) have none.
	 */
	static final class Snapshot {

		private final List<Entry> personas;

		private final Supplier<Map<UUID, String>> readSpaceNames;

		private Map<UUID, String> spaceNames;

		Snapshot(List<Entry> personas, Supplier<Map<UUID, String>> readSpaceNames) {
			this.personas = personas;
			this.readSpaceNames = readSpaceNames;
		}

		List<Entry> personas() {
			return this.personas;
		}

		Map<UUID, String> spaceNames() {
			if (this.spaceNames == null) {
				this.spaceNames = this.readSpaceNames.get();
			}
			return this.spaceNames;
		}

		boolean needsChain() {
			return this.personas.stream().anyMatch((persona) -> persona.rule().needsChain());
		}

		Entry persona(UUID id) {
			for (Entry entry : this.personas) {
				if (entry.id().equals(id)) {
					return entry;
				}
			}
			return null;
		}

	}

	private record Compiled(long version, PersonaRule rule, RawValue json) {
	}

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final Map<UUID, Compiled> compiled = new ConcurrentHashMap<>();

	PersonaCatalog(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Snapshot load(String tenantId) {
		record Stored(UUID id, String name, long version, String ruleJson) {
		}
		List<Stored> stored = this.jdbc.query(
				"select id, name, version, rule_json from persona where tenant_id = ? order by name_key, id",
				(rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4)),
				tenantId);
		Map<UUID, List<UUID>> spacesByPersona = new HashMap<>();
		if (!stored.isEmpty()) {
			this.jdbc.query("""
					select ps.persona_id, ps.space_id from persona_space ps
					join persona p on p.id = ps.persona_id where p.tenant_id = ?""", (rs) -> {
				spacesByPersona.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new ArrayList<>())
					.add(rs.getObject(2, UUID.class));
			}, tenantId);
		}
		List<Entry> personas = stored.stream().map((persona) -> {
			Compiled compiled = compiled(persona.id(), persona.version(), persona.ruleJson());
			return new Entry(persona.id(), persona.name(), persona.version(), compiled.rule(), compiled.json(),
					spacesByPersona.getOrDefault(persona.id(), List.of()));
		}).toList();
		return new Snapshot(personas, () -> {
			Map<UUID, String> spaceNames = new LinkedHashMap<>();
			this.jdbc.query("select id, name from intranet_space where tenant_id = ? order by name_key",
					(rs) -> {
						spaceNames.put(rs.getObject(1, UUID.class), rs.getString(2));
					}, tenantId);
			return spaceNames;
		});
	}

	private Compiled compiled(UUID id, long version, String ruleJson) {
		Compiled known = this.compiled.get(id);
		if (known != null && known.version() == version) {
			return known;
		}
		try {
			PersonaRule rule = PersonaRules.readStored(this.json.readTree(ruleJson));
			Compiled compiled = new Compiled(version, rule,
					new RawValue(this.json.writeValueAsString(PersonaRules.write(rule))));
			this.compiled.put(id, compiled);
			return compiled;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Persona " + id + " has a stored rule that is not JSON", ex);
		}
	}

}
