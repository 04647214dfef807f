package io.tilegate.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's life through /Users: created, read, replaced, patched, deleted. */
class ScimUserLifecycleTests extends ScimIntegrationTest {

	@Autowired
	Directory directory;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void createdUserIsReturnedWithLocationFromTheBaseUrlAndReadBackTheSame() {
		String userName = unique("Grace.Hopper");
		ScimHttp.Response created = this.scim.post("/Users", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "userName": "%s", "externalId": "ext-%s",
				 "name": {"givenName": "Grace", "familyName": "Hopper"},
				 "emails": [{"value": "grace@example.com", "type": "work", "primary": true}],
				 "title": "Rear Admiral", "active": true}""".formatted(userName, userName));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode user = created.json();
		String id = user.path("id").asText();
		assertThat(created.header("Location")).isEqualTo(BASE + "/scim/v2/Users/" + id);
		assertThat(created.header("Content-Type")).startsWith("application/scim+json");
		assertThat(created.header("ETag")).isEqualTo(user.path("meta").path("version").asText()).isEqualTo("W/\"0\"");
		assertThat(user.path("userName").asText()).isEqualTo(userName);
		assertThat(user.path("externalId").asText()).isEqualTo("ext-" + userName);
		assertThat(user.path("name").path("givenName").asText()).isEqualTo("Grace");
		assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("grace@example.com");
		assertThat(user.path("emails").get(0).path("type").asText()).isEqualTo("work");
		assertThat(user.path("emails").get(0).path("primary").asBoolean()).isTrue();
		assertThat(user.path("active").asBoolean()).isTrue();
		assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("User");
		assertThat(user.path("meta").path("location").asText()).isEqualTo(created.header("Location"));

		ScimHttp.Response read = this.scim.get("/Users/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(user);
		assertThat(read.header("ETag")).isEqualTo("W/\"0\"");
		assertThat(this.jdbc.queryForObject("select scim_managed from app_user where id = ?", Boolean.class,
				UUID.fromString(id))).isTrue();
		assertThat(eventsOf(EventType.USER_CREATED)).filteredOn((e) -> userName.equals(e.getUserName()))
			.singleElement()
			.extracting(Event::getDetail)
			.asString()
			.contains("Grace", "grace@example.com", "Rear Admiral");
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
