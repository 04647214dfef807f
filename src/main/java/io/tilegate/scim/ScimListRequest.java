package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.GroupOrder;
import io.tilegate.directory.UserOrder;

/**
 * What a client asks of a list (RFC 7644 §3.4.2): a filter, a page, an order and the
 * attributes to return. Read from the query of a GET, or from the body of a POST to
 * {@code .search} (§3.4.3), which asks the same and keeps the filter out of URLs that
 * proxies and access logs keep; both answer alike.
 */
final class ScimListRequest {

	static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

	private static final List<String> SEARCH_FIELDS = List.of("schemas", "filter", "startIndex", "count", "sortBy",
			"sortOrder", "attributes", "excludedAttributes");

	private static final String USER_URN = ScimUserRepresentation.CORE.toLowerCase(Locale.ROOT) + ":";

	private static final String GROUP_URN = ScimGroupRepresentation.SCHEMA.toLowerCase(Locale.ROOT) + ":";

	/** The attributes users can be sorted by: those the database keeps an index for. */
	private static final Map<String, UserOrder.By> USER_SORT = Map.of("username", UserOrder.By.USER_NAME,
			"displayname", UserOrder.By.DISPLAY_NAME, "name.familyname", UserOrder.By.FAMILY_NAME, "meta.created",
			UserOrder.By.CREATED, "meta.lastmodified", UserOrder.By.LAST_MODIFIED, "externalid",
			UserOrder.By.EXTERNAL_ID);

	private static final Map<String, GroupOrder.By> GROUP_SORT = Map.of("displayname", GroupOrder.By.DISPLAY_NAME,
			"meta.created", GroupOrder.By.CREATED, "meta.lastmodified", GroupOrder.By.LAST_MODIFIED, "externalid",
			GroupOrder.By.EXTERNAL_ID);

	private final String filter;

	private final int startIndex;

	private final int count;

	private final String sortBy;

	private final boolean descending;

	private final ScimProjection projection;

	private ScimListRequest(String filter, int startIndex, int count, String sortBy, boolean descending,
			ScimProjection projection) {
		this.filter = filter;
		this.startIndex = startIndex;
		this.count = count;
		this.sortBy = sortBy;
		this.descending = descending;
		this.projection = projection;
	}

	/**
	 * The query parameters of a GET, as sent.
	 * @throws BadRequestException {@code invalidValue} for a {@code startIndex} or {@code count}
	 * that is no integer, or a {@code sortOrder} that is neither ascending nor descending
	 */
	static ScimListRequest of(String filter, String startIndex, String count, String sortBy, String sortOrder,
			String attributes, String excludedAttributes, TilegateProperties.Scim limits) throws BadRequestException {
		// RFC 7644 §3.4.2.4: a startIndex below 1 is 1, a negative count is 0, and a count
		// above the most a page holds is that most.
		int start = Math.max(1, integer(startIndex, "startIndex", 1));
		int size = Math.min(Math.max(0, integer(count, "count", limits.defaultResults())), limits.maxResults());
		return new ScimListRequest(filter, start, size, blankAsNull(sortBy), descending(sortOrder), ScimProjection
			.of(attributes, excludedAttributes));
	}

