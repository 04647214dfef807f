package io.tilegate.scim;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * Applies a SCIM PATCH (RFC 7644 §3.5.2) to a resource with the SCIM library's engine, after
 * rewriting what clients send that the RFC, or the library, reads differently:
 * <ul>
 * <li>Entra capitalises ops ({@code "Replace"});
 * <li>Entra's no-path replace names sub-attributes with dots
 * ({@code {"name.givenName": "A"}}) and extension attributes with their URN
 * ({@code {"urn:...:enterprise:2.0:User:department": "D"}}): both become nested objects;
 * <li>Entra adds or replaces {@code phoneNumbers[type eq "work"].value} on a user with no such
 * value: the value is created, with the filter's {@code eq} terms as its other sub-attributes
 * (the library refuses a replace without a match, and an add with one);
 * <li>a path prefixed with the core schema URN is the plain attribute (the library would nest
 * it under the URN);
 * <li>a replace or add of {@code null} is a remove (the library refuses a null value);
 * <li>a remove of a multi-valued attribute with a value list removes the listed values;
 * <li>an add of a value of a type the user has a value of already replaces that value: clients
 * add a work email to change the user's email, not to queue a second one behind it.
 * </ul>
 */
final class ScimPatchDialect {

	private static final List<String> CORE_URNS = List.of(ScimUserRepresentation.CORE, "urn:scim:schemas:core:1.0");

	private static final List<String> EXTENSION_URNS = List.of(ScimUserRepresentation.ENTERPRISE,
			ScimUserRepresentation.TILEGATE, "urn:scim:schemas:extension:enterprise:1.0");

	private ScimPatchDialect() {
	}

	/**
	 * Applies the operations in order to the resource, in place.
	 * @throws ScimException {@code invalidSyntax} for a body that is no PatchOp,
	 * {@code invalidPath}, {@code invalidValue} or {@code noTarget} for an operation that
	 * cannot apply
	 */
	static ObjectNode apply(ObjectNode resource, ObjectNode body) throws ScimException {
		return apply(resource, body, Targets.ANY);
	}

