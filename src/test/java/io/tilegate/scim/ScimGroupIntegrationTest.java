package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.PersonaMembership;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.system.JsonHttpResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group push over real HTTP. Users are written straight into the database: a group test needs
 * people to be members, not the {@code /Users} endpoint.
 */
abstract class ScimGroupIntegrationTest extends ScimIntegrationTest {

	private static final ObjectMapper json = new ObjectMapper();

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	private Personas personas;

	@Autowired
	private Spaces spaces;

	@Autowired
	private PersonaMembership membership;

	/** A new active user of the default tenant, named uniquely after {@code hint}. */
	protected TestUser user(String hint) {
		UUID id = UUID.randomUUID();
		String userName = hint + "-" + id.toString().substring(0, 8) + "@example.com";
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.update("""
				insert into app_user (id, user_name, user_name_key, active, scim_managed, created_at, updated_at, version)
				values (?, ?, ?, true, true, ?, ?, 0)""", id, userName, userName.toLowerCase(), now, now);
		return new TestUser(id.toString(), userName);
	}

	/**
	 * New active users of the default tenant, written in one batch: a thousand one by one would
	 * be most of a test.
	 * @return their ids
	 */
	protected List<String> users(int count) {
		String batch = UUID.randomUUID().toString().substring(0, 8);
		Timestamp now = Timestamp.from(Instant.now());
		List<String> ids = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			String userName = "member" + i + "-" + batch + "@example.com";
			ids.add(id.toString());
			rows.add(new Object[] { id, userName, userName, now, now });
		}
		this.jdbc.batchUpdate("""
				insert into app_user (id, user_name, user_name_key, active, scim_managed, created_at, updated_at, version)
				values (?, ?, ?, true, true, ?, ?, 0)""", rows);
		return ids;
	}

	/** Makes the users members of the group in one batch, behind SCIM's back. */
	protected void join(String groupId, List<String> userIds) {
		this.jdbc.batchUpdate("insert into group_membership (group_id, user_id) values (?, ?)",
				userIds.stream().map((user) -> new Object[] { UUID.fromString(groupId), UUID.fromString(user) }).toList());
	}

	/** A group name no other test uses, since the tests share one database. */
	protected static String groupName(String hint) {
		return hint + " " + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * A request body as a client sends it, from {@code scim/groups/<name>.json}, with each
	 * {@code ${key}} replaced.
	 */
	protected static String fixture(String name, Map<String, String> values) {
		try {
			String text = new ClassPathResource("scim/groups/" + name + ".json").getContentAsString(StandardCharsets.UTF_8);
			for (Map.Entry<String, String> value : values.entrySet()) {
				text = text.replace("${" + value.getKey() + "}", value.getValue());
			}
			assertThat(text).as("every placeholder of " + name + " filled").doesNotContain("${");
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected String createGroup(String displayName, TestUser... members) {
		StringBuilder json = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
				+ "\"displayName\":\"" + displayName + "\",\"members\":[");
		for (int i = 0; i < members.length; i++) {
			json.append(i > 0 ? "," : "").append("{\"value\":\"").append(members[i].id()).append("\"}");
		}
		JsonHttpResponse created = this.scim.post("/Groups", json.append("]}").toString());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	/** The member ids of a group, read back over SCIM. */
	protected List<String> memberIds(String groupId) {
		JsonHttpResponse group = this.scim.get("/Groups/" + groupId);
		assertThat(group.status()).as(group.toString()).isEqualTo(200);
		return values(group.json().path("members"), "value");
	}

	protected static List<String> values(JsonNode array, String field) {
		return StreamSupport.stream(array.spliterator(), false).map((node) -> node.path(field).asText()).toList();
	}

	/**
	 * A group push that adds several members recomputes them together before it commits; each
	 * must come out as a recompute of that member alone would leave them: the same personas
	 * and spaces, with one event each, worded the same. The one alone is {@code solo}, put in
	 * the same place behind SCIM's back and recomputed for the push's reason.
	 */
	protected void assertAPushOfSeveralMembersRecomputesEachAsAlone() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		TestUser top = user("top");
		TestUser boss = user("boss");
		TestUser ops = user("ops");
		TestUser opsUnderTop = user("opsundertop");
		TestUser underTop = user("undertop");
		TestUser inactive = user("inactive");
		TestUser solo = user("solo");
		String group = "team-" + tag;
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Team space " + tag, null, null), "test")
			.orElseThrow()
			.id();
		persona("Team " + tag, "{\"type\":\"group\",\"group\":\"" + group + "\",\"connection\":\"okta\"}",
				List.of(space));
		persona("Ops " + tag, "{\"type\":\"field\",\"field\":\"department\",\"test\":\"equals\",\"value\":\"Ops "
				+ tag + "\"}", List.of());
		persona("Under top " + tag, "{\"type\":\"manager\",\"user\":\"" + top.userName() + "\",\"chain\":true}",
				List.of());
		// Behind SCIM's back, so that only the push recomputes them.
		for (TestUser user : List.of(ops, opsUnderTop, solo)) {
			this.jdbc.update("update app_user set department = ? where id = ?", "Ops " + tag, UUID.fromString(user.id()));
		}
		this.jdbc.update("update app_user set manager_id = ? where id = ?", UUID.fromString(top.id()),
				UUID.fromString(boss.id()));
		for (TestUser user : List.of(opsUnderTop, underTop, solo)) {
			this.jdbc.update("update app_user set manager_id = ? where id = ?", UUID.fromString(boss.id()),
					UUID.fromString(user.id()));
		}
		this.jdbc.update("update app_user set active = false where id = ?", UUID.fromString(inactive.id()));

		String groupId = createGroup(group, ops, opsUnderTop, underTop, inactive);
		join(groupId, List.of(solo.id()));
		this.membership.recomputeUser(UUID.fromString(solo.id()), "SCIM created group '" + group + "' through okta");

		List<String> alone = joins(solo, tag);
		assertThat(alone).hasSize(4);
		assertThat(personaNames(opsUnderTop, tag)).containsExactlyInAnyOrder("Team " + tag, "Ops " + tag, "Under top " + tag);
		assertThat(joins(opsUnderTop, tag)).containsExactlyInAnyOrderElementsOf(alone);
		assertThat(personaNames(ops, tag)).containsExactlyInAnyOrder("Team " + tag, "Ops " + tag);
		assertThat(joins(ops, tag)).hasSize(3).isSubsetOf(alone);
		assertThat(personaNames(underTop, tag)).containsExactlyInAnyOrder("Team " + tag, "Under top " + tag);
		assertThat(joins(underTop, tag)).hasSize(3).isSubsetOf(alone);
		for (TestUser member : List.of(ops, opsUnderTop, underTop)) {
			assertThat(this.spaces.spacesOf(UUID.fromString(member.id()))).extracting(Spaces.UserSpace::name)
				.containsExactly("Team space " + tag);
		}
		assertThat(personaNames(inactive, "")).isEmpty();
		assertThat(joins(inactive, "")).isEmpty();
	}

	private void persona(String name, String rule, List<UUID> spaces) throws Exception {
		this.personas.savePersona(null, new Personas.PersonaEdit(name, null, json.readTree(rule), spaces), "test");
	}

	/** The user's personas whose name holds the tag: other tests' personas share the database. */
	private List<String> personaNames(TestUser user, String tag) {
		return this.personas.personasOf(UUID.fromString(user.id()))
			.stream()
			.map(Personas.Named::name)
			.filter((name) -> name.contains(tag))
			.toList();
	}

	/**
	 * The user's joins of personas and spaces whose name holds the tag, their user name left
	 * out, to hold against another's.
	 */
	private List<String> joins(TestUser user, String tag) {
		List<String> joins = new ArrayList<>();
		for (EventType type : List.of(EventType.PERSONA_JOINED, EventType.SPACE_JOINED)) {
			for (Event event : this.events.search(type, UUID.fromString(user.id()), null, 100)) {
				// The reason after "; after:" names the group, and so the tag, whatever was joined.
				String joined = event.getSummary().split("; after: ", 2)[0];
				if (!joined.contains(tag)) {
					continue;
				}
				joins.add(type + " " + event.getSummary().replace(user.userName(), "<user>") + " " + event.getDetail());
			}
		}
		return joins;
	}

	protected record TestUser(String id, String userName) {
	}

}
