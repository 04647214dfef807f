package io.tilegate.scim;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * A PATCH of a group (RFC 7644 §3.5.2), applied by the SCIM library's engine to the group as
 * it is rendered. Before that, the shapes clients send that the library reads differently from
 * what they mean are put in RFC form; everything else is the library's.
 */
final class GroupPatch {

	private static final String CORE_PREFIX = ScimGroupRepresentation.SCHEMA + ":";

	private final List<PatchOperation> operations;

	private GroupPatch(List<PatchOperation> operations) {
		this.operations = operations;
	}

	/**
	 * @throws BadRequestException {@code invalidSyntax} when the body is no PatchOp message
	 */
	static GroupPatch read(ObjectNode body) throws BadRequestException {
		JsonNode operations = body.get("Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PATCH body needs an 'Operations' array (RFC 7644 §3.5.2).");
		}
		for (JsonNode operation : operations) {
			if (!operation.isObject()) {
				throw BadRequestException.invalidSyntax("Each PATCH operation must be an object; " + operation + " is not.");
			}
			normalise((ObjectNode) operation);
		}
		try {
			return new GroupPatch(JsonUtils.nodeToValue(body, PatchRequest.class).getOperations());
		}
		catch (JsonProcessingException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getMessage());
		}
	}

	/** Applies every operation in order to the rendered group, which it changes. */
	ObjectNode applyTo(ObjectNode group) throws ScimException {
		for (PatchOperation operation : this.operations) {
			operation.apply(group);
		}
		return group;
	}

	private static void normalise(ObjectNode operation) {
		// Entra capitalises the op ("Add"); the library knows only three spellings of each.
		JsonNode op = operation.get("op");
		if (op != null && op.isTextual()) {
			operation.put("op", op.textValue().toLowerCase(Locale.ROOT));
		}
		// The core schema's attributes sit at the top level, not under their URN.
		JsonNode path = operation.get("path");
		if (path != null && path.isTextual() && path.textValue().regionMatches(true, 0, CORE_PREFIX, 0,
				CORE_PREFIX.length())) {
			operation.put("path", path.textValue().substring(CORE_PREFIX.length()));
			path = operation.get("path");
		}
		// One member sent as an object rather than an array of one: the library would make
		// members a single object instead of adding to the list.
		JsonNode value = operation.get("value");
		String opName = operation.path("op").asText();
		if (path != null && "members".equalsIgnoreCase(path.asText()) && value != null && value.isObject()
				&& ("add".equals(opName) || "replace".equals(opName))) {
			operation.putArray("value").add(value);
		}
	}

}
