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
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What each /Groups call's SCIM_REQUEST event says, written once, with the change it reports. */
class ScimGroupCallRecordTests extends ScimGroupIntegrationTest {

	private static final ObjectMapper json = new ObjectMapper();

	@Test
	void eachCallSaysWhatItDidToWhichGroup() {
		TestUser ada = user("ada");
		String name = "Engineering " + UUID.randomUUID().toString().substring(0, 8);

		JsonHttpResponse created = this.scim.post("/Groups", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s"}""".formatted(name));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asText();
		Recorded afterCreate = last();
		this.scim.put("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s"}""".formatted(name));
		Recorded afterSamePut = last();
		this.scim.put("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s (all)"}"""
			.formatted(name));
		Recorded afterRename = last();
		JsonHttpResponse added = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "add", "path": "members", "value": [{"value": "%s"}]}]}""".formatted(ada.id()));
		assertThat(added.status()).isEqualTo(204);
		Recorded afterAdd = last();
		this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "replace", "value": {"displayName": "%s"}}]}""".formatted(name));
		Recorded afterPatchRename = last();
		this.scim.delete("/Groups/" + id);
		Recorded afterDelete = last();

		assertThat(afterCreate).isEqualTo(new Recorded("POST", 201, id, List.of("displayName"), "created"));
		assertThat(afterSamePut).isEqualTo(new Recorded("PUT", 200, id, List.of(), "unchanged"));
		assertThat(afterRename).isEqualTo(new Recorded("PUT", 200, id, List.of("displayName"), "updated"));
		assertThat(afterAdd).isEqualTo(new Recorded("PATCH", 204, id, List.of("members"), "updated"));
		assertThat(afterPatchRename).isEqualTo(new Recorded("PATCH", 204, id, List.of("displayName"), "updated"));
		assertThat(afterDelete).isEqualTo(new Recorded("DELETE", 204, id, List.of(), "deleted"));
		assertThat(eventsOf(EventType.SCIM_REQUEST)).filteredOn((event) -> id.equals(resourceId(event)))
			.as("one event per call")
			.hasSize(6);
	}

	@Test
	void aRefusedChangeIsLoggedOnceWithItsRefusalAndChangesNothing() {
		String name = "Sales " + UUID.randomUUID().toString().substring(0, 8);
		String id = this.scim.post("/Groups", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s"}""".formatted(name))
			.json()
			.path("id")
			.asText();

		JsonHttpResponse refused = this.scim.patch("/Groups/" + id, """
				{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
				  {"op": "add", "path": "members", "value": [{"value": "%s"}]}]}""".formatted(UUID.randomUUID()));

		assertThat(refused.status()).isEqualTo(400);
		Recorded event = last();
		assertThat(event.method()).isEqualTo("PATCH");
		assertThat(event.status()).isEqualTo(400);
		assertThat(event.changed()).isEmpty();
		assertThat(eventsOf(EventType.SCIM_REQUEST)).filteredOn((e) -> id.equals(resourceId(e))).hasSize(2);
		assertThat(this.scim.get("/Groups/" + id).json().path("members")).isEmpty();
	}

	/** The newest SCIM_REQUEST event, which is written before the answer leaves. */
	private Recorded last() {
		JsonNode detail = read(eventsOf(EventType.SCIM_REQUEST).get(0).getDetail());
		List<String> changed = new ArrayList<>();
		detail.path("changedFields").forEach((field) -> changed.add(field.asText()));
		return new Recorded(detail.path("method").asText(), detail.path("status").asInt(),
				detail.path("resourceId").asText(null), changed, detail.path("outcome").asText(null));
	}

	private static String resourceId(Event event) {
		return read(event.getDetail()).path("resourceId").asText(null);
	}

	private static JsonNode read(String detail) {
		try {
			return json.readTree(detail);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Recorded(String method, int status, String resourceId, List<String> changed, String outcome) {
	}

}
