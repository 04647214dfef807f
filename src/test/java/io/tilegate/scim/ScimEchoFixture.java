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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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

	static final String CHANGE_PATH = "/_test/change";

	static final String CHANGE_FAILING_AT_COMMIT_PATH = "/_test/change-failing-at-commit";

	private final EventLog events;

	private final ScimCallLog callLog;

	ScimEchoFixture(EventLog events, ScimCallLog callLog) {
		this.events = events;
		this.callLog = callLog;
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

	/** A change that writes its call's event in its own transaction, as the SCIM resources do. */
	@PostMapping("/scim/v2" + CHANGE_PATH)
	@Transactional
	ResponseEntity<JsonNode> change(HttpServletRequest request) {
		this.events.event(EventType.ADMIN_ACTION, "change fixture: committed").record();
		ScimCall call = ScimCall.of(request).resource("Echo", "echo-3").changed(List.of("body")).outcome("changed");
		this.callLog.recordWithChange(call, 200);
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(JsonUtils.valueToNode(Map.of("size", 1)));
	}

	/** The same change, whose commit then fails, as one the database refused at the last moment would. */
	@PostMapping("/scim/v2" + CHANGE_FAILING_AT_COMMIT_PATH)
	@Transactional
	ResponseEntity<JsonNode> changeFailingAtCommit(HttpServletRequest request) {
		this.events.event(EventType.ADMIN_ACTION, "change fixture: never committed").record();
		ScimCall call = ScimCall.of(request).resource("Echo", "echo-4").changed(List.of("body")).outcome("changed");
		this.callLog.recordWithChange(call, 200);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				throw new IllegalStateException("The echo fixture's commit fails.");
			}

		});
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(JsonUtils.valueToNode(Map.of("size", 1)));
	}

}
