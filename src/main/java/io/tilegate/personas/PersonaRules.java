package io.tilegate.personas;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tilegate.directory.PersonaFacts;
import io.tilegate.personas.PersonaRule.Active;
import io.tilegate.personas.PersonaRule.AllOf;
import io.tilegate.personas.PersonaRule.AnyOf;
import io.tilegate.personas.PersonaRule.FieldMatches;
import io.tilegate.personas.PersonaRule.FieldPresent;
import io.tilegate.personas.PersonaRule.HiredBeforeOrAfter;
import io.tilegate.personas.PersonaRule.HiredWithin;
import io.tilegate.personas.PersonaRule.MemberOf;
import io.tilegate.personas.PersonaRule.Not;
import io.tilegate.personas.PersonaRule.ReportsTo;
import io.tilegate.personas.PersonaRule.TextTest;

/**
 * A persona rule's JSON form, read with every part checked, and written back in the one
 * normalised form that is stored. Every refusal names the part that is wrong by its path,
 * e.g. {@code rule.rules[1].test}, and says what would be accepted. The shapes:
 * <pre>
 * {"type":"allOf","rules":[...]}   {"type":"anyOf","rules":[...]}   {"type":"not","rule":{...}}
 * {"type":"group","group":"eng-berlin"}                  (any source)
 * {"type":"group","group":"eng-berlin","connection":"okta"}
 * {"type":"field","field":"department","test":"equals","value":"Sales"}
 *        test: equals | contains | startsWith | oneOf (with "values":[...]) | present | empty
 *        field: userName, email, firstName, lastName, phone, company, department, title,
 *               employeeNumber, externalId, hireDate, or custom.&lt;name&gt; of a defined custom field
 * {"type":"hireDate","withinDays":90}   {"type":"hireDate","before":"2024-01-01"}   ("after")
 * {"type":"manager","user":"boss@example.com","chain":false}   (user name, or id)
 * {"type":"active"}
 * </pre>
 */
public final class PersonaRules {

	static final int MAX_CONDITIONS = 200;

	static final int MAX_DEPTH = 12;

	static final int MAX_VALUES = 1000;

	static final int MAX_VALUE_LENGTH = 4000;

	static final int MAX_DAYS = 36_500;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final List<String> TYPES = List.of("allOf", "anyOf", "not", "group", "field", "hireDate",
			"manager", "active");

	private static final List<String> TESTS = List.of("equals", "contains", "startsWith", "oneOf", "present",
			"empty");

	/** What a rule may refer to, checked as it is read. */
	public interface Directory {

		Set<String> customFields();

		/** The user with this id or user name: their id and user name. */
		Optional<Map.Entry<UUID, String>> user(String idOrUserName);

	}

	private final Directory directory;

	private int conditions;

	private PersonaRules(Directory directory) {
		this.directory = directory;
	}

	/**
	 * @throws InvalidPersonaRuleException naming the first part that is wrong
	 */
	public static PersonaRule read(JsonNode json, Directory directory) {
		return new PersonaRules(directory).rule(json, "rule", 1);
	}

	/**
	 * A rule as stored: checked when it was saved, so what it refers to is taken as it is. A
	 * custom field or manager removed since then simply matches nobody.
	 */
	static PersonaRule readStored(JsonNode json) {
		return new PersonaRules(null).rule(json, "rule", 1);
	}

	/** The normalised JSON of a rule, as stored and as the API answers. */
	public static ObjectNode write(PersonaRule rule) {
		ObjectNode node = NODES.objectNode();
		if (rule instanceof AllOf all) {
			node.put("type", "allOf");
			ArrayNode rules = node.putArray("rules");
			all.rules().forEach((r) -> rules.add(write(r)));
		}
		else if (rule instanceof AnyOf any) {
			node.put("type", "anyOf");
			ArrayNode rules = node.putArray("rules");
			any.rules().forEach((r) -> rules.add(write(r)));
		}
		else if (rule instanceof Not not) {
			node.put("type", "not");
			node.set("rule", write(not.rule()));
		}
		else if (rule instanceof MemberOf group) {
			node.put("type", "group");
			node.put("group", group.group());
			if (group.connection() != null) {
				node.put("connection", group.connection());
			}
		}
		else if (rule instanceof FieldMatches field) {
			node.put("type", "field");
			node.put("field", field.field());
			node.put("test", field.test().json);
			if (field.test() == TextTest.ONE_OF) {
				ArrayNode values = node.putArray("values");
				field.values().forEach(values::add);
			}
			else {
				node.put("value", field.values().get(0));
			}
		}
		else if (rule instanceof FieldPresent field) {
			node.put("type", "field");
			node.put("field", field.field());
			node.put("test", field.present() ? "present" : "empty");
		}
		else if (rule instanceof HiredWithin within) {
			node.put("type", "hireDate");
			node.put("withinDays", within.days());
		}
		else if (rule instanceof HiredBeforeOrAfter date) {
			node.put("type", "hireDate");
			node.put(date.before() ? "before" : "after", date.date().toString());
		}
		else if (rule instanceof ReportsTo manager) {
			node.put("type", "manager");
			node.put("user", manager.manager().toString());
			node.put("userName", manager.userName());
			node.put("chain", manager.chain());
		}
		else {
			node.put("type", "active");
		}
		return node;
	}

