package io.tilegate.directory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * New users written in plain JDBC, each as one row plus a row per custom value, in batches
 * when there are several: what a SCIM create, a {@code /Bulk} request and a first sign-in
 * write. A new row gains nothing from the ORM, which would keep a snapshot of it, check it
 * for changes again at the commit and translate each statement anew; that was the larger
 * part of a single create's CPU. The users are written as the ORM would have written them
 * (version 0), and count as stored afterwards, so that a report resolved to one of them
 * references it as any stored user.
 */
@Component
class NewUserRows {

	private static final String INSERT_USER = """
			insert into app_user (id, tenant_id, user_name, user_name_key, email, email_key, first_name, last_name,
			  phone, company, department, title, hire_date, photo_url, employee_number, display_name, office_address,
			  cost_center, division, scim_attributes, manager_id, manager_ref, manager_ref_key, active, scim_managed,
			  external_id, created_at, updated_at, version)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""";

	private static final String INSERT_CUSTOM_VALUE = "insert into user_custom_value (user_id, field_name, field_value) values (?, ?, ?)";

	private static final String INSERT_MEMBERSHIP = "insert into group_membership (user_id, group_id) values (?, ?)";

	private final JdbcTemplate jdbc;

	NewUserRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts the users with their custom values and groups.
	 * @throws org.springframework.dao.DataIntegrityViolationException when a user name is
	 * taken, whatever its case ({@link UserNameTakenException#causedBy} tells)
	 */
	void insert(List<User> users) {
		if (users.isEmpty()) {
			return;
		}
		if (users.size() == 1) {
			this.jdbc.update(INSERT_USER, row(users.get(0)));
		}
		else {
			this.jdbc.batchUpdate(INSERT_USER, users.stream().map(NewUserRows::row).toList());
		}
		List<Object[]> values = new ArrayList<>();
		List<Object[]> memberships = new ArrayList<>();
		for (User user : users) {
			for (Map.Entry<String, String> value : user.getCustomValues().entrySet()) {
				values.add(new Object[] { user.getId(), value.getKey(), value.getValue() });
			}
			for (UserGroup group : user.getGroups()) {
				memberships.add(new Object[] { user.getId(), group.getId() });
			}
		}
		if (!values.isEmpty()) {
			this.jdbc.batchUpdate(INSERT_CUSTOM_VALUE, values);
		}
		if (!memberships.isEmpty()) {
			this.jdbc.batchUpdate(INSERT_MEMBERSHIP, memberships);
		}
		users.forEach(User::stored);
	}

	private static Object[] row(User user) {
		return new Object[] { user.getId(), user.getTenantId(), user.getUserName(), user.getUserNameKey(),
				user.getEmail(), user.getEmailKey(), user.getFirstName(), user.getLastName(), user.getPhone(),
				user.getCompany(), user.getDepartment(), user.getTitle(), user.getHireDate(), user.getPhotoUrl(),
				user.getEmployeeNumber(), user.getDisplayNameAsSent(), user.getOfficeAddress(), user.getCostCenter(),
				user.getDivision(), user.getScimAttributes(),
				(user.getManager() != null) ? user.getManager().getId() : null, user.getManagerRef(),
				user.getManagerRefKey(), user.isActive(), user.isScimManaged(), user.getExternalId(),
				utc(user.getCreatedAt()), utc(user.getUpdatedAt()) };
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
