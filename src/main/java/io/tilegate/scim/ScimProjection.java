package io.tilegate.scim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code attributes} and {@code excludedAttributes} query parameters (RFC 7644 §3.9):
 * which attributes of a resource a response carries. {@code id} and {@code schemas} are
 * always returned. Names are case-insensitive and may be a sub-attribute
 * ({@code name.givenName}) or carry a schema URN prefix.
 */
public final class ScimProjection {

	private static final Set<String> ALWAYS_RETURNED = Set.of("id", "schemas");

	private final List<String> attributes;

	private final List<String> excluded;

	private ScimProjection(List<String> attributes, List<String> excluded) {
		this.attributes = attributes;
		this.excluded = excluded;
	}

	public static ScimProjection of(String attributes, String excludedAttributes) {
		return new ScimProjection(names(attributes), names(excludedAttributes));
	}

	/** {@code true} when the response leaves out this top-level attribute, e.g. {@code members}. */
	public boolean omits(String attribute) {
		String name = attribute.toLowerCase(Locale.ROOT);
		if (!this.attributes.isEmpty()) {
			return this.attributes.stream().noneMatch((wanted) -> wanted.equals(name) || wanted.startsWith(name + "."));
		}
		return this.excluded.contains(name);
	}

	/**
	 * Prunes the resource in place.
	 * @param extensionUrns the extension schemas whose attributes sit in a nested object
	 */
	public ObjectNode apply(ObjectNode resource, Set<String> extensionUrns) {
		if (this.attributes.isEmpty() && this.excluded.isEmpty()) {
			return resource;
		}
		Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey().toLowerCase(Locale.ROOT);
			if (ALWAYS_RETURNED.contains(name)) {
				continue;
			}
			boolean extension = extensionUrns.stream().anyMatch((urn) -> urn.equalsIgnoreCase(field.getKey()));
			if (extension && field.getValue().isObject()) {
				pruneChildren((ObjectNode) field.getValue(), name + ":");
				if (field.getValue().isEmpty()) {
					fields.remove();
				}
			}
			else if (field.getValue().isObject() && !this.attributes.isEmpty() && !this.attributes.contains(name)) {
				pruneChildren((ObjectNode) field.getValue(), name + ".");
				if (field.getValue().isEmpty()) {
					fields.remove();
				}
			}
			else if (!keeps(name)) {
				fields.remove();
			}
		}
		return resource;
	}

	private void pruneChildren(ObjectNode parent, String prefix) {
		Iterator<String> names = parent.fieldNames();
		while (names.hasNext()) {
			if (!keeps(prefix + names.next().toLowerCase(Locale.ROOT))) {
				names.remove();
			}
		}
	}

	private boolean keeps(String name) {
		if (!this.attributes.isEmpty()) {
			return this.attributes.stream()
				.anyMatch((wanted) -> wanted.equals(name) || wanted.startsWith(name + ".") || name.startsWith(wanted + ".")
						|| name.startsWith(wanted + ":"));
		}
		return this.excluded.stream().noneMatch((gone) -> gone.equals(name) || name.startsWith(gone + "."));
	}

	/**
	 * Lower-cased names, with a core schema URN prefix removed and an extension URN prefix
	 * kept as {@code urn…:User:attribute}.
	 */
	private static List<String> names(String list) {
		List<String> names = new ArrayList<>();
		if (list == null || list.isBlank()) {
			return names;
		}
		for (String raw : list.split(",")) {
			String name = raw.trim().toLowerCase(Locale.ROOT);
			if (name.isEmpty()) {
				continue;
			}
			for (String core : List.of("urn:ietf:params:scim:schemas:core:2.0:user:",
					"urn:ietf:params:scim:schemas:core:2.0:group:")) {
				if (name.startsWith(core)) {
					name = name.substring(core.length());
				}
			}
			names.add(name);
		}
		return names;
	}

}