	private PersonaRule rule(JsonNode json, String path, int depth) {
		if (json == null || json.isNull() || json.isMissingNode()) {
			throw invalid(path, "a rule is missing; give an object such as {\"type\":\"group\",\"group\":\"sales\"}");
		}
		if (!json.isObject()) {
			throw invalid(path, "a rule is a JSON object with a \"type\", not " + json.getNodeType().name().toLowerCase());
		}
		if (depth > MAX_DEPTH) {
			throw invalid(path, "rules nest at most " + MAX_DEPTH + " levels deep");
		}
		if (++this.conditions > MAX_CONDITIONS) {
			throw invalid(path, "a persona's rule has at most " + MAX_CONDITIONS + " parts");
		}
		String type = text(json, "type", path, true);
		return switch (type) {
			case "allOf", "anyOf" -> {
				allowOnly(json, path, "type", "rules");
				JsonNode rules = json.get("rules");
				if (rules == null || !rules.isArray() || rules.isEmpty()) {
					throw invalid(path + ".rules", "\"" + type + "\" needs \"rules\": a non-empty list of rules");
				}
				List<PersonaRule> parts = new ArrayList<>();
				for (int i = 0; i < rules.size(); i++) {
					parts.add(rule(rules.get(i), path + ".rules[" + i + "]", depth + 1));
				}
				yield type.equals("allOf") ? new AllOf(List.copyOf(parts)) : new AnyOf(List.copyOf(parts));
			}
			case "not" -> {
				allowOnly(json, path, "type", "rule");
				yield new Not(rule(json.get("rule"), path + ".rule", depth + 1));
			}
			case "group" -> {
				allowOnly(json, path, "type", "group", "connection");
				String group = text(json, "group", path, true);
				String connection = text(json, "connection", path, false);
				yield new MemberOf(group, connection);
			}
			case "field" -> field(json, path);
			case "hireDate" -> hireDate(json, path);
			case "manager" -> manager(json, path);
			case "active" -> {
				allowOnly(json, path, "type");
				yield new Active();
			}
			default -> throw invalid(path + ".type", "'" + type + "' is not a kind of rule; use one of "
					+ String.join(", ", TYPES));
		};
	}

	private PersonaRule field(JsonNode json, String path) {
		allowOnly(json, path, "type", "field", "test", "value", "values");
		String field = text(json, "field", path, true);
		if (field.startsWith("custom.") && this.directory == null) {
			// Stored: checked when saved.
		}
		else if (field.startsWith("custom.")) {
			String name = field.substring("custom.".length());
			Set<String> defined = this.directory.customFields();
			if (!defined.contains(name)) {
				throw invalid(path + ".field", "there is no custom field '" + name + "'; define it first"
						+ (defined.isEmpty() ? " (none is defined yet)" : ", or use one of " + String.join(", ",
								defined.stream().map((f) -> "custom." + f).sorted().toList())));
			}
		}
		else if (!PersonaFacts.FIELDS.containsKey(field)) {
			throw invalid(path + ".field", "'" + field + "' is not a field; use one of "
					+ String.join(", ", PersonaFacts.FIELDS.keySet()) + ", or custom.<name> for a custom field");
		}
		String test = text(json, "test", path, true);
		switch (test) {
			case "present", "empty" -> {
				if (json.has("value") || json.has("values")) {
					throw invalid(path, "\"" + test + "\" takes no value");
				}
				return new FieldPresent(field, test.equals("present"));
			}
			case "oneOf" -> {
				if (json.has("value")) {
					throw invalid(path + ".value", "\"oneOf\" takes \"values\", a list, not \"value\"");
				}
				JsonNode values = json.get("values");
				if (values == null || !values.isArray() || values.isEmpty()) {
					throw invalid(path + ".values", "\"oneOf\" needs \"values\": a non-empty list of texts");
				}
				if (values.size() > MAX_VALUES) {
					throw invalid(path + ".values", "at most " + MAX_VALUES + " values");
				}
				List<String> list = new ArrayList<>();
				for (int i = 0; i < values.size(); i++) {
					list.add(value(values.get(i), path + ".values[" + i + "]"));
				}
				return new FieldMatches(field, TextTest.ONE_OF, List.copyOf(list));
			}
			case "equals", "contains", "startsWith" -> {
				if (json.has("values")) {
					throw invalid(path + ".values", "\"" + test + "\" takes one \"value\"; use \"oneOf\" for a list");
				}
				String value = value(json.get("value"), path + ".value");
				TextTest kind = switch (test) {
					case "equals" -> TextTest.EQUALS;
					case "contains" -> TextTest.CONTAINS;
					default -> TextTest.STARTS_WITH;
				};
				return new FieldMatches(field, kind, List.of(value));
			}
			default -> throw invalid(path + ".test", "'" + test + "' is not a test; use one of " + String.join(", ", TESTS));
		}
	}

