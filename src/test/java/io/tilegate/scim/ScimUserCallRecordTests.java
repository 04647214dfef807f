package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What each /Users call's SCIM_REQUEST event says: the user, the changed fields, the outcome. */
class ScimUserCallRecordTests extends ScimIntegrationTest {

	@Test
	void eachCallSaysWhatItDidToWhom() {
		String userName = "recorded-" + UUID.randomUUID().toString().substring(0, 8);

		String id = this.scim.post("/Users", """
				{"userName": "%s", "name": {"givenName": "Ada"}, "title": "Analyst", "password": "secret-pw"}"""
			.formatted(userName)).json().path("id").asText();
		Recorded created = last();
		this.scim.put("/Users/" + id, "{\"userName\": \"%s\", \"name\": {\"givenName\": \"Ada\"}, \"title\": \"Analyst\"}"
			.formatted(userName));
		Recorded unchanged = last();
		this.scim.put("/Users/" + id, "{\"userName\": \"%s\", \"name\": {\"givenName\": \"Grace\"}}".formatted(userName));
		Recorded updated = last();
		this.scim.patch("/Users/" + id, ScimUserLifecycleTests.DEACTIVATE);
		Recorded deactivated = last();
		this.scim.patch("/Users/" + id, ScimUserLifecycleTests.DEACTIVATE.replace("false", "true"));
		Recorded reactivated = last();
		this.scim.get("/Users/" + id);
		Recorded read = last();
		this.scim.delete("/Users/" + id);
		Recorded deleted = last();

		assertThat(created).isEqualTo(new Recorded("User", id, userName, List.of("firstName", "title"), "created"));
		assertThat(unchanged).isEqualTo(new Recorded("User", id, userName, List.of(), "no change"));
		assertThat(updated).isEqualTo(new Recorded("User", id, userName, List.of("firstName", "title"), "updated"));
		assertThat(deactivated).isEqualTo(new Recorded("User", id, userName, List.of("active"), "deactivated"));
		assertThat(reactivated).isEqualTo(new Recorded("User", id, userName, List.of("active"), "reactivated"));
		assertThat(read).isEqualTo(new Recorded("User", id, userName, List.of(), null));
		assertThat(deleted).isEqualTo(new Recorded("User", id, userName, List.of(), "deleted"));
		// Creates, replaces and patches write theirs with the change; none is written twice.
		assertThat(eventsOf(EventType.SCIM_REQUEST)).filteredOn((event) -> userName.equals(event.getUserName()))
			.as("one event per call")
			.hasSize(7);
	}

	/** The newest SCIM_REQUEST event, which is written before the answer leaves. */
	private Recorded last() {
		Event event = eventsOf(EventType.SCIM_REQUEST).get(0);
		JsonNode detail = read(event.getDetail());
		List<String> changed = new ArrayList<>();
		detail.path("changedFields").forEach((field) -> changed.add(field.asText()));
		return new Recorded(detail.path("resourceType").asText(null), detail.path("resourceId").asText(null),
				event.getUserName(), changed, detail.path("outcome").asText(null));
	}

	private static JsonNode read(String json) {
		try {
			return new ObjectMapper().readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Recorded(String resourceType, String resourceId, String userName, List<String> changed, String outcome) {
	}

}
