package io.tilegate.connections;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tilegate.directory.ProfileField;

/**
 * Which SAML attribute feeds which profile field for one connection: a preset's names with the
 * connection's per-field overrides on top. Field keys are the contract's profile fields
 * ({@code firstName}, {@code email}, {@code groups}, …) and {@code custom.<name>} for custom text
 * fields.
 */
public final class AttributeMapping {

	public static final String FIRST_NAME = ProfileField.FIRST_NAME.key();

	public static final String LAST_NAME = ProfileField.LAST_NAME.key();

	public static final String EMAIL = ProfileField.EMAIL.key();

	public static final String PHONE = ProfileField.PHONE.key();

	public static final String COMPANY = ProfileField.COMPANY.key();

	public static final String DEPARTMENT = ProfileField.DEPARTMENT.key();

	public static final String TITLE = ProfileField.TITLE.key();

	public static final String MANAGER = ProfileField.MANAGER.key();

	public static final String HIRE_DATE = ProfileField.HIRE_DATE.key();

	public static final String PHOTO = ProfileField.PHOTO.key();

	/** Not a profile field: groups are memberships, replaced per connection. */
	public static final String GROUPS = "groups";

	public static final String CUSTOM_PREFIX = "custom.";

	/** The default fields, in the order the admin pages show them. */
	public static final List<String> STANDARD_FIELDS = List.of(FIRST_NAME, LAST_NAME, EMAIL, PHONE, COMPANY,
			DEPARTMENT, TITLE, MANAGER, HIRE_DATE, PHOTO, GROUPS);

	public static final Set<String> PRESETS = Set.of("okta", "onelogin", "entra");

	private static final String CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";

	private static final Map<String, Map<String, String>> PRESET_NAMES = Map.of(
			"okta", ordered(FIRST_NAME, "firstName", LAST_NAME, "lastName", EMAIL, "email", PHONE, "phone", COMPANY,
					"company", DEPARTMENT, "department", TITLE, "title", MANAGER, "manager", HIRE_DATE, "hireDate", PHOTO,
					"photo", GROUPS, "groups"),
			// OneLogin's default parameter names; the rest are custom parameters the admin adds.
			"onelogin", ordered(FIRST_NAME, "User.FirstName", LAST_NAME, "User.LastName", EMAIL, "User.email", PHONE,
					"User.PhoneNumber", COMPANY, "User.Company", DEPARTMENT, "User.Department", TITLE, "User.Title",
					MANAGER, "User.Manager", HIRE_DATE, "User.HireDate", PHOTO, "User.Photo", GROUPS, "memberOf"),
			// Entra ID's claim URIs as its "Attributes & Claims" page names them.
			"entra", ordered(FIRST_NAME, CLAIMS + "givenname", LAST_NAME, CLAIMS + "surname", EMAIL,
					CLAIMS + "emailaddress", PHONE, CLAIMS + "mobilephone", COMPANY, CLAIMS + "companyname", DEPARTMENT,
					CLAIMS + "department", TITLE, CLAIMS + "jobtitle", MANAGER, CLAIMS + "manager", HIRE_DATE,
					CLAIMS + "hiredate", PHOTO, CLAIMS + "photo", GROUPS,
					"http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"));

	private static final Map<String, String> CUSTOM_PREFIXES = Map.of("okta", "custom.", "onelogin", "User.custom.",
			"entra", CLAIMS + "custom.");

	private final String preset;

	private final Map<String, String> overrides;

	public AttributeMapping(String preset, Map<String, String> overrides) {
		if (!PRESETS.contains(preset)) {
			throw new IllegalArgumentException("Unknown attribute preset '" + preset + "'; use one of okta, onelogin, entra");
		}
		this.preset = preset;
		this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
	}

	public String preset() {
		return this.preset;
	}

	public Map<String, String> overrides() {
		return this.overrides;
	}

	/** The attribute that feeds a field: the override if there is one, else the preset's. */
	public String attributeFor(String field) {
		String override = this.overrides.get(field);
		if (override != null && !override.isBlank()) {
			return override;
		}
		if (field.startsWith(CUSTOM_PREFIX)) {
			return CUSTOM_PREFIXES.get(this.preset) + field.substring(CUSTOM_PREFIX.length());
		}
		return PRESET_NAMES.get(this.preset).get(field);
	}

	static boolean isKnownField(String field) {
		return STANDARD_FIELDS.contains(field)
				|| (field.startsWith(CUSTOM_PREFIX) && field.length() > CUSTOM_PREFIX.length());
	}

	private static Map<String, String> ordered(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return Collections.unmodifiableMap(map);
	}

}
