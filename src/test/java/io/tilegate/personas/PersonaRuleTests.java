package io.tilegate.personas;

import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilegate.directory.PersonaFacts.UserFacts;
import io.tilegate.directory.PersonaFacts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Persona rules read from their JSON and evaluated against users' facts: every condition, the
 * combinations, and the refusals an admin sees for a rule that cannot be saved.
 */
class PersonaRuleTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final LocalDate TODAY = LocalDate.of(2026, 4, 1);

	private static final UUID BOSS = UUID.randomUUID();

	private static final UUID BIG_BOSS = UUID.randomUUID();

	private final PersonaRules.Directory directory = new PersonaRules.Directory() {

		@Override
		public Set<String> customFields() {
			return Set.of("costCenter", "site");
		}

		@Override
		public Optional<Map.Entry<UUID, String>> user(String idOrUserName) {
			if (idOrUserName.equals("boss") || idOrUserName.equals(BOSS.toString())) {
				return Optional.of(new AbstractMap.SimpleImmutableEntry<>(BOSS, "boss"));
			}
			if (idOrUserName.equals("big-boss")) {
				return Optional.of(new AbstractMap.SimpleImmutableEntry<>(BIG_BOSS, "big-boss"));
			}
			return Optional.empty();
		}

	};

	@Test
	void groupFromAnySourceOrFromOneConnectionIgnoringCase() {
		UserFacts ada = user().group("okta", "ENG-Berlin").build();
		UserFacts bob = user().group("entra", "eng-berlin").build();
		UserFacts eve = user().group("okta", "eng-munich").build();

		PersonaRule any = rule("{\"type\":\"group\",\"group\":\"eng-berlin\"}");
		PersonaRule okta = rule("{\"type\":\"group\",\"group\":\"Eng-Berlin\",\"connection\":\"okta\"}");

		assertThat(matching(any, ada, bob, eve)).containsExactly(ada, bob);
		assertThat(matching(okta, ada, bob, eve)).containsExactly(ada);
		assertThat(okta.describe()).isEqualTo("member of group 'Eng-Berlin' from okta");
	}

	@Test
	void defaultAndCustomFieldTextTestsIgnoreCase() {
		UserFacts sales = user().field("department", "Sales EMEA").field("custom.costCenter", "CC-100").build();
		UserFacts presales = user().field("department", "Presales").field("custom.costCenter", "cc-200").build();
		UserFacts none = user().build();

		assertThat(matching(rule(field("department", "equals", "sales emea")), sales, presales, none))
			.containsExactly(sales);
		assertThat(matching(rule(field("department", "contains", "SALES")), sales, presales, none))
			.containsExactly(sales, presales);
		assertThat(matching(rule(field("department", "startsWith", "sales")), sales, presales, none))
			.containsExactly(sales);
		assertThat(matching(rule(
				"{\"type\":\"field\",\"field\":\"custom.costCenter\",\"test\":\"oneOf\",\"values\":[\"CC-200\",\"cc-300\"]}"),
				sales, presales, none))
			.containsExactly(presales);
	}

	@Test
	void fieldPresentOrEmpty() {
		UserFacts withSite = user().field("custom.site", "Berlin").build();
		UserFacts without = user().build();

		assertThat(matching(rule("{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"present\"}"), withSite,
				without))
			.containsExactly(withSite);
		assertThat(matching(rule("{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"empty\"}"), withSite, without))
			.containsExactly(without);
	}

	@Test
	void hiredWithinTheLastNDaysIncludesTodayAndLeavesOnDayNinetyOne() {
		PersonaRule newHires = rule("{\"type\":\"hireDate\",\"withinDays\":90}");
		UserFacts hired = user().hired(LocalDate.of(2026, 1, 1)).build();

		assertThat(newHires.matches(hired, LocalDate.of(2026, 1, 1))).as("day 1").isTrue();
		assertThat(newHires.matches(hired, LocalDate.of(2026, 3, 31))).as("day 90").isTrue();
		assertThat(newHires.matches(hired, LocalDate.of(2026, 4, 1))).as("day 91").isFalse();
		assertThat(newHires.matches(hired, LocalDate.of(2025, 12, 31))).as("not yet hired").isFalse();
		assertThat(newHires.matches(user().build(), TODAY)).as("no hire date").isFalse();
	}

	@Test
	void hiredBeforeOrAfterADate() {
		UserFacts veteran = user().hired(LocalDate.of(2019, 5, 1)).build();
		UserFacts recent = user().hired(LocalDate.of(2025, 5, 1)).build();
		UserFacts onTheDay = user().hired(LocalDate.of(2024, 1, 1)).build();

		assertThat(matching(rule("{\"type\":\"hireDate\",\"before\":\"2024-01-01\"}"), veteran, recent, onTheDay))
			.containsExactly(veteran);
		assertThat(matching(rule("{\"type\":\"hireDate\",\"after\":\"2024-01-01\"}"), veteran, recent, onTheDay))
			.containsExactly(recent);
	}

	@Test
	void directReportsOrAnywhereInTheChainAbove() {
		UserFacts direct = user().manager(BOSS).chain(BOSS, BIG_BOSS).build();
		UserFacts indirect = user().manager(UUID.randomUUID()).chain(UUID.randomUUID(), BOSS, BIG_BOSS).build();
		UserFacts elsewhere = user().manager(UUID.randomUUID()).build();

		PersonaRule directly = rule("{\"type\":\"manager\",\"user\":\"boss\"}");
		PersonaRule chain = rule("{\"type\":\"manager\",\"user\":\"boss\",\"chain\":true}");

		assertThat(matching(directly, direct, indirect, elsewhere)).containsExactly(direct);
		assertThat(matching(chain, direct, indirect, elsewhere)).containsExactly(direct, indirect);
		assertThat(chain.needsChain()).isTrue();
		assertThat(directly.needsChain()).isFalse();
		assertThat(PersonaRules.write(chain).path("user").asText()).as("stored by id").isEqualTo(BOSS.toString());
	}

	@Test
	void activeUsersOnly() {
		UserFacts active = user().build();
		UserFacts gone = user().inactive().build();

		assertThat(matching(rule("{\"type\":\"active\"}"), active, gone)).containsExactly(active);
	}

	@Test
	void allOfAnyOfAndNotNest() {
		UserFacts berlinSales = user().group("okta", "eng-berlin").field("department", "Sales").build();
		UserFacts berlinEng = user().group("okta", "eng-berlin").field("department", "Engineering").build();
		UserFacts newHire = user().hired(TODAY.minusDays(3)).field("department", "Sales").build();
		UserFacts nobody = user().build();
		PersonaRule rule = rule("""
				{"type":"anyOf","rules":[
				  {"type":"allOf","rules":[
				    {"type":"group","group":"eng-berlin"},
				    {"type":"not","rule":{"type":"field","field":"department","test":"equals","value":"sales"}}]},
				  {"type":"hireDate","withinDays":30}]}""");

		assertThat(matching(rule, berlinSales, berlinEng, newHire, nobody)).containsExactly(berlinEng, newHire);
		assertThat(rule.describe()).isEqualTo("any of (all of (member of group 'eng-berlin'; not (department is "
				+ "'sales')); hired within the last 30 days)");
	}

	@Test
	void theStoredFormReadsBackToTheSameRule() throws Exception {
		PersonaRule rule = rule("""
				{"type":"allOf","rules":[{"type":"field","field":"title","test":"oneOf","values":["CTO","VP"]},
				{"type":"manager","user":"boss","chain":true},{"type":"hireDate","after":"2020-02-29"},
				{"type":"field","field":"email","test":"empty"},{"type":"active"}]}""");
		JsonNode stored = PersonaRules.write(rule);

		assertThat(PersonaRules.write(PersonaRules.readStored(JSON.readTree(stored.toString())))).isEqualTo(stored);
	}

	@Test
	void refusalsNameTheBadPart() {
		assertRefused("{\"type\":\"allOf\",\"rules\":[{\"type\":\"group\",\"group\":\"a\"},{\"type\":\"field\","
				+ "\"field\":\"department\",\"test\":\"begins\",\"value\":\"x\"}]}", "rule.rules[1].test", "'begins'",
				"startsWith");
		assertRefused("{\"type\":\"field\",\"field\":\"custom.nope\",\"test\":\"present\"}", "rule.field",
				"no custom field 'nope'", "custom.costCenter");
		assertRefused("{\"type\":\"field\",\"field\":\"shoeSize\",\"test\":\"present\"}", "rule.field",
				"'shoeSize' is not a field");
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":-3}", "rule.withinDays", "1 to");
		assertRefused("{\"type\":\"hireDate\",\"before\":\"31/01/2024\"}", "rule.before", "yyyy-MM-dd");
		assertRefused("{\"type\":\"hireDate\",\"before\":\"2024-01-01\",\"withinDays\":3}", "rule", "exactly one");
		assertRefused("{\"type\":\"manager\",\"user\":\"ghost\"}", "rule.user", "no user 'ghost'");
		assertRefused("{\"type\":\"not\"}", "rule.rule", "missing");
		assertRefused("{\"type\":\"anyOf\",\"rules\":[]}", "rule.rules", "non-empty");
		assertRefused("{\"type\":\"group\",\"grup\":\"sales\"}", "rule.grup", "has no \"grup\"");
		assertRefused("{\"type\":\"regex\"}", "rule.type", "'regex' is not a kind of rule");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"equals\",\"value\":\"\"}", "rule.value",
				"empty");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"oneOf\",\"values\":[\"a\",{}]}",
				"rule.values[1]", "text");
		assertRefused("[1,2]", "rule", "JSON object");
	}

	@Test
	void deepOrHugeRulesAreRefused() {
		String deep = "{\"type\":\"active\"}";
		for (int i = 0; i < PersonaRules.MAX_DEPTH + 1; i++) {
			deep = "{\"type\":\"not\",\"rule\":" + deep + "}";
		}
		assertRefused(deep, "rule.rule", "levels deep");
		StringBuilder wide = new StringBuilder("{\"type\":\"anyOf\",\"rules\":[");
		for (int i = 0; i < PersonaRules.MAX_CONDITIONS + 1; i++) {
			wide.append((i > 0) ? "," : "").append("{\"type\":\"active\"}");
		}
		assertRefused(wide.append("]}").toString(), "rule.rules[", "at most");
	}

	@Test
	void aHireDateWindowOfNDaysHoldsTodayAndTheNMinusOneDaysBeforeIt() {
		for (int days : new int[] { 1, 30, 365 }) {
			PersonaRule rule = rule("{\"type\":\"hireDate\",\"withinDays\":" + days + "}");

			assertThat(rule.matches(user().hired(TODAY).build(), TODAY)).as("%d days: hired today", days).isTrue();
			assertThat(rule.matches(user().hired(TODAY.minusDays(days - 1)).build(), TODAY))
				.as("%d days: hired %d days ago", days, days - 1)
				.isTrue();
			assertThat(rule.matches(user().hired(TODAY.minusDays(days)).build(), TODAY))
				.as("%d days: hired exactly %d days ago", days, days)
				.isFalse();
			assertThat(rule.matches(user().hired(TODAY.plusDays(1)).build(), TODAY)).as("%d days: starts tomorrow", days)
				.isFalse();
		}
	}

	@Test
	void peopleWithoutAHireDateAreNeitherHiredBeforeNorAfterADate() {
		UserFacts unknown = user().build();

		assertThat(rule("{\"type\":\"hireDate\",\"before\":\"2030-01-01\"}").matches(unknown, TODAY)).isFalse();
		assertThat(rule("{\"type\":\"hireDate\",\"after\":\"2000-01-01\"}").matches(unknown, TODAY)).isFalse();
	}

	@Test
	void aValueIsComparedWithoutItsSurroundingSpacesAndANumberAsText() {
		UserFacts sales = user().field("department", "Sales").field("employeeNumber", "1234").build();

		PersonaRule padded = rule(field("department", "equals", "  SALES  "));
		PersonaRule number = rule("{\"type\":\"field\",\"field\":\"employeeNumber\",\"test\":\"equals\",\"value\":1234}");

		assertThat(padded.matches(sales, TODAY)).isTrue();
		assertThat(padded.describe()).isEqualTo("department is 'SALES'");
		assertThat(number.matches(sales, TODAY)).isTrue();
		assertThat(PersonaRules.write(number).path("value").isTextual()).as("stored as text").isTrue();
	}

	@Test
	void aCombinationOfOnePartReadsAsThatPartButIsStoredAsWritten() {
		PersonaRule single = rule("{\"type\":\"allOf\",\"rules\":[{\"type\":\"active\"}]}");

		assertThat(single.describe()).isEqualTo("is active");
		assertThat(PersonaRules.write(single).path("type").asText()).isEqualTo("allOf");
	}

	@Test
	void aFieldTestGivenTheWrongKindOfValueIsRefused() {
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"oneOf\",\"value\":\"CTO\"}", "rule.value",
				"\"oneOf\" takes \"values\", a list");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"equals\",\"values\":[\"CTO\"]}",
				"rule.values", "use \"oneOf\" for a list");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"present\",\"value\":\"CTO\"}", "rule",
				"\"present\" takes no value");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"value\":\"CTO\"}", "rule.test", "\"test\" is missing");
		assertRefused("{\"type\":\"field\",\"field\":\"title\",\"test\":\"equals\"}", "rule.value",
				"a text value is missing");
	}

	@Test
	void aNumberOfDaysIsAWholeNumberFromOneToAHundredYears() {
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":0}", "rule.withinDays", "from 1 to 36500, not 0");
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":36501}", "rule.withinDays", "not 36501");
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":1.5}", "rule.withinDays", "whole number");
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":\"90\"}", "rule.withinDays", "whole number");
		assertRefused("{\"type\":\"hireDate\",\"withinDays\":18446744073709551617}", "rule.withinDays", "whole number");
		assertThat(PersonaRules.write(rule("{\"type\":\"hireDate\",\"withinDays\":36500}")).path("withinDays").asInt())
			.isEqualTo(36500);
	}

	@Test
	void theChainOfAManagerRuleIsTrueOrFalse() {
		assertRefused("{\"type\":\"manager\",\"user\":\"boss\",\"chain\":\"yes\"}", "rule.chain",
				"true (anywhere in the chain above) or false");
	}

	@Test
	void namesAndValuesAreNonEmptyTextsOfBoundedSize() {
		assertRefused("{\"type\":\"group\",\"group\":\"  \"}", "rule.group", "must be a non-empty text");
		assertRefused("{\"type\":\"group\",\"group\":42}", "rule.group", "must be a non-empty text, not 42");
		assertRefused("{\"type\":\"group\",\"group\":\"sales\",\"connection\":\"\"}", "rule.connection",
				"non-empty text");
		assertRefused(field("title", "contains", "x".repeat(PersonaRules.MAX_VALUE_LENGTH + 1)), "rule.value",
				"at most " + PersonaRules.MAX_VALUE_LENGTH + " characters");
		StringBuilder many = new StringBuilder("{\"type\":\"field\",\"field\":\"title\",\"test\":\"oneOf\",\"values\":[");
		for (int i = 0; i <= PersonaRules.MAX_VALUES; i++) {
			many.append((i > 0) ? "," : "").append("\"t").append(i).append('"');
		}
		assertRefused(many.append("]}").toString(), "rule.values", "at most " + PersonaRules.MAX_VALUES + " values");
	}

	@Test
	void aCustomFieldRuleBeforeAnyCustomFieldIsDefinedSaysToDefineOne() {
		PersonaRules.Directory empty = new PersonaRules.Directory() {

			@Override
			public Set<String> customFields() {
				return Set.of();
			}

			@Override
			public Optional<Map.Entry<UUID, String>> user(String idOrUserName) {
				return Optional.empty();
			}

		};

		assertThatExceptionOfType(InvalidPersonaRuleException.class)
			.isThrownBy(() -> PersonaRules.read(
					JSON.readTree("{\"type\":\"field\",\"field\":\"custom.site\",\"test\":\"present\"}"), empty))
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo("rule.field");
				assertThat(ex.getMessage()).contains("there is no custom field 'site'", "define it first")
					.endsWith("define it first (none is defined yet).");
			});
	}

	private void assertRefused(String json, String path, String... words) {
		assertThatExceptionOfType(InvalidPersonaRuleException.class).isThrownBy(() -> rule(json))
			.satisfies((ex) -> {
				assertThat(ex.path()).startsWith(path);
				assertThat(ex.getMessage()).contains(words);
			});
	}

	private PersonaRule rule(String json) {
		try {
			return PersonaRules.read(JSON.readTree(json), this.directory);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String field(String field, String test, String value) {
		return "{\"type\":\"field\",\"field\":\"" + field + "\",\"test\":\"" + test + "\",\"value\":\"" + value + "\"}";
	}

	private static List<UserFacts> matching(PersonaRule rule, UserFacts... users) {
		return List.of(users).stream().filter((user) -> rule.matches(user, TODAY)).toList();
	}

	private static Facts user() {
		return new Facts();
	}

	private static final class Facts {

		private final Map<String, String> fields = new HashMap<>();

		private final Set<String> groups = new HashSet<>();

		private boolean active = true;

		private LocalDate hired;

		private UUID manager;

		private List<UUID> chain = List.of();

		Facts field(String name, String value) {
			this.fields.put(name, value.toLowerCase());
			return this;
		}

		Facts group(String connection, String name) {
			this.groups.add(PersonaFacts.groupKey(null, name));
			this.groups.add(PersonaFacts.groupKey(connection, name));
			return this;
		}

		Facts hired(LocalDate date) {
			this.hired = date;
			return this;
		}

		Facts manager(UUID manager) {
			this.manager = manager;
			this.chain = List.of(manager);
			return this;
		}

		Facts chain(UUID... chain) {
			this.chain = List.of(chain);
			return this;
		}

		Facts inactive() {
			this.active = false;
			return this;
		}

		UserFacts build() {
			return new UserFacts(UUID.randomUUID(), "u", this.active, this.fields, this.hired, this.manager, this.chain,
					this.groups);
		}

	}

}
