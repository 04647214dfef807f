package io.tilegate.directory;

/**
 * The one list of the profile fields an IdP or SCIM client may set: their contract names (the
 * keys of {@code AttributeMapping}, of events and of persona rules), the most characters the
 * database keeps for each, and the column that holds it.
 */
public enum ProfileField {

	FIRST_NAME("firstName", 255, "first_name"), LAST_NAME("lastName", 255, "last_name"),
	EMAIL("email", 320, "email"), PHONE("phone", 64, "phone"), COMPANY("company", 255, "company"),
	DEPARTMENT("department", 255, "department"), TITLE("title", 255, "title"),
	MANAGER("manager", 320, "manager_id"), HIRE_DATE("hireDate", 10, "hire_date"),
	PHOTO("photo", 2048, "photo_url");

	private final String key;

	private final int maxLength;

	private final String column;

	ProfileField(String key, int maxLength, String column) {
		this.key = key;
		this.maxLength = maxLength;
		this.column = column;
	}

	/** The contract's name of the field, as in events and attribute mappings. */
	public String key() {
		return this.key;
	}

	public int maxLength() {
		return this.maxLength;
	}

	/** The {@code app_user} column that holds the field (the manager's id, for the manager). */
	public String column() {
		return this.column;
	}

}
