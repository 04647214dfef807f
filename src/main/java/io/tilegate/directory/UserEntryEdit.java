package io.tilegate.directory;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a provisioning client owns of a user, replacing what is stored: a field not set
 * here is cleared, as a SCIM PUT clears an attribute it leaves out. Only {@link #active} is
 * left alone when not set. Blank values count as not set.
 */
public final class UserEntryEdit {

	/** The most characters {@link #scimAttributes} may have: the size of its column. */
	public static final int MAX_SCIM_ATTRIBUTES = 200_000;

	private final String userName;

	private final Map<ProfileField, String> texts = new EnumMap<>(ProfileField.class);

	private String externalId;

	private String employeeNumber;

	private LocalDate hireDate;

	private String displayName;

	private String officeAddress;

	private String costCenter;

	private String division;

	private String scimAttributes;

	private final Map<String, String> custom = new LinkedHashMap<>();

	private Boolean active;

	public UserEntryEdit(String userName) {
		this.userName = Objects.requireNonNull(userName, "userName");
	}

	/**
	 * Sets a text field, or {@link ProfileField#MANAGER} to a reference to the manager: their
	 * id, external id or user name.
	 */
	public UserEntryEdit set(ProfileField field, String value) {
		if (field == ProfileField.HIRE_DATE) {
			throw new IllegalArgumentException("Set the hire date with hireDate(LocalDate)");
		}
		put(this.texts, field, value);
		return this;
	}

	public UserEntryEdit externalId(String externalId) {
		this.externalId = clean(externalId);
		return this;
	}

	public UserEntryEdit employeeNumber(String employeeNumber) {
		this.employeeNumber = clean(employeeNumber);
		return this;
	}

	public UserEntryEdit hireDate(LocalDate hireDate) {
		this.hireDate = hireDate;
		return this;
	}

	/** The name a provisioning client gives the person, shown instead of first and last name. */
	public UserEntryEdit displayName(String displayName) {
		this.displayName = clean(displayName);
		return this;
	}

	/** The person's office, as one line of text. */
	public UserEntryEdit officeAddress(String officeAddress) {
		this.officeAddress = clean(officeAddress);
		return this;
	}

	public UserEntryEdit costCenter(String costCenter) {
		this.costCenter = clean(costCenter);
		return this;
	}

	public UserEntryEdit division(String division) {
		this.division = clean(division);
		return this;
	}

	/**
	 * The rest of what a provisioning client sent, as JSON that only the client's protocol
	 * reads; the directory keeps it as it is, up to {@link #MAX_SCIM_ATTRIBUTES} characters.
	 */
	public UserEntryEdit scimAttributes(String json) {
		this.scimAttributes = clean(json);
		return this;
	}

	public UserEntryEdit custom(String fieldName, String value) {
		put(this.custom, fieldName, value);
		return this;
	}

	/** {@code null} leaves the status as it is. */
	public UserEntryEdit active(Boolean active) {
		this.active = active;
		return this;
	}

	public String userName() {
		return this.userName;
	}

	String text(ProfileField field) {
		return this.texts.get(field);
	}

	String externalId() {
		return this.externalId;
	}

	String employeeNumber() {
		return this.employeeNumber;
	}

	LocalDate hireDate() {
		return this.hireDate;
	}

	String displayName() {
		return this.displayName;
	}

	String officeAddress() {
		return this.officeAddress;
	}

	String costCenter() {
		return this.costCenter;
	}

	String division() {
		return this.division;
	}

	String scimAttributes() {
		return this.scimAttributes;
	}

	Map<String, String> custom() {
		return Collections.unmodifiableMap(this.custom);
	}

	Boolean active() {
		return this.active;
	}

	private static <K> void put(Map<K, String> map, K key, String value) {
		String clean = clean(value);
		if (clean == null) {
			map.remove(key);
		}
		else {
			map.put(key, clean);
		}
	}

	private static String clean(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
