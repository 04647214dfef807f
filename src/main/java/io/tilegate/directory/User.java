package io.tilegate.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A person in the directory. Group memberships and custom values are owned collections, so
 * changing them bumps {@link #version} too: two logins racing on the same person collide
 * instead of silently overwriting each other.
 */
@Entity
@Table(name = "app_user")
class User {

	/** One deployment is one tenant today; the column keeps a second one possible. */
	static final String DEFAULT_TENANT = "default";

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	// Updatable: a SCIM client may rename a user (RFC 7643 §4.1.1 makes userName readWrite).
	@Column(name = "user_name", nullable = false)
	private String userName;

	@Column(name = "user_name_key", nullable = false)
	private String userNameKey;

	private String email;

	@Column(name = "email_key")
	private String emailKey;

	@Column(name = "first_name")
	private String firstName;

	@Column(name = "last_name")
	private String lastName;

	private String phone;

	private String company;

	private String department;

	private String title;

	@Column(name = "hire_date")
	private LocalDate hireDate;

	@Column(name = "photo_url")
	private String photoUrl;

	@Column(name = "employee_number")
	private String employeeNumber;

	// A SCIM client's own name for the person; the console shows it when set.
	@Column(name = "display_name")
	private String displayNameAsSent;

	@Column(name = "office_address")
	private String officeAddress;

	@Column(name = "cost_center")
	private String costCenter;

	private String division;

	// What a SCIM client sent beside the columns, as JSON only SCIM reads.
	@Column(name = "scim_attributes")
	private String scimAttributes;

	@ManyToOne(fetch = FetchType.LAZY)
	@JoinColumn(name = "manager_id")
	private User manager;

	@Column(name = "manager_ref")
	private String managerRef;

	@Column(name = "manager_ref_key")
	private String managerRefKey;

	@Column(nullable = false)
	private boolean active;

	@Column(name = "scim_managed", nullable = false)
	private boolean scimManaged;

	@Column(name = "external_id")
	private String externalId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	// A wrapper type: a null version is how Spring Data tells a new user from a stored one.
	@Version
	private Long version;

	@ManyToMany
	@JoinTable(name = "group_membership", joinColumns = @JoinColumn(name = "user_id"),
			inverseJoinColumns = @JoinColumn(name = "group_id"))
	private Set<UserGroup> groups = new HashSet<>();

	@ElementCollection
	@CollectionTable(name = "user_custom_value", joinColumns = @JoinColumn(name = "user_id"))
	@MapKeyColumn(name = "field_name")
	@Column(name = "field_value", nullable = false)
	private Map<String, String> customValues = new LinkedHashMap<>();

	protected User() {
	}

	User(String userName, Instant now) {
		this(DEFAULT_TENANT, userName, now);
	}

	User(String tenantId, String userName, Instant now) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId;
		this.userName = userName;
		this.userNameKey = key(userName);
		this.active = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	static String key(String value) {
		return value == null ? null : value.toLowerCase(Locale.ROOT);
	}

	UUID getId() {
		return this.id;
	}

	String getTenantId() {
		return this.tenantId;
	}

	String getUserName() {
		return this.userName;
	}

	String getUserNameKey() {
		return this.userNameKey;
	}

	String getEmail() {
		return this.email;
	}

	String getEmailKey() {
		return this.emailKey;
	}

	String getFirstName() {
		return this.firstName;
	}

	String getLastName() {
		return this.lastName;
	}

	String getPhone() {
		return this.phone;
	}

	String getCompany() {
		return this.company;
	}

	String getDepartment() {
		return this.department;
	}

	String getTitle() {
		return this.title;
	}

	LocalDate getHireDate() {
		return this.hireDate;
	}

	String getPhotoUrl() {
		return this.photoUrl;
	}

	String getEmployeeNumber() {
		return this.employeeNumber;
	}

	String getExternalId() {
		return this.externalId;
	}

	String getDisplayNameAsSent() {
		return this.displayNameAsSent;
	}

	String getOfficeAddress() {
		return this.officeAddress;
	}

	String getCostCenter() {
		return this.costCenter;
	}

	String getDivision() {
		return this.division;
	}

	String getScimAttributes() {
		return this.scimAttributes;
	}

	User getManager() {
		return this.manager;
	}

	String getManagerRef() {
		return this.managerRef;
	}

	String getManagerRefKey() {
		return this.managerRefKey;
	}

	boolean isActive() {
		return this.active;
	}

	boolean isScimManaged() {
		return this.scimManaged;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	Set<UserGroup> getGroups() {
		return this.groups;
	}

	Map<String, String> getCustomValues() {
		return this.customValues;
	}

	UserSummary summary() {
		return new UserSummary(getId(), getUserName(), isActive(), isScimManaged());
	}

	/** The name people know this user by: first and last name, else the user name. */
	String displayName() {
		return displayName(this.firstName, this.lastName, this.userName);
	}

	/** First and last name, or the user name when both are empty: for rows read without an entity too. */
	static String displayName(String firstName, String lastName, String userName) {
		String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
		return name.isEmpty() ? userName : name;
	}

	String text(ProfileField field) {
		return switch (field) {
			case FIRST_NAME -> this.firstName;
			case LAST_NAME -> this.lastName;
			case EMAIL -> this.email;
			case PHONE -> this.phone;
			case COMPANY -> this.company;
			case DEPARTMENT -> this.department;
			case TITLE -> this.title;
			case PHOTO -> this.photoUrl;
			case MANAGER, HIRE_DATE -> throw new IllegalArgumentException(field + " is not a text field");
		};
	}

	void setText(ProfileField field, String value) {
		switch (field) {
			case FIRST_NAME -> this.firstName = value;
			case LAST_NAME -> this.lastName = value;
			case EMAIL -> {
				this.email = value;
				this.emailKey = key(value);
			}
			case PHONE -> this.phone = value;
			case COMPANY -> this.company = value;
			case DEPARTMENT -> this.department = value;
			case TITLE -> this.title = value;
			case PHOTO -> this.photoUrl = value;
			case MANAGER, HIRE_DATE -> throw new IllegalArgumentException(field + " is not a text field");
		}
	}

	void rename(String userName) {
		this.userName = userName;
		this.userNameKey = key(userName);
	}

	void setExternalId(String externalId) {
		this.externalId = externalId;
	}

	void setEmployeeNumber(String employeeNumber) {
		this.employeeNumber = employeeNumber;
	}

	void setDisplayNameAsSent(String displayName) {
		this.displayNameAsSent = displayName;
	}

	void setOfficeAddress(String officeAddress) {
		this.officeAddress = officeAddress;
	}

	void setCostCenter(String costCenter) {
		this.costCenter = costCenter;
	}

	void setDivision(String division) {
		this.division = division;
	}

	void setScimAttributes(String scimAttributes) {
		this.scimAttributes = scimAttributes;
	}

	/** From now on SCIM is the source of truth for this user's profile. */
	void provisionedByScim() {
		this.scimManaged = true;
	}

	void setHireDate(LocalDate hireDate) {
		this.hireDate = hireDate;
	}

	void reportTo(User manager) {
		this.manager = manager;
		this.managerRef = null;
		this.managerRefKey = null;
	}

	void reportToPending(String reference) {
		this.manager = null;
		this.managerRef = reference;
		this.managerRefKey = key(reference);
	}

	void setActive(boolean active) {
		this.active = active;
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

	/** Written by {@link NewUserRows}: stored at the version the ORM would have given it. */
	void stored() {
		this.version = 0L;
	}

	Long getVersion() {
		return this.version;
	}

}
