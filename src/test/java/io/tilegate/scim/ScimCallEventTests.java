package io.tilegate.scim;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One SCIM_REQUEST event per authenticated call, written after the call, never with the token. */
class ScimCallEventTests extends ScimIntegrationTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aCallIsLoggedWithMethodPathStatusAndWhatItDid() throws Exception {
		String token = newToken(CONNECTION);
		ScimHttp client = this.scim.withToken(token);

		JsonHttpResponse response = client.post(ScimEchoFixture.PATH + "?attributes=userName", "{\"a\":1}");

		assertThat(response.status()).isEqualTo(200);
		Event event = lastCall();
		assertThat(event.getConnectionId()).isEqualTo(CONNECTION);
		assertThat(event.getActor()).startsWith("scim:" + CONNECTION + ":").doesNotContain(token);
		assertThat(event.getSummary()).contains("POST /scim/v2/_test/echo?attributes=userName").contains("200");
		JsonNode detail = JSON.readTree(event.getDetail());
		assertThat(detail.path("method").asText()).isEqualTo("POST");
		assertThat(detail.path("path").asText()).isEqualTo("/scim/v2/_test/echo?attributes=userName");
		assertThat(detail.path("status").asInt()).isEqualTo(200);
		assertThat(detail.path("resourceType").asText()).isEqualTo("Echo");
		assertThat(detail.path("resourceId").asText()).isEqualTo("echo-1");
		assertThat(detail.path("changedFields")).extracting(JsonNode::asText).containsExactly("size", "body");
		assertThat(detail.path("outcome").asText()).isEqualTo("echoed");
		assertNowhereInTheLog(token);
	}

	@Test
	void aTokenPastedIntoTheUrlIsNotLogged() {
		String token = newToken(CONNECTION);

		this.scim.withToken(token).get(ScimEchoFixture.PATH + "?access_token=" + token);

		assertThat(lastCall().getDetail()).contains("access_token=tgscim_[removed]");
		assertNowhereInTheLog(token);
	}

	@Test
	void aCallThatRolledBackStillHasItsEvent() throws Exception {
		JsonHttpResponse response = this.scim.post(ScimEchoFixture.FAILING_PATH, "{}");

		assertThat(response.status()).isEqualTo(400);
		JsonNode detail = JSON.readTree(lastCall().getDetail());
		assertThat(detail.path("path").asText()).isEqualTo("/scim/v2/_test/fail");
		assertThat(detail.path("status").asInt()).isEqualTo(400);
		assertThat(detail.path("outcome").asText()).isEqualTo("refused");
		assertThat(eventsOf(EventType.ADMIN_ACTION)).map(Event::getSummary)
			.as("the event written inside the failed call rolled back with it")
			.noneMatch((summary) -> summary.contains("echo fixture"));
	}

	@Test
	void aCallWhoseEventWasWrittenWithItsChangeIsLoggedOnceWithIt() throws Exception {
		long before = callsTo("/_test/change answered");

		JsonHttpResponse response = this.scim.post(ScimEchoFixture.CHANGE_PATH, "{}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(callsTo("/_test/change answered")).as("not written again once answered").isEqualTo(before + 1);
		JsonNode detail = JSON.readTree(lastCall().getDetail());
		assertThat(detail.path("path").asText()).isEqualTo("/scim/v2/_test/change");
		assertThat(detail.path("status").asInt()).isEqualTo(200);
		assertThat(detail.path("resourceId").asText()).isEqualTo("echo-3");
		assertThat(detail.path("changedFields")).extracting(JsonNode::asText).containsExactly("body");
		assertThat(detail.path("outcome").asText()).isEqualTo("changed");
		assertThat(lastCall().getActor()).startsWith("scim:" + CONNECTION + ":");
		assertThat(eventsOf(EventType.ADMIN_ACTION)).map(Event::getSummary).contains("change fixture: committed");
	}

	@Test
	void aCallWhoseChangeFailedToCommitIsLoggedWithWhatItAnsweredNotWithWhatItWroteBefore() throws Exception {
		JsonHttpResponse response = this.scim.post(ScimEchoFixture.CHANGE_FAILING_AT_COMMIT_PATH, "{}");

		assertThat(response.status()).isEqualTo(500);
		List<JsonNode> calls = new java.util.ArrayList<>();
		for (Event call : eventsOf(EventType.SCIM_REQUEST)) {
			JsonNode detail = JSON.readTree(call.getDetail());
			if (detail.path("path").asText().equals("/scim/v2/_test/change-failing-at-commit")) {
				calls.add(detail);
			}
		}
		assertThat(calls).as("the event written with the change rolled back with it").singleElement()
			.satisfies((detail) -> {
				assertThat(detail.path("status").asInt()).isEqualTo(500);
				assertThat(detail.has("outcome")).as("it changed nothing").isFalse();
				assertThat(detail.has("changedFields")).isFalse();
			});
		assertThat(eventsOf(EventType.ADMIN_ACTION)).map(Event::getSummary)
			.noneMatch((summary) -> summary.contains("change fixture: never committed"));
	}

	@Test
	void aRefusedTokenGetsNoCallEventOnlyItsRefusal() {
		int before = eventsOf(EventType.SCIM_REQUEST).size();

		JsonHttpResponse response = this.scim.withToken(ScimTokens.PREFIX + "unknown").send("GET",
				ScimEchoFixture.PATH, null, Map.of());

		assertThat(response.status()).isEqualTo(401);
		assertThat(eventsOf(EventType.SCIM_REQUEST)).hasSize(before);
	}

	private long callsTo(String summaryPart) {
		return eventsOf(EventType.SCIM_REQUEST).stream().filter((e) -> e.getSummary().contains(summaryPart)).count();
	}

	private Event lastCall() {
		List<Event> calls = eventsOf(EventType.SCIM_REQUEST);
		assertThat(calls).isNotEmpty();
		return calls.get(0);
	}

	private void assertNowhereInTheLog(String token) {
		String secretPart = token.substring(ScimTokens.PREFIX.length());
		assertThat(this.events.search(null, null, null, 1000)).allSatisfy((event) -> {
			assertThat(event.getSummary()).doesNotContain(secretPart);
			assertThat(event.getActor()).satisfiesAnyOf((actor) -> assertThat(actor).isNull(),
					(actor) -> assertThat(actor).doesNotContain(secretPart));
			assertThat(event.getDetail()).satisfiesAnyOf((detail) -> assertThat(detail).isNull(),
					(detail) -> assertThat(detail).doesNotContain(secretPart));
		});
	}

}
