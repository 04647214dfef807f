package io.tilegate.scim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.directory.GroupMember;
import io.tilegate.directory.PushedGroup;

/**
 * A group as the core Group schema (RFC 7643 §4.2) shows it, and what a client sends for one.
 * Incoming {@code schemas} are not checked: Entra adds a Microsoft URN and OneLogin may send a
 * SCIM 1.0 one, and neither changes what the attributes mean.
 */
final class ScimGroupRepresentation {

	static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

	private ScimGroupRepresentation() {
	}

	/** The group, with its members when they were read. */
	static ObjectNode render(PushedGroup group, String base) {
		ObjectNode node = JsonUtils.getJsonNodeFactory().objectNode();
		node.putArray("schemas").add(SCHEMA);
		node.put("id", group.id().toString());
		if (group.externalId() != null) {
			node.put("externalId", group.externalId());
		}
		node.put("displayName", group.displayName());
		if (group.members() != null) {
			ArrayNode members = node.putArray("members");
			for (GroupMember member : group.members()) {
				members.addObject()
					.put("value", member.userId().toString())
					.put("display", member.userName())
					.put("$ref", base + "/scim/v2/Users/" + member.userId())
					.put("type", "User");
			}
		}
		node.putObject("meta")
			.put("resourceType", "Group")
			.put("created", timestamp(group.createdAt()))
			.put("lastModified", timestamp(group.lastModified()))
			.put("location", location(group, base))
			.put("version", etag(group));
		return node;
	}

	static String location(PushedGroup group, String base) {
		return base + "/scim/v2/Groups/" + group.id();
	}

	static String etag(PushedGroup group) {
		return ScimEtag.of(group.version());
	}

	/**
	 * Reads the attributes a client may set.
	 * @throws BadRequestException {@code invalidValue} for a value of the wrong type or a
	 * member that is not a user
	 */
	static Incoming read(ObjectNode body) throws BadRequestException {
		String displayName = text(body, "displayName");
		String externalId = text(body, "externalId");
		JsonNode members = body.get("members");
		if (members == null || members.isNull()) {
			return new Incoming(displayName, body.has("externalId"), externalId, null);
		}
		if (!members.isArray()) {
			throw BadRequestException.invalidValue("'members' must be an array of {\"value\": \"<user id>\"}.");
		}
		List<String> memberIds = new ArrayList<>();
		for (JsonNode member : members) {
			JsonNode value = member.isObject() ? member.get("value") : null;
			if (value == null || !value.isTextual() || value.textValue().isBlank()) {
				throw BadRequestException.invalidValue(
						"Each member must be {\"value\": \"<user id>\"}; " + member + " is not.");
			}
			// Okta sends no type at all; one that is there must say User.
			JsonNode type = member.get("type");
			if (type != null && !type.isNull() && !"User".equalsIgnoreCase(type.asText())) {
				throw BadRequestException.invalidValue("Tilegate groups hold users only, not groups within groups; member '"
						+ value.textValue() + "' has type '" + type.asText() + "'.");
			}
			memberIds.add(value.textValue().trim());
		}
		return new Incoming(displayName, body.has("externalId"), externalId, memberIds);
	}

	private static String text(ObjectNode body, String attribute) throws BadRequestException {
		JsonNode value = body.get(attribute);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw BadRequestException.invalidValue("'" + attribute + "' must be a string; " + value + " is not.");
		}
		return value.textValue();
	}

	private static String timestamp(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MILLIS).toString();
	}

	/**
	 * @param hasExternalId whether the body said anything about the external id
	 * @param memberIds {@code null} when the body has no {@code members}
	 */
	record Incoming(String displayName, boolean hasExternalId, String externalId, List<String> memberIds) {
	}

}