	private static PersonaRule hireDate(JsonNode json, String path) {
		allowOnly(json, path, "type", "withinDays", "before", "after");
		int given = (json.has("withinDays") ? 1 : 0) + (json.has("before") ? 1 : 0) + (json.has("after") ? 1 : 0);
		if (given != 1) {
			throw invalid(path, "a hire date rule has exactly one of \"withinDays\" (a number of days), \"before\" or "
					+ "\"after\" (a date such as 2024-01-31); for a range, combine two in an allOf");
		}
		if (json.has("withinDays")) {
			JsonNode days = json.get("withinDays");
			// canConvertToInt first: asLong() of a number past a long keeps its low bits, so
			// 2^64 + 1 would read as 1.
			if (!days.isIntegralNumber() || !days.canConvertToInt() || days.asInt() < 1 || days.asInt() > MAX_DAYS) {
				throw invalid(path + ".withinDays", "a whole number of days from 1 to " + MAX_DAYS + ", not " + days);
			}
			return new HiredWithin(days.asInt());
		}
		boolean before = json.has("before");
		String name = before ? "before" : "after";
		String date = text(json, name, path, true);
		try {
			return new HiredBeforeOrAfter(LocalDate.parse(date), before);
		}
		catch (DateTimeParseException ex) {
			throw invalid(path + "." + name, "'" + date + "' is not a date; write it as yyyy-MM-dd, e.g. 2024-01-31");
		}
	}

	private PersonaRule manager(JsonNode json, String path) {
		allowOnly(json, path, "type", "user", "userName", "chain");
		String user = text(json, "user", path, true);
		JsonNode chain = json.get("chain");
		if (chain != null && !chain.isBoolean()) {
			throw invalid(path + ".chain", "true (anywhere in the chain above) or false (direct reports only), not "
					+ chain);
		}
		if (this.directory == null) {
			return new ReportsTo(UUID.fromString(user), json.path("userName").asText(user),
					chain != null && chain.asBoolean());
		}
		Map.Entry<UUID, String> manager = this.directory.user(user)
			.orElseThrow(() -> invalid(path + ".user", "there is no user '" + user + "'; give a user name or id"));
		return new ReportsTo(manager.getKey(), manager.getValue(), chain != null && chain.asBoolean());
	}

	private static String value(JsonNode node, String path) {
		if (node == null || node.isNull()) {
			throw invalid(path, "a text value is missing");
		}
		if (!node.isTextual() && !node.isNumber()) {
			throw invalid(path, "a text value, not " + node.getNodeType().name().toLowerCase());
		}
		String value = node.asText().strip();
		if (value.isEmpty()) {
			throw invalid(path, "an empty value matches nothing; use the test \"empty\" for a field without a value");
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			throw invalid(path, "at most " + MAX_VALUE_LENGTH + " characters");
		}
		return value;
	}

	private static String text(JsonNode json, String name, String path, boolean required) {
		JsonNode node = json.get(name);
		if (node == null || node.isNull()) {
			if (required) {
				throw invalid(path + "." + name, "\"" + name + "\" is missing");
			}
			return null;
		}
		if (!node.isTextual() || node.asText().isBlank()) {
			throw invalid(path + "." + name, "\"" + name + "\" must be a non-empty text, not " + node);
		}
		if (node.asText().length() > MAX_VALUE_LENGTH) {
			throw invalid(path + "." + name, "at most " + MAX_VALUE_LENGTH + " characters");
		}
		return node.asText().strip();
	}

	private static void allowOnly(JsonNode json, String path, String... names) {
		Iterator<String> fields = json.fieldNames();
		List<String> allowed = List.of(names);
		while (fields.hasNext()) {
			String name = fields.next();
			if (!allowed.contains(name)) {
				throw invalid(path + "." + name, "a \"" + json.path("type").asText() + "\" rule has no \"" + name
						+ "\"; it takes " + String.join(", ", allowed.stream().map((n) -> "\"" + n + "\"").toList()));
			}
		}
	}

	private static InvalidPersonaRuleException invalid(String path, String message) {
		return new InvalidPersonaRuleException(path, message);
	}

}
