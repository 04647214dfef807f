package io.tilegate.personas;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tilegate.directory.PersonaFacts.UserFacts;
import io.tilegate.directory.PersonaFacts;

/**
 * Who belongs to a persona: conditions on a user's facts combined with all-of, any-of and
 * not. Built and validated by {@link PersonaRules} from the JSON the admin pages and API
 * send; evaluated in memory against a {@link UserFacts} snapshot, so that a whole directory
 * is a few bulk reads plus CPU.
 */
public sealed interface PersonaRule {

	/** @param today the date "within the last N days" counts back from, in UTC */
	boolean matches(UserFacts user, LocalDate today);

	/** The rule as an admin reads it in an event: fields by their keys. */
	default String describe() {
		return describe(FieldNames.KEYS);
	}

	/** The rule as an admin reads it on a page, each field by the name the pages give it. */
	String describe(FieldNames names);

	/** Whether the rule walks manager chains, which a bulk recompute then loads. */
	default boolean needsChain() {
		return false;
	}

	record AllOf(List<PersonaRule> rules) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			for (PersonaRule rule : this.rules) {
				if (!rule.matches(user, today)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public String describe(FieldNames names) {
			return (this.rules.size() == 1) ? this.rules.get(0).describe(names) : "all of (" + join(this.rules, names) + ")";
		}

		@Override
		public boolean needsChain() {
			return this.rules.stream().anyMatch(PersonaRule::needsChain);
		}

	}

	record AnyOf(List<PersonaRule> rules) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			for (PersonaRule rule : this.rules) {
				if (rule.matches(user, today)) {
					return true;
				}
			}
			return false;
		}

		@Override
		public String describe(FieldNames names) {
			return (this.rules.size() == 1) ? this.rules.get(0).describe(names) : "any of (" + join(this.rules, names) + ")";
		}

		@Override
		public boolean needsChain() {
			return this.rules.stream().anyMatch(PersonaRule::needsChain);
		}

	}

	record Not(PersonaRule rule) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			return !this.rule.matches(user, today);
		}

		@Override
		public String describe(FieldNames names) {
			return "not (" + this.rule.describe(names) + ")";
		}

		@Override
		public boolean needsChain() {
			return this.rule.needsChain();
		}

	}

	/** @param connection {@code null}: the group from any connection or source */
	record MemberOf(String group, String connection, String key) implements PersonaRule {

		MemberOf(String group, String connection) {
			this(group, connection, PersonaFacts.groupKey(connection, group));
		}

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			return user.inGroup(this.key);
		}

		@Override
		public String describe(FieldNames names) {
			return "member of group '" + this.group + "'" + ((this.connection != null) ? " from " + this.connection : "");
		}

	}

	enum TextTest {

		EQUALS("equals"), CONTAINS("contains"), STARTS_WITH("startsWith"), ONE_OF("oneOf");

		final String json;

		TextTest(String json) {
			this.json = json;
		}

	}

	/**
	 * @param values as the admin wrote them
	 * @param lowered the values lower-cased, as the facts are
	 */
	record FieldMatches(String field, TextTest test, List<String> values, List<String> lowered,
			Set<String> loweredSet) implements PersonaRule {

		FieldMatches(String field, TextTest test, List<String> values) {
			this(field, test, values, values.stream().map(PersonaRule::lower).toList(),
					values.stream().map(PersonaRule::lower).collect(Collectors.toUnmodifiableSet()));
		}

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			String value = user.fields().get(this.field);
			if (value == null) {
				return false;
			}
			return switch (this.test) {
				case EQUALS -> value.equals(this.lowered.get(0));
				case CONTAINS -> value.contains(this.lowered.get(0));
				case STARTS_WITH -> value.startsWith(this.lowered.get(0));
				case ONE_OF -> this.loweredSet.contains(value);
			};
		}

		@Override
		public String describe(FieldNames names) {
			return switch (this.test) {
				case EQUALS -> names.of(this.field) + " is '" + this.values.get(0) + "'";
				case CONTAINS -> names.of(this.field) + " contains '" + this.values.get(0) + "'";
				case STARTS_WITH -> names.of(this.field) + " starts with '" + this.values.get(0) + "'";
				case ONE_OF -> names.of(this.field) + " is one of "
						+ this.values.stream().map((v) -> "'" + v + "'").collect(Collectors.joining(", "));
			};
		}

	}

	record FieldPresent(String field, boolean present) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			return user.fields().containsKey(this.field) == this.present;
		}

		@Override
		public String describe(FieldNames names) {
			return names.of(this.field) + (this.present ? " is present" : " is empty");
		}

	}

	/**
	 * Hired on one of the last {@code days} days, today included: with 90, someone hired on
	 * 1 January is in through 31 March and leaves on day 91, 1 April. A future hire date does
	 * not count until it arrives.
	 */
	record HiredWithin(int days) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			LocalDate hired = user.hireDate();
			if (hired == null || hired.isAfter(today)) {
				return false;
			}
			return ChronoUnit.DAYS.between(hired, today) < this.days;
		}

		@Override
		public String describe(FieldNames names) {
			return "hired within the last " + this.days + " days";
		}

	}

	/** @param before {@code true}: hired before the date; {@code false}: after it (both exclusive) */
	record HiredBeforeOrAfter(LocalDate date, boolean before) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			LocalDate hired = user.hireDate();
			if (hired == null) {
				return false;
			}
			return this.before ? hired.isBefore(this.date) : hired.isAfter(this.date);
		}

		@Override
		public String describe(FieldNames names) {
			return "hired " + (this.before ? "before " : "after ") + this.date;
		}

	}

	/**
	 * @param chain {@code false}: direct reports of the manager; {@code true}: anyone with the
	 * manager anywhere above them
	 * @param userName the manager's user name when the rule was saved, for reading only
	 */
	record ReportsTo(UUID manager, String userName, boolean chain) implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			if (!this.chain) {
				return this.manager.equals(user.managerId());
			}
			return user.managerChain().contains(this.manager);
		}

		@Override
		public String describe(FieldNames names) {
			return (this.chain ? "reports to " + this.userName + " directly or indirectly"
					: "reports directly to " + this.userName);
		}

		@Override
		public boolean needsChain() {
			return this.chain;
		}

	}

	record Active() implements PersonaRule {

		@Override
		public boolean matches(UserFacts user, LocalDate today) {
			return user.active();
		}

		@Override
		public String describe(FieldNames names) {
			return "is active";
		}

	}

	private static String join(List<PersonaRule> rules, FieldNames names) {
		return rules.stream().map((rule) -> rule.describe(names)).collect(Collectors.joining("; "));
	}

	static String lower(String value) {
		return value.toLowerCase(Locale.ROOT);
	}

}
