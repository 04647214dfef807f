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

	@Autowired
	protected JdbcTemplate jdbc;

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

	protected record TestUser(String id, String userName) {
	}

}
