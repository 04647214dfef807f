package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ContentTooLargeException;
import com.unboundid.scim2.common.exceptions.ScimException;

import org.springframework.http.HttpStatus;

/**
 * A {@code BulkRequest} (RFC 7644 §3.7) as read from its body. What is wrong with the request
 * as a whole (its schema, its {@code Operations}, {@code failOnErrors}, too many operations)
 * refuses all of it; what is wrong with one operation (no method, a path that is neither
 * {@code /Users} nor {@code /Groups}, a POST without {@code bulkId}) fails that operation
 * alone, as {@link Operation#malformed()}, and the others run.
 *
 * @param operations in the order the client sent them
 * @param failOnErrors how many failed operations end the request; the rest are not run
 */
record ScimBulkRequest(List<Operation> operations, int failOnErrors) {

	static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

	static final String BULK_ID_PREFIX = "bulkId:";

	private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	private static final Set<String> RESOURCES = Set.of("Users", "Groups");

	/**
	 * One operation, standing for the call it would be on its own.
	 * @param method {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
	 * @param resource {@code Users} or {@code Groups}
	 * @param id the resource's id, or a {@code bulkId:} reference to one; {@code null} for a POST
	 * @param version the {@code If-Match} of the call
	 * @param malformed why the operation cannot run, or {@code null}
	 */
	record Operation(String method, String bulkId, String path, String resource, String id, String version,
			ObjectNode data, ScimException malformed) {

		boolean createsUser() {
			return this.malformed == null && this.method.equals("POST") && this.resource.equals("Users");
		}

	}

	static ScimBulkRequest read(ObjectNode body, int maxOperations) throws ScimException {
		JsonNode schemas = body.path("schemas");
		boolean declared = false;
		for (JsonNode schema : schemas) {
			declared |= SCHEMA.equals(schema.asText());
		}
		if (!declared) {
			throw BadRequestException.invalidSyntax("A bulk request's schemas must include " + SCHEMA + ".");
		}
		JsonNode operations = body.get("Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax("A bulk request needs 'Operations', an array of operations.");
		}
		if (operations.size() > maxOperations) {
			// RFC 7644 §3.7.4 and §3.12: tooLarge, with the limit that /ServiceProviderConfig gives.
			throw new ContentTooLargeException(ScimErrors.error(HttpStatus.PAYLOAD_TOO_LARGE, "tooLarge",
					"The bulk request has " + operations.size() + " operations; Tilegate takes at most "
							+ maxOperations + " in one request (maxOperations in /ServiceProviderConfig). Split it."),
					null);
		}
		JsonNode failOnErrors = body.get("failOnErrors");
		int tolerated = Integer.MAX_VALUE;
		if (failOnErrors != null && !failOnErrors.isNull()) {
			if (!failOnErrors.canConvertToInt() || !failOnErrors.isIntegralNumber() || failOnErrors.asInt() < 1) {
				throw BadRequestException.invalidValue(
						"failOnErrors must be an integer of at least 1, not " + failOnErrors + ".");
			}
			tolerated = failOnErrors.asInt();
		}
		List<Operation> read = new ArrayList<>(operations.size());
		Set<String> bulkIds = new HashSet<>();
		for (JsonNode operation : operations) {
			read.add(operation(operation, bulkIds));
		}
		return new ScimBulkRequest(List.copyOf(read), tolerated);
	}

	private static Operation operation(JsonNode node, Set<String> bulkIds) {
		if (!node.isObject()) {
			return malformed(null, null, null, "Each operation must be a JSON object.");
		}
		String method = text(node, "method");
		String bulkId = text(node, "bulkId");
		String path = text(node, "path");
		if (method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
			return malformed(method, bulkId, path,
					"An operation's method must be POST, PUT, PATCH or DELETE, not " + quoted(method) + ".");
		}
		method = method.toUpperCase(Locale.ROOT);
		if (path == null) {
			return malformed(method, bulkId, null, "The operation has no path; give /Users or /Groups for a POST, "
					+ "/Users/{id} or /Groups/{id} otherwise.");
		}
		String canonical = ScimResourcePaths.canonical(ScimResourcePaths.BASE + (path.startsWith("/") ? "" : "/") + path)
			.substring(ScimResourcePaths.BASE.length() + 1);
		String[] segments = canonical.split("/", -1);
		boolean post = method.equals("POST");
		if (!RESOURCES.contains(segments[0]) || segments.length != (post ? 1 : 2) || (!post && segments[1].isEmpty())) {
			return malformed(method, bulkId, path, "A bulk " + method + " must have the path "
					+ (post ? "/Users or /Groups" : "/Users/{id} or /Groups/{id}") + ", not " + quoted(path) + ".");
		}
		if (post && (bulkId == null || bulkId.isBlank())) {
			return malformed(method, null, path, "A POST needs a bulkId (RFC 7644 §3.7), which its result is "
					+ "answered under and later operations can refer to as bulkId:<bulkId>.");
		}
		if (bulkId != null && !bulkIds.add(bulkId)) {
			return malformed(method, bulkId, path, "The bulkId " + quoted(bulkId) + " is used by an earlier "
					+ "operation of this request already; each must be unique within the request.");
		}
		JsonNode data = node.get("data");
		if (!method.equals("DELETE") && (data == null || !data.isObject())) {
			return malformed(method, bulkId, path, "A bulk " + method + " needs 'data', the JSON object its own "
					+ "request would have as body.");
		}
		return new Operation(method, bulkId, path, segments[0], post ? null : segments[1], text(node, "version"),
				(data != null && data.isObject()) ? (ObjectNode) data : null, null);
	}

	private static Operation malformed(String method, String bulkId, String path, String detail) {
		return new Operation(method, bulkId, path, null, null, null, null, BadRequestException.invalidSyntax(detail));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isTextual()) ? value.asText() : null;
	}

	private static String quoted(String value) {
		return (value == null) ? "nothing" : "'" + value + "'";
	}

}
