package io.tilegate.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import io.tilegate.config.TilegateProperties;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /scim/v2/Bulk} (RFC 7644 §3.7): many User and Group operations in one request, each
 * run as the call it stands for and in its own transaction ({@link ScimBulkOperations}), so
 * one that fails fails alone. The answer lists every operation that ran, and leaves only once
 * the last one has committed: a client that got it can trust every status in it. Each
 * operation counts against the token's rate limit as one call.
 */
@RestController
@RequestMapping(ScimResourcePaths.BASE + "/Bulk")
class ScimBulkController {

	private static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

	private final ScimBulkOperations operations;

	private final TilegateProperties.Scim limits;

	ScimBulkController(ScimBulkOperations operations, TilegateProperties properties) {
		this.operations = operations;
		this.limits = properties.scim();
	}

	@PostMapping
	ResponseEntity<JsonNode> bulk(@AuthenticationPrincipal ScimClient client,
			@RequestBody(required = false) byte[] body, HttpServletRequest request) throws ScimException {
		ScimCall call = ScimCall.of(request).resource("Bulk", null);
		ScimBulkRequest bulk = ScimBulkRequest.read(ScimJson.readObject(body), this.limits.bulkMaxOperations());
		Optional<ResponseEntity<JsonNode>> refused = ScimThrottle.charge(request, bulk.operations().size());
		if (refused.isPresent()) {
			return refused.get();
		}
		List<ScimBulkOperations.Result> results = this.operations.run(client, bulk, request);
		ObjectNode answer = JsonUtils.getJsonNodeFactory().objectNode();
		answer.putArray("schemas").add(BULK_RESPONSE);
		ArrayNode listed = answer.putArray("Operations");
		List<Map<String, Object>> logged = new ArrayList<>(results.size());
		int failed = 0;
		for (ScimBulkOperations.Result result : results) {
			listed.add(listed(result));
			logged.add(logged(result));
			failed += result.failed() ? 1 : 0;
		}
		int skipped = bulk.operations().size() - results.size();
		call.operations(logged)
			.outcome((results.size() - failed) + " done, " + failed + " failed"
					+ ((skipped > 0) ? ", " + skipped + " not run (failOnErrors " + bulk.failOnErrors() + ")" : ""));
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(answer);
	}

	/** RFC 7644 §3.7.3: the status as a string, the error body only for a failure. */
	private static ObjectNode listed(ScimBulkOperations.Result result) {
		ObjectNode operation = JsonUtils.getJsonNodeFactory().objectNode();
		operation.put("method", result.method());
		if (result.bulkId() != null) {
			operation.put("bulkId", result.bulkId());
		}
		if (result.location() != null) {
			operation.put("location", result.location());
		}
		if (result.version() != null) {
			operation.put("version", result.version());
		}
		operation.put("status", Integer.toString(result.status()));
		if (result.failed()) {
			operation.set("response", result.error());
		}
		return operation;
	}

	private static Map<String, Object> logged(ScimBulkOperations.Result result) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("method", result.method());
		operation.put("path", result.path());
		if (result.bulkId() != null) {
			operation.put("bulkId", result.bulkId());
		}
		operation.put("status", result.status());
		if (result.resourceId() != null) {
			operation.put("resourceId", result.resourceId());
		}
		if (result.outcome() != null) {
			operation.put("outcome", result.outcome());
		}
		if (result.failed() && result.error().hasNonNull("detail")) {
			operation.put("detail", result.error().get("detail").asText());
		}
		return operation;
	}

	/** Whether the call is to {@code /Bulk}, whose body has a limit of its own. */
	static boolean isBulk(HttpServletRequest request) {
		return request.getRequestURI().equals(request.getContextPath() + ScimResourcePaths.BASE + "/Bulk");
	}

}
