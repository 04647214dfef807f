package io.tilegate.admin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tilegate.events.Event;

/**
 * An event's detail made readable: the changes of a provisioning event as a diff, a login's
 * decoded assertion as fields and an attribute table, and whatever else as indented JSON or
 * the text it is (a refused response's XML).
 */
final class EventPagesDetail {

	private static final List<String> ASSERTION_FIELDS = List.of("id", "issuer", "issueInstant", "nameId",
			"nameIdFormat", "notBefore", "notOnOrAfter", "audiences", "sessionIndexes");

	private final ObjectMapper json;

	EventPagesDetail(ObjectMapper json) {
		this.json = json;
	}

	View read(Event event) {
		String detail = event.getDetail();
		if (detail == null || detail.isBlank()) {
			return new View(List.of(), null, null);
		}
		JsonNode node = parse(detail);
		if (node == null) {
			return new View(List.of(), null, detail);
		}
		if (!node.isObject()) {
			return new View(List.of(), null, pretty(node));
		}
		ObjectNode rest = ((ObjectNode) node).deepCopy();
		List<Change> changes = changes(rest.remove("changes"));
		if (changes == null) {
			changes = List.of();
			rest.set("changes", node.get("changes"));
		}
		Assertion assertion = assertion(rest.remove("assertion"));
		if (assertion == null && node.has("assertion")) {
			rest.set("assertion", node.get("assertion"));
		}
		return new View(changes, assertion, rest.isEmpty() ? null : pretty(rest));
	}

	/**
	 * Changes as the directory writes them ({@code field}, {@code old}, {@code new}), or with
	 * {@code before} and {@code after}; {@code null} when the node is not a list of changes.
	 */
	private static List<Change> changes(JsonNode node) {
		if (node == null || !node.isArray()) {
			return (node == null) ? List.of() : null;
		}
		List<Change> changes = new ArrayList<>();
		for (JsonNode change : node) {
			if (!change.isObject() || !change.has("field")) {
				return null;
			}
			changes.add(new Change(change.path("field").asText(), value(change.has("old") ? change.get("old")
					: change.get("before")), value(change.has("new") ? change.get("new") : change.get("after"))));
		}
		return changes;
	}

	private static Assertion assertion(JsonNode node) {
		if (node == null || !node.isObject()) {
			return null;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (String name : ASSERTION_FIELDS) {
			if (node.has(name) && !node.get(name).isNull()) {
				fields.put(name, value(node.get(name)));
			}
		}
		for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			if (!ASSERTION_FIELDS.contains(field.getKey()) && !field.getKey().equals("attributes")
					&& !field.getValue().isNull()) {
				fields.put(field.getKey(), value(field.getValue()));
			}
		}
		List<Attribute> attributes = new ArrayList<>();
		JsonNode attributeNode = node.path("attributes");
		for (Iterator<Map.Entry<String, JsonNode>> it = attributeNode.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> attribute = it.next();
			List<String> values = new ArrayList<>();
			if (attribute.getValue().isArray()) {
				attribute.getValue().forEach((value) -> values.add(value.isNull() ? "" : value.asText()));
			}
			else if (!attribute.getValue().isNull()) {
				values.add(attribute.getValue().asText());
			}
			attributes.add(new Attribute(attribute.getKey(), values));
		}
		return new Assertion(fields, attributes);
	}

	private static String value(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			node.forEach((value) -> values.add(value.isValueNode() ? value.asText() : value.toString()));
			return String.join(", ", values);
		}
		return node.isValueNode() ? node.asText() : node.toString();
	}

	private JsonNode parse(String detail) {
		String trimmed = detail.strip();
		if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
			return null;
		}
		try {
			return this.json.readTree(trimmed);
		}
		catch (JsonProcessingException ex) {
			// Cut at the size limit, or not JSON after all: shown as the text it is.
			return null;
		}
	}

	private String pretty(JsonNode node) {
		try {
			return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			return node.toString();
		}
	}

	/**
	 * @param changes a diff, empty when the event has none
	 * @param assertion a login's decoded assertion, or {@code null}
	 * @param text the rest of the detail as indented JSON, or the detail's own text
	 */
	record View(List<Change> changes, Assertion assertion, String text) {

		public boolean empty() {
			return this.changes.isEmpty() && this.assertion == null && this.text == null;
		}

	}

	/** @param oldValue {@code null} for empty; lists are joined with ", " */
	record Change(String field, String oldValue, String newValue) {
	}

	record Assertion(Map<String, String> fields, List<Attribute> attributes) {
	}

	record Attribute(String name, List<String> values) {
	}

}
