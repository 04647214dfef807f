package io.tilegate.scim;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.directory.ProfileField;
import io.tilegate.directory.UserEntryEdit;

/**
 * A SCIM User resource as sent by a client, read into the directory edit it asks for. Every
 * attribute of the User schemas ({@link ScimSchemas}) is read and kept; one left out is
 * cleared, except {@code active}. What the directory uses goes to its columns, the rest is
 * kept as the JSON of its attributes, so that the client reads back what it wrote. An
 * attribute the schemas do not have is refused ({@code invalidPath}), as is a known one with
 * the wrong JSON type or too long ({@code invalidValue}). Read-only attributes ({@code id},
 * {@code meta}, {@code groups}) are ignored (RFC 7644 §3.5.1), and so is {@code password},
 * accepted and never stored.
 *
 * <p>What clients send beside RFC 7643, and is read all the same:
 * <ul>
 * <li>OneLogin: the SCIM 1.1 schema URNs ({@code urn:scim:schemas:core:1.0},
 * {@code urn:scim:schemas:extension:enterprise:1.0}), a single object where a multi-valued
 * attribute belongs ({@code "emails": {...}}), the manager as {@code {"managerId": "..."}},
 * booleans as strings ({@code "true"}), and its own extensions ({@code urn:scim:onelogin:...}),
 * which are ignored as a schema Tilegate does not serve (only an unknown
 * {@code urn:ietf:params:scim:} URN, a mistake rather than a vendor's extension, is refused);
 * <li>Entra: the manager as a plain string, {@code "active": "False"};
 * <li>attributes named with their schema URN ({@code urn:...:enterprise:2.0:User:department}).
 * </ul>
 */
final class ScimUserRequest {

	static final String CORE_1_0 = "urn:scim:schemas:core:1.0";

	static final String ENTERPRISE_1_0 = "urn:scim:schemas:extension:enterprise:1.0";

	private static final int MAX_IDENTIFIER = 255;

	private static final int MAX_CUSTOM_VALUE = 4000;

	/** The most characters of one value kept in the JSON of the attributes: a certificate fits. */
	private static final int MAX_KEPT_VALUE = 8000;

	private static final int MAX_LABEL = 255;

	private static final int MAX_OFFICE_ADDRESS = 1024;

	private static final String IETF_URN = "urn:ietf:params:scim:";

	/** The common attributes of RFC 7643 §3.1 that only the server sets. */
	private static final Set<String> SERVER_SET = Set.of("id", "meta", "schemas");

	/** The core attributes kept as sent in the JSON of the attributes, whole. */
	private static final List<String> KEPT_AS_SENT = List.of("nickName", "profileUrl", "userType", "preferredLanguage",
			"locale", "timezone", "emails", "phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles",
			"x509Certificates");

	/** The parts of {@code name} kept as sent; given and family name are columns. */
	private static final List<String> NAME_PARTS_AS_SENT = List.of("formatted", "middleName", "honorificPrefix",
			"honorificSuffix");

	private final ObjectNode core = object();

	private final ObjectNode enterprise = object();

	private final ObjectNode tilegate = object();

