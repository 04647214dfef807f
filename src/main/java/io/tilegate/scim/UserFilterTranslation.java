package io.tilegate.scim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

import io.tilegate.directory.UserSearch.Attribute;
import io.tilegate.directory.UserSearch.Operator;
import io.tilegate.directory.UserSearch;

/**
 * A parsed SCIM filter on Users as the directory's search criteria, so that the database does
 * the filtering on its indexes. Only what Tilegate keeps can be filtered on; anything else is
 * {@code invalidFilter} naming it, never a silently empty answer.
 *
 * <p>Filters see the profile's email and phone number (the work one, else the primary, else
 * the first), not the other values kept as sent, so inside {@code emails[...]} a
 * {@code type eq "work"} or {@code primary eq true} holds for every user who has an email, and
 * any other type for none.
 */
final class UserFilterTranslation {

	private static final Map<String, Attribute> ATTRIBUTES = Map.ofEntries(Map.entry("id", Attribute.ID),
			Map.entry("username", Attribute.USER_NAME), Map.entry("externalid", Attribute.EXTERNAL_ID),
			Map.entry("displayname", Attribute.DISPLAY_NAME),
			Map.entry("name.givenname", Attribute.FIRST_NAME), Map.entry("name.familyname", Attribute.LAST_NAME),
			Map.entry("emails", Attribute.EMAIL), Map.entry("emails.value", Attribute.EMAIL),
			Map.entry("phonenumbers", Attribute.PHONE), Map.entry("phonenumbers.value", Attribute.PHONE),
			Map.entry("title", Attribute.TITLE), Map.entry("active", Attribute.ACTIVE),
			Map.entry("meta.created", Attribute.CREATED), Map.entry("meta.lastmodified", Attribute.LAST_MODIFIED),
			Map.entry("enterprise:organization", Attribute.COMPANY),
			Map.entry("enterprise:department", Attribute.DEPARTMENT),
			Map.entry("enterprise:employeenumber", Attribute.EMPLOYEE_NUMBER));

	/** The multi-valued attributes Tilegate keeps one value of, and the type it has. */
	private static final Map<String, Attribute> SINGLE_VALUED = Map.of("emails", Attribute.EMAIL, "phonenumbers",
			Attribute.PHONE);

	private static final Map<FilterType, Operator> OPERATORS = Map.of(FilterType.EQUAL, Operator.EQ,
			FilterType.NOT_EQUAL, Operator.NE, FilterType.CONTAINS, Operator.CO, FilterType.STARTS_WITH, Operator.SW,
			FilterType.ENDS_WITH, Operator.EW, FilterType.GREATER_THAN, Operator.GT, FilterType.GREATER_OR_EQUAL,
			Operator.GE, FilterType.LESS_THAN, Operator.LT, FilterType.LESS_OR_EQUAL, Operator.LE);

	private UserFilterTranslation() {
	}

	/** @param filter as {@link ScimFilters#parse} returns it; {@code null} for every user */
	static UserSearch translate(Filter filter) throws BadRequestException {
		return (filter == null) ? UserSearch.everyone() : translate(filter, null);
	}

	/** @param within the multi-valued attribute a {@code [...]} filter is inside, or {@code null} */
	private static UserSearch translate(Filter filter, String within) throws BadRequestException {
		FilterType type = filter.getFilterType();
		if (type == FilterType.AND || type == FilterType.OR) {
			List<UserSearch> terms = new ArrayList<>();
			for (Filter term : filter.getCombinedFilters()) {
				terms.add(translate(term, within));
			}
			return (type == FilterType.AND) ? UserSearch.all(terms) : UserSearch.any(terms);
		}
		if (type == FilterType.NOT) {
			return UserSearch.not(translate(filter.getInvertedFilter(), within));
		}
		String name = name(filter.getAttributePath(), within);
		if (type == FilterType.COMPLEX_VALUE) {
			Attribute single = SINGLE_VALUED.get(name);
			if (within != null || single == null) {
				throw unsupported("the value filter " + filter);
			}
			return UserSearch.all(List.of(UserSearch.present(single), translate(filter.getValueFilter(), name)));
		}
		Attribute attribute = ATTRIBUTES.get(name);
		if (type == FilterType.PRESENT) {
			UserSearch multiValued = typeOrPrimary(name, null, null);
			if (multiValued != null) {
				return multiValued;
			}
			if (attribute == null) {
				throw unsupported("the attribute " + filter.getAttributePath());
			}
			return switch (attribute) {
				case ID, USER_NAME, ACTIVE, CREATED, LAST_MODIFIED -> UserSearch.everyone();
				default -> UserSearch.present(attribute);
			};
		}
		Operator operator = OPERATORS.get(type);
		UserSearch multiValued = typeOrPrimary(name, operator, filter.getComparisonValue());
		if (multiValued != null) {
			return multiValued;
		}
		if (attribute == null) {
			throw unsupported("the attribute " + filter.getAttributePath());
		}
		if (!attribute.supports(operator)) {
			throw unsupported("'" + type + "' on " + filter.getAttributePath());
		}
		return comparison(attribute, operator, filter.getComparisonValue(), filter.getAttributePath());
	}

