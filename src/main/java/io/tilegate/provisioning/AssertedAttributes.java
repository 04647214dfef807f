package io.tilegate.provisioning;

import java.util.List;
import java.util.Map;

import io.tilegate.connections.AttributeMapping;

/**
 * An assertion's attributes, read through a connection's mapping. Whether an attribute was
 * sent matters as much as its value: an absent one leaves the stored value alone, a sent but
 * empty one clears it.
 */
final class AssertedAttributes {

	private final Map<String, List<String>> attributes;

	private final AttributeMapping mapping;

	AssertedAttributes(Map<String, List<String>> attributes, AttributeMapping mapping) {
		this.attributes = attributes;
		this.mapping = mapping;
	}

	String attributeFor(String field) {
		return this.mapping.attributeFor(field);
	}

	boolean sent(String field) {
		String attribute = attributeFor(field);
		return attribute != null && this.attributes.containsKey(attribute);
	}

	/** The field's non-blank values, trimmed; empty when absent or sent empty. */
	List<String> all(String field) {
		List<String> values = sent(field) ? this.attributes.get(attributeFor(field)) : null;
		if (values == null) {
			return List.of();
		}
		return values.stream().filter((value) -> value != null && !value.isBlank()).map(String::trim).toList();
	}

	/** The field's first non-blank value, or {@code null}. */
	String first(String field) {
		List<String> values = all(field);
		return values.isEmpty() ? null : values.get(0);
	}

}
