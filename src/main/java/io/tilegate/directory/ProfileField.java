package io.tilegate.directory;

/**
 * The profile fields an IdP or SCIM client may set, with their contract names (the keys of
 * {@code AttributeMapping}) and the most characters the database keeps for each.
 */
public enum ProfileField {

	FIRST_NAME("firstName", 255), LAST_NAME("lastName", 255), EMAIL("email", 320), PHONE("phone", 64),
	COMPANY("company", 255), DEPARTMENT("department", 255), TITLE("title", 255), MANAGER("manager", 320),
	HIRE_DATE("hireDate", 10), PHOTO("photo", 2048);

	private final String key;

	private final int maxLength;

	ProfileField(String key, int maxLength) {
		this.key = key;
		this.maxLength = maxLength;
	}

	/** The contract's name of the field, as in events and attribute mappings. */
	public String key() {
		return this.key;
	}

	public int maxLength() {
		return this.maxLength;
	}

}
