package io.tilegate.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.Directory;
import io.tilegate.directory.Provenance;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.api.AdminUsersApiTests.assertBadRequest;
import static io.tilegate.api.AdminUsersApiTests.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log through the admin API over real HTTP: filters, paging newest first, details
 * as JSON, refusals of bad parameters, and no secret anywhere. Run on H2 and on PostgreSQL.
 */
abstract class AdminEventsApiTests extends AdminApiIntegrationTest {

	@Autowired
	Directory directory;

	@Test
	void filtersByUserIdOrNameTypeConnectionAndTime() {
		String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
		UUID id = this.directory.createUser(name, new Provenance("test", null)).id();
		String in = this.events.event(EventType.LOGIN_SUCCEEDED, "in").user(id, name).connection(CONNECTION).record();
		String refused = this.events.event(EventType.LOGIN_REFUSED, "refused before the link existed")
			.user(null, name.toUpperCase())
			.connection("elsewhere")
			.record();
		String renamed = this.events.event(EventType.USER_UPDATED, "under the old name").user(id, "old-" + name).record();
		this.jdbc.update("insert into event_log (reference, occurred_at, type, user_id, user_name, summary) "
				+ "values (?, ?, 'USER_UPDATED', ?, ?, 'long ago')", "OLD" + name.substring(3, 10),
				Timestamp.from(Instant.parse("2020-06-01T00:00:00Z")), id, name);

		assertThat(references("user=" + id)).containsExactly(renamed, in, "OLD" + name.substring(3, 10));
		assertThat(references("user=" + name + "&since=2021-01-01")).containsExactly(renamed, refused, in);
		assertThat(references("user=" + id + "&since=2021-01-01T00:00:00Z")).containsExactly(renamed, in);
		assertThat(references("user=" + name + "&type=LOGIN_SUCCEEDED")).containsExactly(in);
		assertThat(references("user=" + name + "&type=login_refused")).containsExactly(refused);
		assertThat(references("user=" + name + "&connection=" + CONNECTION)).containsExactly(in);
		assertThat(references("user=" + name + "&since=2099-01-01")).isEmpty();
		assertThat(references("user=nobody-" + name)).isEmpty();

		JsonNode event = ok(this.admin.get("/api/v1/events?user=" + id + "&type=LOGIN_SUCCEEDED")).path("events").get(0);
		assertThat(event.path("reference").asText()).isEqualTo(in);
		assertThat(event.path("type").asText()).isEqualTo("LOGIN_SUCCEEDED");
		assertThat(event.path("userId").asText()).isEqualTo(id.toString());
		assertThat(event.path("userName").asText()).isEqualTo(name);
		assertThat(event.path("connectionId").asText()).isEqualTo(CONNECTION);
		assertThat(event.path("summary").asText()).isEqualTo("in");
		assertThat(event.path("id").isNumber()).isTrue();
		assertThat(Instant.parse(event.path("occurredAt").asText())).isAfter(Instant.parse("2021-01-01T00:00:00Z"));
	}

	@Test
	void detailIsJsonWhenItWasWrittenAsJson() {
		String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
		this.events.event(EventType.ADMIN_ACTION, "json").user(null, name)
			.detailJson(Map.of("changes", List.of(Map.of("field", "title", "to", "CTO"))))
			.record();
		this.events.event(EventType.ADMIN_ACTION, "text").user(null, name).detail("{not json, just braces").record();
		this.events.event(EventType.ADMIN_ACTION, "none").user(null, name).record();

		JsonNode listed = ok(this.admin.get("/api/v1/events?user=" + name)).path("events");

		assertThat(find(listed, "json", "summary").path("detail").path("changes").get(0).path("to").asText())
			.isEqualTo("CTO");
		assertThat(find(listed, "text", "summary").path("detail").asText()).isEqualTo("{not json, just braces");
		assertThat(find(listed, "none", "summary").path("detail").isNull()).isTrue();
	}

	@Test
	void pagesNewestFirstWithoutRepeatsOrGaps() {
		String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			written.add(0, this.events.event(EventType.SCIM_REQUEST, "call " + i).user(null, name).record());
		}

		List<String> read = new ArrayList<>();
		for (int page = 0; page < 4; page++) {
			JsonNode listed = ok(this.admin.get("/api/v1/events?user=" + name + "&size=2&page=" + page));
			assertThat(listed.path("total").asLong()).isEqualTo(7);
			assertThat(listed.path("size").asInt()).isEqualTo(2);
			assertThat(listed.path("page").asInt()).isEqualTo(page);
			listed.path("events").forEach((event) -> read.add(event.path("reference").asText()));
		}

		assertThat(read).containsExactlyElementsOf(written);
		assertThat(ok(this.admin.get("/api/v1/events")).path("size").asInt()).isEqualTo(50);
		assertThat(ok(this.admin.get("/api/v1/events?size=500")).path("size").asInt()).isEqualTo(500);
	}

	@Test
	void badParametersAre400AndSayWhatIsValid() {
		JsonHttpResponse unknownType = this.admin.get("/api/v1/events?type=LOGGED_IN");
		assertThat(unknownType.status()).isEqualTo(400);
		assertThat(unknownType.json().path("error").asText()).startsWith("There is no event type 'LOGGED_IN'. "
				+ "The types are: LOGIN_SUCCEEDED, LOGIN_REFUSED, LOGOUT, ").contains("SCIM_REQUEST");
		assertBadRequest(this.admin.get("/api/v1/events?since=yesterday"), "since must be an instant such as "
				+ "2026-11-22T08:00:00Z or a date such as 2026-11-22 (from midnight UTC); 'yesterday' is neither.");
		assertBadRequest(this.admin.get("/api/v1/events?size=501"), "size must be between 1 and 500; it was 501.");
		assertBadRequest(this.admin.get("/api/v1/events?page=-1"), "page is counted from 0; -1 is not a page.");
		assertBadRequest(this.admin.get("/api/v1/events?size=ten"), "'ten' is not a valid value for size.");
	}

	@Test
	void noCredentialsNoEvents() {
		JsonHttpResponse response = this.anonymous.get("/api/v1/events");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("LOGIN_");
	}

	@Test
	void noSecretIsListed() {
		String key = newApiKey("events reader");
		// A connection of its own: a connection has at most two active tokens.
		String connectionId = "ev-" + UUID.randomUUID().toString().substring(0, 8);
		connect(connectionId);
		JsonHttpResponse created = this.admin.post("/api/v1/connections/" + connectionId + "/scim-tokens",
				"{\"label\":\"events test\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String token = created.json().path("token").asText();
		assertThat(scim(token).get(SCIM_ECHO).status()).isEqualTo(200);

		JsonHttpResponse listed = this.anonymous.bearer(key).get("/api/v1/events?size=500");

		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.json().path("events")).anySatisfy(
				(event) -> assertThat(event.path("type").asText()).isEqualTo("SCIM_TOKEN_CREATED"));
		assertThat(listed.json().path("events")).anySatisfy(
				(event) -> assertThat(event.path("type").asText()).isEqualTo("ADMIN_API_KEY_CREATED"));
		assertThat(listed.body()).doesNotContain(token.substring(token.indexOf('_') + 1))
			.doesNotContain(key.substring(key.indexOf('_') + 1))
			.doesNotContain(ADMIN_PASSWORD);
	}

	private List<String> references(String query) {
		List<String> references = new ArrayList<>();
		ok(this.admin.get("/api/v1/events?" + query)).path("events")
			.forEach((event) -> references.add(event.path("reference").asText()));
		return references;
	}

}