	/**
	 * The body of a POST to {@code .search}: a SearchRequest message (RFC 7644 §3.4.3) whose
	 * {@code attributes} and {@code excludedAttributes} are arrays of names (a comma-separated
	 * string, as in a query, is taken too). {@code schemas} may be left out.
	 * @throws BadRequestException {@code invalidSyntax} for a field a SearchRequest does not
	 * have, another message's {@code schemas} or a value of the wrong JSON type, and what
	 * {@link #of} throws
	 */
	static ScimListRequest read(ObjectNode body, TilegateProperties.Scim limits) throws BadRequestException {
		Map<String, String> values = new HashMap<>();
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			String name = SEARCH_FIELDS.stream()
				.filter((known) -> known.equalsIgnoreCase(field.getKey()))
				.findFirst()
				// A misspelt filter is no filter: answering with every resource would hide the mistake.
				.orElseThrow(() -> BadRequestException.invalidSyntax("A SearchRequest (RFC 7644 §3.4.3) has no field '"
						+ field.getKey() + "'; its fields are " + String.join(", ", SEARCH_FIELDS) + "."));
			JsonNode value = field.getValue();
			if (value.isNull()) {
				continue;
			}
			switch (name) {
				case "schemas" -> checkSchemas(value);
				case "attributes", "excludedAttributes" -> values.put(name, names(name, value));
				case "startIndex", "count" -> {
					if (!value.isNumber() && !value.isTextual()) {
						throw wrongType(name, value, "an integer");
					}
					values.put(name, value.asText());
				}
				default -> {
					if (!value.isTextual()) {
						throw wrongType(name, value, "a string");
					}
					values.put(name, value.textValue());
				}
			}
		}
		return of(values.get("filter"), values.get("startIndex"), values.get("count"), values.get("sortBy"),
				values.get("sortOrder"), values.get("attributes"), values.get("excludedAttributes"), limits);
	}

	/** The filter as sent; {@code null} for none. */
	String filter() {
		return this.filter;
	}

	/** The 1-based index of the page's first resource. */
	int startIndex() {
		return this.startIndex;
	}

	/** How many resources to skip: {@code startIndex - 1}. */
	int offset() {
		return this.startIndex - 1;
	}

	/** The most resources on the page; 0 counts them only. */
	int count() {
		return this.count;
	}

	ScimProjection projection() {
		return this.projection;
	}

	/**
	 * Oldest first without a {@code sortBy}, or newest first with {@code sortOrder}
	 * descending alone.
	 * @throws BadRequestException {@code invalidValue} for an attribute users cannot be sorted by
	 */
	UserOrder userOrder() throws BadRequestException {
		if (this.sortBy == null) {
			return new UserOrder(UserOrder.By.CREATED, this.descending);
		}
		UserOrder.By by = USER_SORT.get(attribute(USER_URN));
		if (by == null) {
			throw unsortable("users", "userName, displayName, name.familyName, meta.created, meta.lastModified and "
					+ "externalId");
		}
		return new UserOrder(by, this.descending);
	}

	/** As {@link #userOrder()}, for groups. */
	GroupOrder groupOrder() throws BadRequestException {
		if (this.sortBy == null) {
			return new GroupOrder(GroupOrder.By.CREATED, this.descending);
		}
		GroupOrder.By by = GROUP_SORT.get(attribute(GROUP_URN));
		if (by == null) {
			throw unsortable("groups", "displayName, meta.created, meta.lastModified and externalId");
		}
		return new GroupOrder(by, this.descending);
	}

	/** The lower-cased {@code sortBy}, without the core schema's URN (RFC 7644 §3.10). */
	private String attribute(String coreUrn) {
		String name = this.sortBy.trim().toLowerCase(Locale.ROOT);
		return name.startsWith(coreUrn) ? name.substring(coreUrn.length()) : name;
	}

	private BadRequestException unsortable(String resources, String sortable) {
		return BadRequestException.invalidValue("Tilegate cannot sort " + resources + " by '" + this.sortBy
				+ "'. sortBy may be " + sortable + " (RFC 7644 §3.4.2.3); leave it out for the order of creation.");
	}

	/** RFC 7644 §3.4.2.3: ascending unless asked otherwise. */
	private static boolean descending(String sortOrder) throws BadRequestException {
		if (sortOrder == null || sortOrder.isBlank() || sortOrder.trim().equalsIgnoreCase("ascending")) {
			return false;
		}
		if (sortOrder.trim().equalsIgnoreCase("descending")) {
			return true;
		}
		throw BadRequestException.invalidValue(
				"sortOrder must be 'ascending' or 'descending' (RFC 7644 §3.4.2.3), not '" + sortOrder + "'.");
	}

	private static void checkSchemas(JsonNode schemas) throws BadRequestException {
		if (schemas.isArray()) {
			for (JsonNode schema : schemas) {
				if (schema.isTextual() && schema.textValue().trim().equalsIgnoreCase(SEARCH_REQUEST)) {
					return;
				}
			}
		}
		throw BadRequestException.invalidSyntax("The body of a POST to .search is a SearchRequest: its schemas are "
				+ "[\"" + SEARCH_REQUEST + "\"], not " + schemas + ".");
	}

	/** Attribute names as the query parameter has them: separated by commas. */
	private static String names(String field, JsonNode value) throws BadRequestException {
		if (value.isTextual()) {
			return value.textValue();
		}
		if (!value.isArray()) {
			throw wrongType(field, value, "an array of attribute names");
		}
		List<String> names = new ArrayList<>();
		for (JsonNode name : value) {
			if (!name.isTextual()) {
				throw wrongType(field, value, "an array of attribute names");
			}
			names.add(name.textValue());
		}
		return String.join(",", names);
	}

	private static BadRequestException wrongType(String field, JsonNode value, String expected) {
		return BadRequestException.invalidSyntax("The SearchRequest's " + field + " must be " + expected + ", not "
				+ value + ".");
	}

	private static int integer(String value, String parameter, int absent) throws BadRequestException {
		if (value == null || value.isBlank()) {
			return absent;
		}
		String text = value.trim();
		if (!text.matches("[+-]?\\d+")) {
			throw BadRequestException.invalidValue(parameter + " must be an integer, not '" + value + "'.");
		}
		boolean negative = text.startsWith("-");
		String digits = text.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
		if (digits.length() > 9) {
			return negative ? Integer.MIN_VALUE : Integer.MAX_VALUE;
		}
		return Integer.parseInt(text);
	}

	private static String blankAsNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
