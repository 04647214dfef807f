package io.tilegate.scim;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.directory.ProfileField;
import io.tilegate.directory.UserEntryEdit;

/**
 * A SCIM User resource as sent by a client, read into the directory edit it asks for. Every
 * mapped attribute is read; one left out is cleared, except {@code active}. Unknown attributes
 * ({@code displayName}, {@code locale}, {@code password}, ...) are ignored; a known one with
 * the wrong JSON type is {@code invalidValue}.
 *
 * <p>What clients send beside RFC 7643, and is read all the same:
 * <ul>
 * <li>OneLogin: the SCIM 1.1 schema URNs ({@code urn:scim:schemas:core:1.0},
 * {@code urn:scim:schemas:extension:enterprise:1.0}), a single object where a multi-valued
 * attribute belongs ({@code "emails": {...}}), the manager as {@code {"managerId": "..."}}, and
 * booleans as strings ({@code "true"});
 * <li>Entra: the manager as a plain string, {@code "active": "False"};
 * <li>attributes named with their schema URN ({@code urn:...:enterprise:2.0:User:department}).
 * </ul>
 */
final class ScimUserRequest {

	private static final String CORE_1_0 = "urn:scim:schemas:core:1.0";

	private static final String ENTERPRISE_1_0 = "urn:scim:schemas:extension:enterprise:1.0";

	private static final int MAX_IDENTIFIER = 255;

	private static final int MAX_CUSTOM_VALUE = 4000;

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
				this.core.set(name, field.getValue());
			}
		}
	}

	/**
	 * @param customFields the names of the defined custom fields, asked for only when the
	 * resource carries Tilegate's extension
	 * @throws BadRequestException {@code invalidValue} for a missing user name, a value of the
	 * wrong type or too long, a bad hire date, or an undefined custom field
	 */
	static UserEntryEdit read(ObjectNode resource, Supplier<Collection<String>> customFields)
			throws BadRequestException {
		return new ScimUserRequest(resource).edit(customFields);
	}

	private UserEntryEdit edit(Supplier<Collection<String>> customFields) throws BadRequestException {
		String userName = text(this.core, "userName", "userName", MAX_IDENTIFIER);
		if (userName == null || userName.isBlank()) {
			throw BadRequestException.invalidValue("userName is required: send the user's unique user name.");
		}
		UserEntryEdit edit = new UserEntryEdit(userName);
		edit.externalId(text(this.core, "externalId", "externalId", MAX_IDENTIFIER));
		ObjectNode name = object(this.core, "name", "name");
		if (name != null) {
			edit.set(ProfileField.FIRST_NAME, text(name, "givenName", "name.givenName", ProfileField.FIRST_NAME));
			edit.set(ProfileField.LAST_NAME, text(name, "familyName", "name.familyName", ProfileField.LAST_NAME));
		}
		edit.set(ProfileField.EMAIL, singleValue("emails", "work", ProfileField.EMAIL));
		edit.set(ProfileField.PHONE, singleValue("phoneNumbers", "work", ProfileField.PHONE));
		edit.set(ProfileField.PHOTO, singleValue("photos", "photo", ProfileField.PHOTO));
		edit.set(ProfileField.TITLE, text(this.core, "title", "title", ProfileField.TITLE));
		JsonNode active = this.core.get("active");
		if (active != null && !active.isNull()) {
			edit.active(bool(active, "active"));
		}

		String prefix = ScimUserRepresentation.ENTERPRISE + ":";
		edit.set(ProfileField.COMPANY, text(this.enterprise, "organization", prefix + "organization", ProfileField.COMPANY));
		edit.set(ProfileField.DEPARTMENT,
				text(this.enterprise, "department", prefix + "department", ProfileField.DEPARTMENT));
		edit.employeeNumber(text(this.enterprise, "employeeNumber", prefix + "employeeNumber", MAX_IDENTIFIER));
		edit.set(ProfileField.MANAGER, manager());

		readTilegateExtension(edit, customFields);
		return edit;
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

	/**
	 * The one value Tilegate keeps of a multi-valued attribute: the one of the given type,
	 * else the primary one, else the first.
	 */
	private String singleValue(String attribute, String type, ProfileField field) throws BadRequestException {
		JsonNode values = this.core.get(attribute);
		if (values == null || values.isNull()) {
			return null;
		}
		if (values.isObject()) {
			values = JsonUtils.getJsonNodeFactory().arrayNode().add(values);
		}
		if (!values.isArray()) {
			throw wrongType(attribute, "an array of objects with a \"value\"");
		}
		ObjectNode ofType = null;
		ObjectNode primary = null;
		ObjectNode first = null;
		for (JsonNode value : values) {
			if (!value.isObject()) {
				throw wrongType(attribute, "an array of objects with a \"value\"");
			}
			ObjectNode candidate = (ObjectNode) value;
			JsonNode candidateType = candidate.get("type");
			JsonNode candidatePrimary = candidate.get("primary");
			if (ofType == null && candidateType != null && candidateType.isTextual()
					&& type.equalsIgnoreCase(candidateType.asText())) {
				ofType = candidate;
			}
			if (primary == null && candidatePrimary != null && !candidatePrimary.isNull()
					&& bool(candidatePrimary, attribute + ".primary")) {
				primary = candidate;
			}
			if (first == null) {
				first = candidate;
			}
		}
		ObjectNode chosen = (ofType != null) ? ofType : (primary != null) ? primary : first;
		return (chosen == null) ? null : text(chosen, "value", attribute + ".value", field);
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

	private static ObjectNode object(ObjectNode node, String name, String attribute) throws BadRequestException {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			throw wrongType(attribute, "an object");
		}
		return (ObjectNode) value;
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
