package io.tilegate.demo;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Someone who can sign in at the demo identity provider.
 *
 * @param userName the NameID (email format)
 * @param manager the manager's user name, or null
 * @param customFields sent as {@code custom.<field>} attributes
 */
public record DemoUser(String userName, String firstName, String lastName, String email, String phone, String company,
		String department, String title, String manager, LocalDate hireDate, List<String> groups,
		Map<String, String> customFields) {

	public String displayName() {
		return this.firstName + " " + this.lastName;
	}

	/**
	 * The attribute statement under the contract's "okta" preset names. Blank values are left
	 * out, as Okta does for unset profile fields.
	 */
	public Map<String, List<String>> attributes() {
		Map<String, List<String>> attributes = new LinkedHashMap<>();
		put(attributes, "firstName", this.firstName);
		put(attributes, "lastName", this.lastName);
		put(attributes, "email", this.email);
		put(attributes, "phone", this.phone);
		put(attributes, "company", this.company);
		put(attributes, "department", this.department);
		put(attributes, "title", this.title);
		put(attributes, "manager", this.manager);
		put(attributes, "hireDate", this.hireDate != null ? this.hireDate.toString() : null);
		attributes.put("groups", List.copyOf(this.groups));
		this.customFields.forEach((field, value) -> put(attributes, "custom." + field, value));
		return attributes;
	}

	private static void put(Map<String, List<String>> attributes, String name, String value) {
		if (value != null && !value.isBlank()) {
			attributes.put(name, List.of(value));
		}
	}

}
