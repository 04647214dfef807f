package io.tilegate.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The persona form: a name, a description, spaces, and one level of conditions joined by
 * "all" or "any", each possibly negated. The API takes whole trees; this form shows what one
 * level can, and {@link #of} says when a stored rule is deeper than that.
 */
public class PersonaForm {

	/** A new persona starts with one row; more are added on demand. */
	static final int ROWS = 1;

	static final int MAX_ROWS = 50;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private String name = "";

	private String description = "";

	private String match = "all";

	private List<UUID> spaces = new ArrayList<>();

	private List<Condition> conditions = new ArrayList<>();

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = (name != null) ? name : "";
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = (description != null) ? description : "";
	}

	public String getMatch() {
		return this.match;
	}

	public void setMatch(String match) {
		this.match = "any".equals(match) ? "any" : "all";
	}

	public List<UUID> getSpaces() {
		return this.spaces;
	}

	public void setSpaces(List<UUID> spaces) {
		this.spaces = (spaces != null) ? spaces : new ArrayList<>();
	}

	public List<Condition> getConditions() {
		return this.conditions;
	}

	public void setConditions(List<Condition> conditions) {
		this.conditions = (conditions != null) ? conditions : new ArrayList<>();
	}

	/** Pads the rows to at least {@code rows}, so that the form always offers one to fill in. */
	PersonaForm withRows(int rows) {
		this.conditions.removeIf(Objects::isNull);
		while (this.conditions.size() < Math.min(rows, MAX_ROWS)) {
			this.conditions.add(new Condition());
		}
		return this;
	}

	/** Leaves out the row at {@code index} (counted from 0), keeping one row to fill in. */
	PersonaForm withoutRow(int index) {
		if (index >= 0 && index < this.conditions.size()) {
			this.conditions.remove(index);
		}
		return withRows(ROWS);
	}

	/**
	 * The rule the rows describe; rows without a kind are left out. One condition stands on its
	 * own, more are joined by allOf or anyOf.
	 * @throws IllegalArgumentException naming the row whose input cannot become a rule
	 */
	JsonNode rule() {
		List<JsonNode> parts = new ArrayList<>();
		for (int i = 0; i < this.conditions.size(); i++) {
			Condition condition = this.conditions.get(i);
			if (condition == null || condition.kind.isEmpty()) {
				continue;
			}
			JsonNode part = condition.rule(i + 1);
			parts.add(condition.not ? NODES.objectNode().put("type", "not").set("rule", part) : part);
		}
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("The rule has no condition: choose a kind in at least one row, e.g. "
					+ "\"hire date\" within 90 days. Nothing was saved.");
		}
		if (parts.size() == 1) {
			return parts.get(0);
		}
		ObjectNode node = NODES.objectNode().put("type", "any".equals(this.match) ? "anyOf" : "allOf");
		ArrayNode rules = node.putArray("rules");
		parts.forEach(rules::add);
		return node;
	}

	/**
	 * The form for a stored rule, or {@code null} when the rule nests deeper than one level of
	 * conditions and only the API can edit it.
	 */
	static PersonaForm of(String name, String description, List<UUID> spaces, JsonNode rule) {
		PersonaForm form = new PersonaForm();
		form.setName(name);
		form.setDescription(description);
		form.setSpaces(new ArrayList<>(spaces));
		String type = rule.path("type").asText();
		List<JsonNode> parts = new ArrayList<>();
		if (type.equals("allOf") || type.equals("anyOf")) {
			form.setMatch(type.equals("anyOf") ? "any" : "all");
			rule.path("rules").forEach(parts::add);
		}
		else {
			parts.add(rule);
		}
		for (JsonNode part : parts) {
			Condition condition = Condition.of(part);
			if (condition == null) {
				return null;
			}
			form.conditions.add(condition);
		}
		return form;
	}

	/** One row of the form. {@code kind} is empty for an unused row. */
	public static class Condition {

		static final List<String> KINDS = List.of("group", "field", "hireDate", "manager", "active");

		private boolean not;

		private String kind = "";

		private String group = "";

		private String connection = "";

		private String field = "";

		private String test = "equals";

		private String value = "";

		private String hire = "withinDays";

		private String days = "";

		private String date = "";

		private String manager = "";

		private boolean chain;

		static Condition of(JsonNode rule) {
			Condition condition = new Condition();
			JsonNode leaf = rule;
			if (rule.path("type").asText().equals("not")) {
				condition.not = true;
				leaf = rule.path("rule");
			}
			String type = leaf.path("type").asText();
			condition.kind = type;
			switch (type) {
				case "group" -> {
					condition.group = leaf.path("group").asText("");
					condition.connection = leaf.path("connection").asText("");
				}
				case "field" -> {
					condition.field = leaf.path("field").asText("");
					condition.test = leaf.path("test").asText("equals");
					if (leaf.has("values")) {
						List<String> values = new ArrayList<>();
						leaf.get("values").forEach((v) -> values.add(v.asText()));
						condition.value = String.join(", ", values);
					}
					else {
						condition.value = leaf.path("value").asText("");
					}
				}
				case "hireDate" -> {
					if (leaf.has("withinDays")) {
						condition.hire = "withinDays";
						condition.days = leaf.get("withinDays").asText();
					}
					else {
						condition.hire = leaf.has("before") ? "before" : "after";
						condition.date = leaf.path(condition.hire).asText("");
					}
				}
				case "manager" -> {
					condition.manager = leaf.path("userName").asText(leaf.path("user").asText(""));
					condition.chain = leaf.path("chain").asBoolean(false);
				}
				case "active" -> {
				}
				default -> {
					return null;
				}
			}
			return condition;
		}

		JsonNode rule(int row) {
			ObjectNode node = NODES.objectNode();
			switch (this.kind) {
				case "group" -> {
					node.put("type", "group");
					node.put("group", required(this.group, row, "the group's name"));
					if (!this.connection.isBlank()) {
						node.put("connection", this.connection.strip());
					}
				}
				case "field" -> {
					node.put("type", "field");
					node.put("field", required(this.field, row, "which field"));
					node.put("test", this.test);
					if (this.test.equals("oneOf")) {
						ArrayNode values = node.putArray("values");
						Arrays.stream(this.value.split(",")).map(String::strip).filter((v) -> !v.isEmpty())
							.forEach(values::add);
						if (values.isEmpty()) {
							throw problem(row, "\"is one of\" needs values, separated by commas, e.g. Sales, Marketing");
						}
					}
					else if (!this.test.equals("present") && !this.test.equals("empty")) {
						node.put("value", required(this.value, row, "the value to compare with"));
					}
				}
				case "hireDate" -> {
					node.put("type", "hireDate");
					if (this.hire.equals("before") || this.hire.equals("after")) {
						node.put(this.hire, required(this.date, row, "the date (yyyy-MM-dd, e.g. 2024-01-31)"));
					}
					else {
						String given = required(this.days, row, "within how many days");
						try {
							node.put("withinDays", Integer.parseInt(given));
						}
						catch (NumberFormatException ex) {
							throw problem(row, "within how many days: a whole number such as 90, not '" + given + "'");
						}
					}
				}
				case "manager" -> {
					node.put("type", "manager");
					node.put("user", required(this.manager, row, "the manager's user name"));
					node.put("chain", this.chain);
				}
				case "active" -> node.put("type", "active");
				default -> throw problem(row, "'" + this.kind + "' is not a kind of condition");
			}
			return node;
		}

		private static String required(String value, int row, String what) {
			if (value == null || value.isBlank()) {
				throw problem(row, what + " is missing");
			}
			return value.strip();
		}

		private static IllegalArgumentException problem(int row, String message) {
			return new IllegalArgumentException("Condition " + row + ": " + message + ". Nothing was saved.");
		}

		public boolean isNot() {
			return this.not;
		}

		public void setNot(boolean not) {
			this.not = not;
		}

		public String getKind() {
			return this.kind;
		}

		public void setKind(String kind) {
			this.kind = (kind != null) ? kind.strip() : "";
		}

		public String getGroup() {
			return this.group;
		}

		public void setGroup(String group) {
			this.group = (group != null) ? group : "";
		}

		public String getConnection() {
			return this.connection;
		}

		public void setConnection(String connection) {
			this.connection = (connection != null) ? connection : "";
		}

		public String getField() {
			return this.field;
		}

		public void setField(String field) {
			this.field = (field != null) ? field : "";
		}

		public String getTest() {
			return this.test;
		}

		public void setTest(String test) {
			this.test = (test != null && !test.isBlank()) ? test : "equals";
		}

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = (value != null) ? value : "";
		}

		public String getHire() {
			return this.hire;
		}

		public void setHire(String hire) {
			this.hire = (hire != null && !hire.isBlank()) ? hire : "withinDays";
		}

		public String getDays() {
			return this.days;
		}

		public void setDays(String days) {
			this.days = (days != null) ? days : "";
		}

		public String getDate() {
			return this.date;
		}

		public void setDate(String date) {
			this.date = (date != null) ? date : "";
		}

		public String getManager() {
			return this.manager;
		}

		public void setManager(String manager) {
			this.manager = (manager != null) ? manager : "";
		}

		public boolean isChain() {
			return this.chain;
		}

		public void setChain(boolean chain) {
			this.chain = chain;
		}

	}

}
