package io.tilegate.personas;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.tilegate.directory.CustomFieldView;

/**
 * The names the pages give the fields a rule reads: a default field by what the profile calls
 * it ("Job title" for {@code title}), a custom field by the label its admin gave it ("Office
 * location" for {@code custom.officeLocation}).
 */
public final class FieldNames {

	/** Each field by its key: what events say, so that they read the same whatever a label becomes. */
	static final FieldNames KEYS = new FieldNames(Map.of());

	/** The default fields a rule can read, with the names the persona form offers them by. */
	public static final Map<String, String> DEFAULT_FIELDS = Map.ofEntries(Map.entry("userName", "User name"),
			Map.entry("email", "Email"), Map.entry("firstName", "First name"), Map.entry("lastName", "Last name"),
			Map.entry("phone", "Phone"), Map.entry("company", "Company"), Map.entry("department", "Department"),
			Map.entry("title", "Job title"), Map.entry("employeeNumber", "Employee number"),
			Map.entry("externalId", "External id"), Map.entry("hireDate", "Hire date"));

	private static final String CUSTOM = "custom.";

	private final Map<String, String> customLabels;

	private FieldNames(Map<String, String> customLabels) {
		this.customLabels = customLabels;
	}

	/** The names for these custom fields and the default ones. */
	public static FieldNames of(List<CustomFieldView> customFields) {
		return new FieldNames(customFields.stream()
			.filter((field) -> field.label() != null && !field.label().isBlank())
			.collect(Collectors.toMap(CustomFieldView::name, CustomFieldView::label, (first, second) -> first)));
	}

	/**
	 * The field's name inside a sentence: a default field's in lower case ("job title is
	 * 'Engineer'"), a custom field's label as its admin wrote it, and a key nobody named as it is.
	 */
	public String of(String key) {
		if (this == KEYS) {
			return key;
		}
		if (key.startsWith(CUSTOM)) {
			return this.customLabels.getOrDefault(key.substring(CUSTOM.length()), key);
		}
		String name = DEFAULT_FIELDS.get(key);
		return (name != null) ? name.toLowerCase(Locale.ROOT) : key;
	}

}
