package io.tilegate.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the JSON bodies of the persona and space calls field by field, so that a wrong type
 * or an unknown field is refused with its name rather than half-applied.
 */
final class PersonaBodies {

	private PersonaBodies() {
	}

	static JsonNode object(JsonNode body, Set<String> allowed, String what) {
		if (body == null || !body.isObject()) {
			throw ApiException.badRequest("The body must be a JSON object describing the " + what + ".");
		}
		Iterator<String> names = body.fieldNames();
		while (names.hasNext()) {
			String name = names.next();
			if (!allowed.contains(name)) {
				throw ApiException.badRequest("A " + what + " has no field \"" + name + "\"; it takes "
						+ String.join(", ", allowed.stream().sorted().map((n) -> "\"" + n + "\"").toList())
						+ ". Nothing was saved.");
			}
		}
		return body;
	}

	static String text(JsonNode body, String name) {
		JsonNode node = body.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isTextual()) {
			throw ApiException.badRequest("\"" + name + "\" must be a text, not " + node + ". Nothing was saved.");
		}
		return node.asText();
	}

	/** @return {@code null} when the field is absent: leave what is stored */
	static List<UUID> ids(JsonNode body, String name, String listedBy) {
		JsonNode node = body.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isArray()) {
			throw ApiException.badRequest("\"" + name + "\" must be a list of ids (" + listedBy + "), not " + node
					+ ". Nothing was saved.");
		}
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode item = node.get(i);
			// An item may be an id, or an object with an id as GET answers it.
			String id = item.isObject() ? item.path("id").asText(null) : item.isTextual() ? item.asText() : null;
			try {
				ids.add(UUID.fromString(id));
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw ApiException.badRequest("\"" + name + "\"[" + i + "] is not an id: " + item + "; ids are listed by "
						+ listedBy + ". Nothing was saved.");
			}
		}
		return ids;
	}

	static UUID id(String id, String what, String listedBy) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.notFound("There is no " + what + " with id '" + id + "'; ids are listed by " + listedBy
					+ ".");
		}
	}

}
