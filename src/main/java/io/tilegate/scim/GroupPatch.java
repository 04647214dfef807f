package io.tilegate.scim;

import java.util.ArrayList;
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

	private final List<String> addedMemberIds;

	private GroupPatch(List<PatchOperation> operations, List<String> addedMemberIds) {
		this.operations = operations;
		this.addedMemberIds = addedMemberIds;
	}

	/**
	 * @param maxMembers the most members the operations may name together
	 * @throws BadRequestException {@code invalidSyntax} when the body is no PatchOp message,
	 * {@code invalidValue} when it names more members than that
	 */
	static GroupPatch read(ObjectNode body, int maxMembers) throws BadRequestException {
		JsonNode operations = body.get("Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PATCH body needs an 'Operations' array (RFC 7644 §3.5.2).");
		}
		int named = 0;
		List<String> added = new ArrayList<>();
		for (JsonNode operation : operations) {
			if (!operation.isObject()) {
				throw BadRequestException.invalidSyntax("Each PATCH operation must be an object; " + operation + " is not.");
			}
			normalise((ObjectNode) operation);
			named += membersNamed((ObjectNode) operation, added);
		}
		// Before the library reads the operations: with thousands of members, reading them is
		// already work a refusal should not wait for.
		if (named > maxMembers) {
			throw BadRequestException.invalidValue("This PATCH names " + named + " members in all its operations; "
					+ "Tilegate takes at most " + maxMembers + " in one request (tilegate.scim.max-patch-members). "
					+ "Send them in several requests of at most " + maxMembers + ". Nothing was changed.");
		}
		try {
			return new GroupPatch(JsonUtils.nodeToValue(body, PatchRequest.class).getOperations(), List.copyOf(added));
		}
		catch (JsonProcessingException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getMessage());
		}
	}

	/** The ids the operations add or set as members, as sent (trimmed). */
	List<String> addedMemberIds() {
		return this.addedMemberIds;
	}

	/** Applies every operation in order to the rendered group, which it changes. */
	ObjectNode applyTo(ObjectNode group) throws ScimException {
		for (PatchOperation operation : this.operations) {
			operation.apply(group);
		}
		return group;
	}

	/**
	 * How many members a (normalised) operation names: each value of {@code members}, with or
	 * without a path, and one for a path into it such as {@code members[value eq "x"]}.
	 * @param added where to put the ids an add or replace names
	 */
	private static int membersNamed(ObjectNode operation, List<String> added) {
		JsonNode path = operation.get("path");
		JsonNode value = operation.get("value");
		String op = operation.path("op").asText();
		boolean adds = "add".equals(op) || "replace".equals(op);
		if (path == null || path.isNull()) {
			JsonNode members = (value != null && value.isObject()) ? value.get("members") : null;
			return count(members, adds ? added : null);
		}
		String text = path.asText().trim().toLowerCase(Locale.ROOT);
		if (text.equals("members")) {
			return count(value, adds ? added : null);
		}
		return (text.startsWith("members[") || text.startsWith("members.")) ? 1 : 0;
	}

	private static int count(JsonNode members, List<String> ids) {
		if (members == null || members.isNull()) {
			return 0;
		}
		JsonNode list = members.isArray() ? members : JsonUtils.getJsonNodeFactory().arrayNode().add(members);
		if (ids != null) {
			for (JsonNode member : list) {
				JsonNode id = member.isObject() ? member.get("value") : null;
				if (id != null && id.isTextual()) {
					ids.add(id.textValue().trim());
				}
			}
		}
		return list.size();
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