	private static UserSearch comparison(Attribute attribute, Operator operator, ValueNode value, Path path)
			throws BadRequestException {
		if (value == null || value.isNull()) {
			throw BadRequestException.invalidFilter("Compare " + path + " with a value, not null; use 'pr' to ask "
					+ "whether it has one.");
		}
		switch (attribute) {
			case ID -> {
				UUID id = uuid(text(value, path));
				if (id == null) {
					// Not an id Tilegate issued: no user has it.
					return (operator == Operator.EQ) ? UserSearch.nobody() : UserSearch.everyone();
				}
				return UserSearch.compare(attribute, operator, id);
			}
			case ACTIVE -> {
				return UserSearch.compare(attribute, operator, bool(value, path));
			}
			case CREATED, LAST_MODIFIED -> {
				return UserSearch.compare(attribute, operator, instant(text(value, path), path));
			}
			default -> {
				return UserSearch.compare(attribute, operator, text(value, path));
			}
		}
	}

	/**
	 * {@code type} and {@code primary} of the one email or phone number Tilegate keeps; null
	 * when the name is not one of those.
	 */
	private static UserSearch typeOrPrimary(String name, Operator operator, ValueNode value)
			throws BadRequestException {
		int dot = name.indexOf('.');
		Attribute single = (dot < 0) ? null : SINGLE_VALUED.get(name.substring(0, dot));
		String sub = (dot < 0) ? null : name.substring(dot + 1);
		if (single == null || !(sub.equals("type") || sub.equals("primary"))) {
			return null;
		}
		UserSearch present = UserSearch.present(single);
		if (operator == null) {
			return present;
		}
		boolean matches;
		if (sub.equals("type") && value != null && value.isTextual()
				&& (operator == Operator.EQ || operator == Operator.NE)) {
			matches = value.asText().equalsIgnoreCase("work") == (operator == Operator.EQ);
		}
		else if (sub.equals("primary") && value != null && (value.isBoolean() || value.isTextual())
				&& (operator == Operator.EQ || operator == Operator.NE)) {
			matches = bool(value, Path.root().attribute(name)) == (operator == Operator.EQ);
		}
		else {
			throw unsupported("'" + operator.name().toLowerCase(Locale.ROOT) + "' on " + name);
		}
		return matches ? present : UserSearch.nobody();
	}

	/**
	 * The attribute's lower-cased name: {@code name.givenname}, {@code emails.value} inside
	 * {@code emails[...]}, {@code enterprise:department} for the enterprise extension.
	 */
	private static String name(Path path, String within) throws BadRequestException {
		StringBuilder name = new StringBuilder();
		String urn = path.getSchemaUrn();
		if (urn != null && urn.equalsIgnoreCase(ScimUserRepresentation.ENTERPRISE)) {
			name.append("enterprise:");
		}
		else if (urn != null && !urn.equalsIgnoreCase(ScimUserRepresentation.CORE)) {
			throw unsupported("the attribute " + path);
		}
		if (within != null) {
			name.append(within).append('.');
		}
		for (int i = 0; i < path.size(); i++) {
			if (i > 0) {
				name.append('.');
			}
			name.append(path.getElement(i).getAttribute().toLowerCase(Locale.ROOT));
		}
		return name.toString();
	}

	private static String text(ValueNode value, Path path) throws BadRequestException {
		if (!value.isTextual()) {
			throw BadRequestException.invalidFilter("Compare " + path + " with a string in double quotes.");
		}
		return value.asText();
	}

	private static boolean bool(ValueNode value, Path path) throws BadRequestException {
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		String text = value.asText().trim();
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return Boolean.parseBoolean(text);
		}
		throw BadRequestException.invalidFilter("Compare " + path + " with true or false.");
	}

	private static Instant instant(String value, Path path) throws BadRequestException {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw BadRequestException.invalidFilter("Compare " + path + " with a date-time such as "
					+ "\"2024-03-01T09:30:00Z\"; '" + value + "' is not one.");
		}
	}

	private static UUID uuid(String value) {
		try {
			return (value.length() == 36) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static BadRequestException unsupported(String what) {
		return BadRequestException.invalidFilter("Tilegate cannot filter users on " + what + ". Filters may use "
				+ "userName, externalId, id, displayName, name.givenName, name.familyName, emails(.value), phoneNumbers(.value), "
				+ "title, active, meta.created, meta.lastModified and the enterprise organization, department and "
				+ "employeeNumber, combined with and, or, not.");
	}

}