	private ScimUserRequest(ObjectNode resource) throws BadRequestException {
		Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			if (!collect(name, field.getValue(), ScimUserRepresentation.ENTERPRISE, this.enterprise)
					&& !collect(name, field.getValue(), ENTERPRISE_1_0, this.enterprise)
					&& !collect(name, field.getValue(), ScimUserRepresentation.TILEGATE, this.tilegate)
					&& !collect(name, field.getValue(), ScimUserRepresentation.CORE, this.core)
					&& !collect(name, field.getValue(), CORE_1_0, this.core)) {
				if (!name.regionMatches(true, 0, "urn:", 0, 4)) {
					this.core.set(name, field.getValue());
				}
				else if (name.regionMatches(true, 0, IETF_URN, 0, IETF_URN.length())) {
					throw BadRequestException.invalidPath("Tilegate serves no schema " + name + " for users; its User "
							+ "schemas are " + ScimSchemas.USER + ", " + ScimSchemas.ENTERPRISE_USER + " and "
							+ ScimSchemas.TILEGATE_USER + ". GET /Schemas lists their attributes.");
				}
			}
		}
	}

	/**
	 * @param customFields the names of the defined custom fields, asked for only when the
	 * resource carries Tilegate's extension
	 * @throws BadRequestException {@code invalidValue} for a missing user name, a value of the
	 * wrong type or too long, a bad hire date, an undefined custom field, or more to keep as
	 * sent than fits; {@code invalidPath} for an attribute or schema URN not in /Schemas
	 */
	static UserEntryEdit read(ObjectNode resource, Supplier<Collection<String>> customFields)
			throws BadRequestException {
		return new ScimUserRequest(resource).edit(customFields);
	}

	private UserEntryEdit edit(Supplier<Collection<String>> customFields) throws BadRequestException {
		ObjectNode core = conform(ScimSchemas.CORE_USER, this.core, "");
		String userName = text(core, "userName", "userName", MAX_IDENTIFIER);
		if (userName == null || userName.isBlank()) {
			throw BadRequestException.invalidValue("userName is required: send the user's unique user name.");
		}
		UserEntryEdit edit = new UserEntryEdit(userName);
		edit.externalId(text(core, "externalId", "externalId", MAX_IDENTIFIER));
		ObjectNode keptAsSent = object();
		JsonNode name = core.get("name");
		if (name instanceof ObjectNode parts) {
			edit.set(ProfileField.FIRST_NAME, text(parts, "givenName", "name.givenName", ProfileField.FIRST_NAME));
			edit.set(ProfileField.LAST_NAME, text(parts, "familyName", "name.familyName", ProfileField.LAST_NAME));
			ObjectNode rest = object();
			for (String part : NAME_PARTS_AS_SENT) {
				if (parts.hasNonNull(part)) {
					rest.set(part, parts.get(part));
				}
			}
			if (!rest.isEmpty()) {
				keptAsSent.set("name", rest);
			}
		}
		for (String attribute : KEPT_AS_SENT) {
			JsonNode value = core.get(attribute);
			if (value != null) {
				keptAsSent.set(attribute, value);
			}
		}
		edit.displayName(text(core, "displayName", "displayName", MAX_LABEL));
		edit.set(ProfileField.EMAIL, profileValue(core, "emails", "work", "value", ProfileField.EMAIL.maxLength()));
		edit.set(ProfileField.PHONE, profileValue(core, "phoneNumbers", "work", "value", ProfileField.PHONE.maxLength()));
		edit.set(ProfileField.PHOTO, profileValue(core, "photos", "photo", "value", ProfileField.PHOTO.maxLength()));
		edit.officeAddress(profileOfficeAddress(core));
		edit.set(ProfileField.TITLE, text(core, "title", "title", ProfileField.TITLE));
		JsonNode active = core.get("active");
		if (active != null && !active.isNull()) {
			edit.active(active.booleanValue());
		}
		edit.scimAttributes(json(keptAsSent));

		String prefix = ScimUserRepresentation.ENTERPRISE + ":";
		ObjectNode enterprise = conform(ScimSchemas.ENTERPRISE, this.enterprise, prefix);
		edit.set(ProfileField.COMPANY, text(enterprise, "organization", prefix + "organization", ProfileField.COMPANY));
		edit.set(ProfileField.DEPARTMENT,
				text(enterprise, "department", prefix + "department", ProfileField.DEPARTMENT));
		edit.employeeNumber(text(enterprise, "employeeNumber", prefix + "employeeNumber", MAX_IDENTIFIER));
		edit.costCenter(text(enterprise, "costCenter", prefix + "costCenter", MAX_LABEL));
		edit.division(text(enterprise, "division", prefix + "division", MAX_LABEL));
		edit.set(ProfileField.MANAGER, manager());

		readTilegateExtension(edit, customFields);
		return edit;
	}

	/**
	 * The attributes of a schema with their names as the schema spells them and their values
	 * of the types it says; read-only and write-only ones left out.
	 * @param prefix what names the schema in an error: empty for the core schema
	 */
	private static ObjectNode conform(SchemaResource schema, ObjectNode attributes, String prefix)
			throws BadRequestException {
		ObjectNode conformed = object();
		Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (prefix.isEmpty() && SERVER_SET.contains(field.getKey().toLowerCase(Locale.ROOT))) {
				continue;
			}
			AttributeDefinition attribute = ScimSchemas.attribute(schema, field.getKey());
			if (attribute == null) {
				throw unknown(prefix + field.getKey());
			}
			// The manager has readers of its own, for the shapes Entra and OneLogin send.
			if (kept(attribute) && !attribute.getName().equals("manager")) {
				putConformed(conformed, attribute, field.getValue(), prefix + attribute.getName());
			}
		}
		return conformed;
	}

	private static void putConformed(ObjectNode into, AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		JsonNode conformed = conform(attribute, value, path);
		if (conformed != null) {
			into.set(attribute.getName(), conformed);
		}
	}

	/** The value as the attribute's definition says it is; {@code null} for none. */
	private static JsonNode conform(AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		if (value == null || value.isNull()) {
			return null;
		}
		if (attribute.isMultiValued()) {
			ArrayNode values = JsonUtils.getJsonNodeFactory().arrayNode();
			for (JsonNode one : value.isArray() ? value : JsonUtils.getJsonNodeFactory().arrayNode().add(value)) {
				JsonNode conformed = conformOne(attribute, one, path);
				if (conformed != null) {
					values.add(conformed);
				}
			}
			return values.isEmpty() ? null : values;
		}
		return conformOne(attribute, value, path);
	}

	private static JsonNode conformOne(AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		if (value == null || value.isNull()) {
			return null;
		}
		switch (attribute.getType()) {
			case COMPLEX -> {
				if (!value.isObject()) {
					throw wrongType(path, attribute.isMultiValued() ? "an array of objects" : "an object");
				}
				ObjectNode conformed = object();
				Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
				while (fields.hasNext()) {
					Map.Entry<String, JsonNode> field = fields.next();
					AttributeDefinition sub = ScimSchemas.subAttribute(attribute, field.getKey());
					if (sub == null) {
						throw unknown(path + "." + field.getKey());
					}
					if (kept(sub)) {
						putConformed(conformed, sub, field.getValue(), path + "." + sub.getName());
					}
				}
				return conformed.isEmpty() ? null : conformed;
			}
			case BOOLEAN -> {
				return JsonUtils.getJsonNodeFactory().booleanNode(bool(value, path));
			}
			default -> {
				if (!value.isTextual()) {
					throw wrongType(path, "a string");
				}
				checkLength(value.asText(), path, MAX_KEPT_VALUE);
				return value;
			}
		}
	}

	private static boolean kept(AttributeDefinition attribute) {
		return attribute.getMutability() != AttributeDefinition.Mutability.READ_ONLY
				&& attribute.getMutability() != AttributeDefinition.Mutability.WRITE_ONLY;
	}

	private static BadRequestException unknown(String attribute) {
		return BadRequestException.invalidPath("Tilegate's User schemas have no attribute '" + attribute + "', so it "
				+ "cannot be kept; nothing was written. GET /Schemas lists the attributes Tilegate keeps: remove this "
				+ "one from the IdP's mapping, or map it to a custom field.");
	}

	/** The work address (else the primary one, else the first) as one line: as formatted, else its parts. */
	private static String profileOfficeAddress(ObjectNode core) throws BadRequestException {
		ObjectNode address = profileChoice(core.get("addresses"), "work");
		String line = (address != null) ? officeAddress(address) : null;
		return (line != null) ? checkLength(line, "addresses.formatted", MAX_OFFICE_ADDRESS) : null;
	}

	/** The address as one line, as the profile shows it; {@code null} when it has no text. */
	static String officeAddress(ObjectNode address) {
		String line = address.path("formatted").asText(null);
		if (line == null || line.isBlank()) {
			List<String> parts = new ArrayList<>();
			for (String part : List.of("streetAddress", "locality", "region", "postalCode", "country")) {
				String text = address.path(part).asText("").trim();
				if (!text.isEmpty()) {
					parts.add(text);
				}
			}
			line = String.join(", ", parts);
		}
		line = line.trim().replaceAll("\\s*\\R\\s*", ", ");
		return line.isEmpty() ? null : line;
	}

	private static String json(ObjectNode keptAsSent) throws BadRequestException {
		if (keptAsSent.isEmpty()) {
			return null;
		}
		String json = keptAsSent.toString();
		if (json.length() > UserEntryEdit.MAX_SCIM_ATTRIBUTES) {
			throw BadRequestException.invalidValue("The attributes Tilegate keeps as sent (name parts, emails, phone "
					+ "numbers, addresses, photos, roles, ...) take " + json.length() + " characters as JSON; at most "
					+ UserEntryEdit.MAX_SCIM_ATTRIBUTES + " fit. Send fewer or shorter values.");
		}
		return json;
	}

	private void readTilegateExtension(UserEntryEdit edit, Supplier<Collection<String>> customFields)
			throws BadRequestException {
		String prefix = ScimUserRepresentation.TILEGATE + ":";
		Collection<String> defined = null;
		Iterator<Map.Entry<String, JsonNode>> fields = this.tilegate.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			String attribute = field.getKey();
			if (attribute.equalsIgnoreCase("hireDate")) {
				edit.hireDate(hireDate(text(this.tilegate, attribute, prefix + "hireDate", MAX_IDENTIFIER)));
				continue;
			}
			if (defined == null) {
				defined = customFields.get();
			}
			String customField = defined.stream().filter(attribute::equalsIgnoreCase).findFirst().orElse(null);
			if (customField == null) {
				throw BadRequestException.invalidValue("The attribute " + prefix + attribute + " names no custom field "
						+ "of Tilegate. Define the custom field '" + attribute + "' in Tilegate, or remove the "
						+ "mapping in the IdP.");
			}
			edit.custom(customField, text(this.tilegate, attribute, prefix + attribute, MAX_CUSTOM_VALUE));
		}
	}

	/**
	 * RFC 7643 §4.3 {@code {"value": id}}; Entra's plain string; OneLogin's (SCIM 1.1)
	 * {@code {"managerId": id}}.
	 */
	private String manager() throws BadRequestException {
		String attribute = ScimUserRepresentation.ENTERPRISE + ":manager";
		JsonNode manager = this.enterprise.get("manager");
		if (manager == null || manager.isNull()) {
			return null;
		}
		if (manager.isTextual()) {
			return checkLength(manager.asText(), attribute, ProfileField.MANAGER.maxLength());
		}
		if (!manager.isObject()) {
			throw wrongType(attribute, "an object with the manager's id as \"value\"");
		}
		ObjectNode reference = (ObjectNode) manager;
		String value = text(reference, "value", attribute + ".value", ProfileField.MANAGER.maxLength());
		if (value == null) {
			value = text(reference, "managerId", attribute + ".managerId", ProfileField.MANAGER.maxLength());
		}
		return value;
	}

	/** The profile's value of a conformed multi-valued attribute: see {@link #profileChoice}. */
	private static String profileValue(ObjectNode core, String attribute, String type, String sub, int maxLength)
			throws BadRequestException {
		ObjectNode chosen = profileChoice(core.get(attribute), type);
		return (chosen == null) ? null : text(chosen, sub, attribute + "." + sub, maxLength);
	}

	/**
	 * The value of a multi-valued attribute the profile takes: the one of the given type, else
	 * the primary one, else the first; {@code null} when there is none.
	 */
	static ObjectNode profileChoice(JsonNode values, String type) {
		if (values == null || !values.isArray()) {
			return null;
		}
		ObjectNode primary = null;
		ObjectNode first = null;
		for (JsonNode value : values) {
			if (!(value instanceof ObjectNode candidate)) {
				continue;
			}
			if (type.equalsIgnoreCase(candidate.path("type").asText(""))) {
				return candidate;
			}
			if (primary == null && candidate.path("primary").asBoolean(false)) {
				primary = candidate;
			}
			if (first == null) {
				first = candidate;
			}
		}
		return (primary != null) ? primary : first;
	}

	// OneLogin and Entra send booleans as strings, in any case.
	private static boolean bool(JsonNode node, String attribute) throws BadRequestException {
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isTextual()) {
			String text = node.asText().trim().toLowerCase(Locale.ROOT);
			if (text.equals("true") || text.equals("false")) {
				return text.equals("true");
			}
		}
		throw wrongType(attribute, "true or false");
	}

	private static LocalDate hireDate(String value) throws BadRequestException {
		if (value == null) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				// A date-time counts by its date as written, not converted to UTC.
				return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(value));
			}
			catch (DateTimeParseException notDateTime) {
				throw BadRequestException.invalidValue("The hireDate '" + value + "' is not a date; send it as "
						+ "yyyy-MM-dd, e.g. 2024-03-01.");
			}
		}
	}

	private static String text(ObjectNode node, String name, String attribute, ProfileField field)
			throws BadRequestException {
		return text(node, name, attribute, field.maxLength());
	}

	private static String text(ObjectNode node, String name, String attribute, int maxLength)
			throws BadRequestException {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw wrongType(attribute, "a string");
		}
		return checkLength(value.asText(), attribute, maxLength);
	}

	private static String checkLength(String value, String attribute, int maxLength) throws BadRequestException {
		if (value.trim().length() > maxLength) {
			throw BadRequestException.invalidValue("The value of " + attribute + " has " + value.trim().length()
					+ " characters; Tilegate keeps at most " + maxLength + ". Shorten it in the IdP.");
		}
		return value;
	}

	private static BadRequestException wrongType(String attribute, String expected) {
		return BadRequestException.invalidValue("The value of " + attribute + " must be " + expected + ".");
	}

	/**
	 * Takes an attribute that belongs to the schema: the schema's object, whose attributes
	 * are merged, or one attribute named with the schema's URN as prefix.
	 */
	private static boolean collect(String name, JsonNode value, String urn, ObjectNode into)
			throws BadRequestException {
		if (name.equalsIgnoreCase(urn)) {
			if (value.isNull()) {
				return true;
			}
			if (!value.isObject()) {
				throw wrongType(urn, "an object");
			}
			value.fields().forEachRemaining((field) -> into.set(field.getKey(), field.getValue()));
			return true;
		}
		if (name.length() > urn.length() + 1 && name.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
			into.set(name.substring(urn.length() + 1), value);
			return true;
		}
		return false;
	}

	private static ObjectNode object() {
		return JsonUtils.getJsonNodeFactory().objectNode();
	}

}