	/**
	 * As {@link #apply(ObjectNode, ObjectNode)}, with each operation's target checked before it
	 * applies.
	 * @throws ScimException what the targets refuse, too
	 */
	static ObjectNode apply(ObjectNode resource, ObjectNode body, Targets targets) throws ScimException {
		JsonNode operations = body.get("Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PATCH body needs an \"Operations\" array (RFC 7644 §3.5.2).");
		}
		int index = 0;
		for (JsonNode operation : operations) {
			index++;
			if (!operation.isObject()) {
				throw BadRequestException.invalidSyntax("Operation " + index + " is not a JSON object.");
			}
			applyOne(resource, (ObjectNode) operation, index, targets);
		}
		return resource;
	}

	private static void applyOne(ObjectNode resource, ObjectNode operation, int index, Targets targets)
			throws ScimException {
		PatchOpType type = type(operation.get("op"), index);
		Path path = path(operation.get("path"), index);
		if (path != null) {
			targets.check(path, index);
		}
		JsonNode value = operation.get("value");
		if (type != PatchOpType.REMOVE && (value == null || value.isNull())) {
			if (path == null) {
				throw BadRequestException.invalidValue("Operation " + index + " (" + type
						+ ") has neither a path nor a value.");
			}
			type = PatchOpType.REMOVE;
		}
		if (type == PatchOpType.REMOVE) {
			remove(resource, path, value, index);
			return;
		}
		if (path == null) {
			if (!value.isObject()) {
				throw BadRequestException.invalidValue("Operation " + index + " has no path, so its value must be an "
						+ "object of attributes.");
			}
			ObjectNode values = expand((ObjectNode) value);
			targets.checkValue(values, index);
			if (type == PatchOpType.ADD) {
				values.fields().forEachRemaining((field) -> dropSameType(resource, field.getKey(), field.getValue()));
			}
			run(resource, PatchOperation.create(type, Path.root(), values));
			return;
		}
		Filter filter = path.getElement(0).getValueFilter();
		if (filter == null) {
			if (type == PatchOpType.ADD && path.getSchemaUrn() == null && path.size() == 1) {
				dropSameType(resource, path.getElement(0).getAttribute(), value);
			}
			run(resource, PatchOperation.create(type, path, value));
			return;
		}
		if (matchesAny(resource, path, filter)) {
			run(resource, PatchOperation.create(PatchOpType.REPLACE, path, value));
			return;
		}
		ObjectNode created = object();
		putEqualities(filter, created, path);
		if (path.size() == 2) {
			created.set(path.getElement(1).getAttribute(), value);
		}
		else if (value.isObject()) {
			created.setAll((ObjectNode) value);
		}
		else {
			throw BadRequestException.invalidValue("Operation " + index + " targets " + path
					+ ", so its value must be an object.");
		}
		Path attribute = base(path).attribute(path.getElement(0).getAttribute());
		run(resource, PatchOperation.create(PatchOpType.ADD, attribute, array().add(created)));
	}

	/**
	 * What a PATCH may target, as the resource's schemas say (RFC 7644 §3.5.2): a target they
	 * do not have is {@code invalidPath}, a read-only one {@code mutability}.
	 */
	interface Targets {

		/** Every target allowed: for resources whose apply step checks them itself. */
		Targets ANY = new Targets() {

			@Override
			public void check(Path path, int index) {
			}

			@Override
			public void checkValue(ObjectNode value, int index) {
			}

		};

		/** @param path the operation's path, with a core schema URN taken off */
		void check(Path path, int index) throws BadRequestException;

		/** @param value a no-path operation's value, its dotted and URN-prefixed keys nested */
		void checkValue(ObjectNode value, int index) throws BadRequestException;

	}

	private static void remove(ObjectNode resource, Path path, JsonNode value, int index) throws ScimException {
		if (path == null) {
			throw BadRequestException.noTarget("Operation " + index + " removes without a path; name what to remove.");
		}
		if (value != null && value.isArray() && path.size() == 1 && path.getElement(0).getValueFilter() == null) {
			for (JsonNode item : value) {
				JsonNode itemValue = item.isObject() ? item.get("value") : item;
				if (itemValue != null && itemValue.isValueNode()) {
					Path one = base(path).attribute(path.getElement(0).getAttribute(),
							Filter.eq(Path.root().attribute("value"), (ValueNode) itemValue));
					run(resource, PatchOperation.remove(one));
				}
			}
			return;
		}
		run(resource, PatchOperation.remove(path));
	}

	/**
	 * An added value takes the place of the one of its type rather than queueing behind it,
	 * where the profile would never see it.
	 */
	private static void dropSameType(ObjectNode resource, String attribute, JsonNode added) {
		JsonNode existing = resource.get(attribute);
		if (existing == null || !existing.isArray() || !added.isArray()) {
			return;
		}
		for (JsonNode value : added) {
			JsonNode type = value.isObject() ? value.get("type") : null;
			if (type == null || !type.isTextual()) {
				continue;
			}
			for (int i = existing.size() - 1; i >= 0; i--) {
				JsonNode currentType = existing.get(i).get("type");
				if (currentType != null && type.asText().equalsIgnoreCase(currentType.asText())) {
					((ArrayNode) existing).remove(i);
				}
			}
		}
	}

	private static void run(ObjectNode resource, PatchOperation operation) throws ScimException {
		try {
			operation.apply(resource);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw BadRequestException.invalidValue("The operation " + operation + " cannot apply: " + ex.getMessage());
		}
	}

	private static PatchOpType type(JsonNode op, int index) throws BadRequestException {
		if (op != null && op.isTextual()) {
			switch (op.asText().trim().toLowerCase(Locale.ROOT)) {
				case "add":
					return PatchOpType.ADD;
				case "replace":
					return PatchOpType.REPLACE;
				case "remove":
					return PatchOpType.REMOVE;
				default:
					break;
			}
		}
		throw BadRequestException.invalidSyntax("Operation " + index + " has op " + op
				+ "; it must be add, replace or remove.");
	}

	private static Path path(JsonNode path, int index) throws BadRequestException {
		if (path == null || path.isNull() || (path.isTextual() && path.asText().isBlank())) {
			return null;
		}
		if (!path.isTextual()) {
			throw BadRequestException.invalidPath("The path of operation " + index + " must be a string.");
		}
		String text = path.asText().trim();
		for (String urn : CORE_URNS) {
			if (text.length() > urn.length() + 1 && text.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
				text = text.substring(urn.length() + 1);
			}
		}
		try {
			return Path.fromString(text);
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidPath("The path '" + path.asText() + "' of operation " + index
					+ " is not valid: " + ex.getMessage());
		}
	}

	private static boolean matchesAny(ObjectNode resource, Path path, Filter filter) throws ScimException {
		JsonNode container = (path.getSchemaUrn() == null) ? resource : resource.get(path.getSchemaUrn());
		JsonNode values = (container == null) ? null : container.get(path.getElement(0).getAttribute());
		if (values == null || !values.isArray()) {
			return false;
		}
		for (JsonNode value : values) {
			if (FilterEvaluator.evaluate(filter, value)) {
				return true;
			}
		}
		return false;
	}

	/** The sub-attributes a value must have to match a filter of {@code eq} terms joined by {@code and}. */
	private static void putEqualities(Filter filter, ObjectNode into, Path path) throws BadRequestException {
		if (filter.getFilterType() == FilterType.AND) {
			for (Filter term : filter.getCombinedFilters()) {
				putEqualities(term, into, path);
			}
			return;
		}
		if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1) {
			into.set(filter.getAttributePath().getElement(0).getAttribute(), filter.getComparisonValue());
			return;
		}
		throw BadRequestException.noTarget("No value of " + path + " matches, and the filter does not say what a "
				+ "new value would be; use only 'eq' terms joined by 'and'.");
	}

	/**
	 * A no-path value with its dotted and URN-prefixed keys as nested objects, and the core
	 * schema's own object merged into the top level.
	 */
	static ObjectNode expand(ObjectNode value) {
		ObjectNode expanded = object();
		Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			String key = field.getKey();
			JsonNode child = field.getValue();
			if (CORE_URNS.stream().anyMatch(key::equalsIgnoreCase) && child.isObject()) {
				merge(expanded, expand((ObjectNode) child));
				continue;
			}
			String extension = EXTENSION_URNS.stream()
				.filter((urn) -> key.equalsIgnoreCase(urn)
						|| (key.length() > urn.length() + 1 && key.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)))
				.findFirst()
				.orElse(null);
			String core = CORE_URNS.stream()
				.filter((urn) -> key.length() > urn.length() + 1 && key.regionMatches(true, 0, urn + ":", 0, urn.length() + 1))
				.findFirst()
				.orElse(null);
			if (extension != null) {
				ObjectNode inner = object();
				if (key.length() == extension.length()) {
					if (child.isObject()) {
						inner = expand((ObjectNode) child);
					}
					else {
						expanded.set(key, child);
						continue;
					}
				}
				else {
					put(inner, key.substring(extension.length() + 1), child);
				}
				merge(expanded, object().set(extension, inner));
			}
			else if (core != null) {
				put(expanded, key.substring(core.length() + 1), child);
			}
			else {
				put(expanded, key, child);
			}
		}
		return expanded;
	}

	private static void put(ObjectNode into, String dotted, JsonNode value) {
		int dot = dotted.indexOf('.');
		if (dot < 0) {
			merge(into, object().set(dotted, value));
			return;
		}
		ObjectNode inner = object();
		put(inner, dotted.substring(dot + 1), value);
		merge(into, object().set(dotted.substring(0, dot), inner));
	}

	private static void merge(ObjectNode into, ObjectNode from) {
		Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode existing = into.get(field.getKey());
			if (existing != null && existing.isObject() && field.getValue().isObject()) {
				merge((ObjectNode) existing, (ObjectNode) field.getValue());
			}
			else {
				into.set(field.getKey(), field.getValue());
			}
		}
	}

	private static Path base(Path path) {
		return (path.getSchemaUrn() == null) ? Path.root() : Path.root(path.getSchemaUrn());
	}

	private static ObjectNode object() {
		return JsonUtils.getJsonNodeFactory().objectNode();
	}

	private static ArrayNode array() {
		return JsonUtils.getJsonNodeFactory().arrayNode();
	}

}
