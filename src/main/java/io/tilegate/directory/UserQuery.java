package io.tilegate.directory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link UserSearch} as an SQL condition on {@code app_user u} with its arguments, in the
 * SQL H2 and PostgreSQL share. Every comparison is true or false, never unknown, so that
 * {@code not} keeps the users the inner term does not match, those without a value included.
 */
final class UserQuery {

	private final StringBuilder sql = new StringBuilder();

	private final List<Object> args = new ArrayList<>();

	private UserQuery() {
	}

	static UserQuery of(UserSearch search) {
		UserQuery query = new UserQuery();
		query.append(search);
		return query;
	}

	String condition() {
		return this.sql.toString();
	}

	List<Object> args() {
		return this.args;
	}

	/** What users are sorted by; the case-insensitive attributes by their lower-cased value. */
	static SortKey sortKey(UserOrder.By by) {
		return switch (by) {
			case CREATED -> SortKey.instant("u.created_at", false);
			case LAST_MODIFIED -> SortKey.instant("u.updated_at", false);
			case USER_NAME -> SortKey.text("u.user_name_key", false);
			case DISPLAY_NAME -> SortKey.text("lower(u.display_name)", true);
			case FAMILY_NAME -> SortKey.text("lower(u.last_name)", true);
			case EXTERNAL_ID -> SortKey.text("u.external_id", true);
		};
	}

	private void append(UserSearch search) {
		if (search instanceof UserSearch.Constant constant) {
			this.sql.append(constant == UserSearch.Constant.EVERYONE ? "1 = 1" : "1 = 0");
		}
		else if (search instanceof UserSearch.Present present) {
			this.sql.append(column(present.attribute())).append(" is not null");
		}
		else if (search instanceof UserSearch.Not not) {
			this.sql.append("not (");
			append(not.term());
			this.sql.append(')');
		}
		else if (search instanceof UserSearch.All all) {
			join(all.terms(), " and ", UserSearch.everyone());
		}
		else if (search instanceof UserSearch.Any any) {
			join(any.terms(), " or ", UserSearch.nobody());
		}
		else {
			compare((UserSearch.Comparison) search);
		}
	}

	private void join(List<UserSearch> terms, String operator, UserSearch empty) {
		if (terms.isEmpty()) {
			append(empty);
			return;
		}
		this.sql.append('(');
		for (int i = 0; i < terms.size(); i++) {
			if (i > 0) {
				this.sql.append(operator);
			}
			append(terms.get(i));
		}
		this.sql.append(')');
	}

	private void compare(UserSearch.Comparison comparison) {
		UserSearch.Attribute attribute = comparison.attribute();
		String column = column(attribute);
		Object value = argument(attribute, comparison.value());
		switch (comparison.operator()) {
			case EQ -> condition(column, " = ?", value);
			case NE -> {
				this.sql.append('(').append(column).append(" is null or ").append(column).append(" <> ?)");
				this.args.add(value);
			}
			case SW -> condition(column, " like ? escape '\\'", like(value) + "%");
			case EW -> condition(column, " like ? escape '\\'", "%" + like(value));
			case CO -> condition(column, " like ? escape '\\'", "%" + like(value) + "%");
			case GT -> condition(column, " > ?", value);
			case GE -> condition(column, " >= ?", value);
			case LT -> condition(column, " < ?", value);
			case LE -> condition(column, " <= ?", value);
		}
	}

	private void condition(String column, String comparison, Object value) {
		this.sql.append('(').append(column).append(" is not null and ").append(column).append(comparison).append(')');
		this.args.add(value);
	}

	// The key columns hold the lower-cased value and are indexed: a lookup by user name or
	// email is an index seek, not a scan.
	private static String column(UserSearch.Attribute attribute) {
		return switch (attribute) {
			case ID -> "u.id";
			case USER_NAME -> "u.user_name_key";
			case EXTERNAL_ID -> "u.external_id";
			case DISPLAY_NAME -> "lower(u.display_name)";
			case FIRST_NAME -> "lower(u.first_name)";
			case LAST_NAME -> "lower(u.last_name)";
			case EMAIL -> "u.email_key";
			case PHONE -> "lower(u.phone)";
			case TITLE -> "lower(u.title)";
			case COMPANY -> "lower(u.company)";
			case DEPARTMENT -> "lower(u.department)";
			case EMPLOYEE_NUMBER -> "lower(u.employee_number)";
			case ACTIVE -> "u.active";
			case CREATED -> "u.created_at";
			case LAST_MODIFIED -> "u.updated_at";
		};
	}

	private static Object argument(UserSearch.Attribute attribute, Object value) {
		if (value instanceof Instant instant) {
			return instant.atOffset(ZoneOffset.UTC);
		}
		if (value instanceof String text && attribute != UserSearch.Attribute.EXTERNAL_ID) {
			return text.toLowerCase(Locale.ROOT);
		}
		return value;
	}

	private static String like(Object value) {
		return value.toString().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
