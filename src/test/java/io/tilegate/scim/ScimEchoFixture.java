package io.tilegate.scim;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.tilegate.events.EventLog;
import io.tilegate.events.EventType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * TEST FIXTURE, not part of Tilegate: an endpoint under {@code /scim/v2/_test/} that exists
 * only in the test sources, so the SCIM chain's filters (authentication, call events,
 * throttle, body limit) can be driven over real HTTP independently of the SCIM resources.
 * It reads bodies the way the real resources do: {@code @RequestBody byte[]}.
 */
@RestController
class ScimEchoFixture {

	static final String PATH = "/_test/echo";

	static final String FAILING_PATH = "/_test/fail";

	private final EventLog events;

	ScimEchoFixture(EventLog events) {
		this.events = events;
	}

	@GetMapping("/scim/v2" + PATH)
	ResponseEntity<JsonNode> get(HttpServletRequest request) {
		ScimCall.of(request).outcome("read");
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(JsonUtils.valueToNode(Map.of("size", 0)));
	}

	@PostMapping("/scim/v2" + PATH)
	ResponseEntity<JsonNode> echo(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
		int size = (body != null) ? body.length : 0;
		ScimCall.of(request).resource("Echo", "echo-1").changed(List.of("size", "body")).outcome("echoed");
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(JsonUtils.valueToNode(Map.of("size", size)));
	}

	/**
	 * Writes an event in its transaction, then fails: the transaction rolls back (ScimException
	 * is checked, which Spring commits on unless told otherwise).
	 */
	@PostMapping("/scim/v2" + FAILING_PATH)
	@Transactional(rollbackFor = Exception.class)
	ResponseEntity<JsonNode> fail(HttpServletRequest request) throws BadRequestException {
		this.events.event(EventType.ADMIN_ACTION, "echo fixture: written inside the failing call").record();
		ScimCall.of(request).resource("Echo", "echo-2").outcome("refused");
		throw BadRequestException.invalidValue("The echo fixture always refuses this.");
	}

}
