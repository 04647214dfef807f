package io.tilegate.scim;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3) over real HTTP, on H2 and on
 * PostgreSQL. The values are chosen where orders go wrong: mixed case, a letter beyond ASCII
 * (which a locale's collation puts next to its base letter, and code point order after
 * {@code z}), ties and missing values. Every order is read whole and in pages of two, which
 * must be the same list.
 */
abstract class ScimSortTests extends ScimGroupIntegrationTest {

	private static final String DEPARTMENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";

	private static final Instant START = Instant.parse("2024-03-01T09:30:00Z");

	/** Unique regardless of case, as user and group names are. */
	private static final List<String> NAMES = List.of("fred", "Émile", "bob", "Alice", "carol", "Bobby", "zed",
			"émilie", "ZOE");

	private static final List<String> DISPLAY_NAMES = Arrays.asList("fred", "Émile", "bob", "alice", null, "Bob",
			"zed", null, "Alice");

	private static final List<String> EXTERNAL_IDS = Arrays.asList("b-2", "B-1", null, "a-3", "É-4", "b-2", null,
			"a-3", "Z-0");

	/** The department of the users {@link #seedUsers} made, which the user lists are narrowed to. */
	private String department;

	@Test
	void usersSortByEachIndexedAttributeBothWaysAndPageAlike() {
		List<Seeded> users = seedUsers();
		Map<String, Function<Seeded, String>> keys = new LinkedHashMap<>();
		keys.put("userName", (user) -> lower(user.value("userName")));
		keys.put("displayName", (user) -> lower(user.value("displayName")));
		keys.put("name.familyName", (user) -> lower(user.value("familyName")));
		keys.put("meta.created", (user) -> user.value("created"));
		keys.put("meta.lastModified", (user) -> user.value("lastModified"));
		keys.put("externalId", (user) -> user.value("externalId"));
		assertEveryOrder(users, keys, this::userPage);
	}

	@Test
	void userTextSortsIgnoreCaseByCodePointWithTheMissingLast() {
		List<Seeded> users = seedUsers();

		assertThat(values(users, userIds("sortBy=displayName"), "displayName", true)).containsExactly("alice",
				"alice", "bob", "bob", "fred", "zed", "émile", null, null);
		assertThat(values(users, userIds("sortBy=displayName&sortOrder=descending"), "displayName", true))
			.containsExactly(null, null, "émile", "zed", "fred", "bob", "bob", "alice", "alice");
		// externalId is case-exact (RFC 7643 §3.1): upper case sorts before lower case.
		assertThat(values(users, userIds("sortBy=externalId"), "externalId", false)).containsExactly("B-1", "Z-0",
				"a-3", "a-3", "b-2", "b-2", "É-4", null, null);
		assertThat(values(users, userIds("sortBy=userName"), "userName", true))
			.extracting((name) -> name.split("\\.")[0])
			.containsExactly("alice", "bob", "bobby", "carol", "fred", "zed", "zoe", "émile", "émilie");
	}

	@Test
	void sortByIgnoresCaseAndTakesTheSchemaUrn() {
		List<Seeded> users = seedUsers();
		List<String> byFamilyName = sorted(users, (user) -> lower(user.value("familyName")), false);

		assertThat(userIds("sortBy=" + ScimHttp.q("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName")))
			.isEqualTo(byFamilyName);
		assertThat(userIds("sortBy=NAME.FAMILYNAME&sortOrder=Ascending")).isEqualTo(byFamilyName);
		assertThat(userIds("sortBy=USERNAME&sortOrder=DESCENDING"))
			.isEqualTo(sorted(users, (user) -> lower(user.value("userName")), true));
	}

	@Test
	void withoutSortByUsersComeOldestFirstAndDescendingNewestFirst() {
		List<Seeded> users = seedUsers();
		List<String> oldestFirst = sorted(users, (user) -> user.value("created"), false);

		assertThat(userIds("")).isEqualTo(oldestFirst);
		assertThat(userIds("sortOrder=descending")).isEqualTo(sorted(users, (user) -> user.value("created"), true));
	}

	@Test
	void groupsSortByEachIndexedAttributeBothWaysAndPageAlike() {
		List<Seeded> groups = seedGroups();
		Map<String, Function<Seeded, String>> keys = new LinkedHashMap<>();
		keys.put("displayName", (group) -> lower(group.value("displayName")));
		keys.put("meta.created", (group) -> group.value("created"));
		keys.put("meta.lastModified", (group) -> group.value("lastModified"));
		keys.put("externalId", (group) -> group.value("externalId"));
		assertEveryOrder(groups, keys, this::groupIds);
		assertThat(values(groups, groupIds("sortBy=displayName", 1, 100), "displayName", true)).containsExactly(
				"alice", "bob", "bobby", "carol", "fred", "zed", "zoe", "émile", "émilie");
		String byExternalId = "sortBy=" + ScimHttp.q("urn:ietf:params:scim:schemas:core:2.0:Group:EXTERNALID");
		assertThat(values(groups, groupIds(byExternalId, 1, 100), "externalId", false))
			.containsExactly("B-1", "Z-0", "a-3", "a-3", "b-2", "b-2", "É-4", null, null);
		assertThat(groupIds("", 1, 100)).isEqualTo(sorted(groups, (group) -> group.value("created"), false));
	}

	@Test
	void anAttributeThatCannotBeSortedByIsRefusedNamingThoseThatCan() {
		JsonHttpResponse title = this.scim.get("/Users?sortBy=title");
		assertError(title, 400, "invalidValue");
		assertThat(title.json().path("detail").asText()).contains("'title'", "userName, displayName, name.familyName",
				"meta.created", "meta.lastModified", "externalId");
		assertError(this.scim.get("/Users?sortBy=name.givenName"), 400, "invalidValue");
		assertError(this.scim.get("/Users?sortBy=" + ScimHttp.q(DEPARTMENT)), 400, "invalidValue");
		String groupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group:displayName";
		assertError(this.scim.get("/Users?sortBy=" + ScimHttp.q(groupUrn)), 400, "invalidValue");
		JsonHttpResponse members = this.scim.get("/Groups?sortBy=members");
		assertError(members, 400, "invalidValue");
		assertThat(members.json().path("detail").asText()).contains("'members'", "displayName, meta.created");
		assertError(this.scim.get("/Groups?sortBy=userName"), 400, "invalidValue");

		JsonHttpResponse order = this.scim.get("/Users?sortBy=userName&sortOrder=up");
		assertError(order, 400, "invalidValue");
		assertThat(order.json().path("detail").asText()).contains("'ascending' or 'descending'", "'up'");
		assertError(this.scim.get("/Groups?sortOrder=desc"), 400, "invalidValue");
	}

	/** Nine users of a department of their own, written as the directory keeps them. */
	private List<Seeded> seedUsers() {
		String department = "sort-" + UUID.randomUUID().toString().substring(0, 8);
		this.department = department;
		List<Seeded> users = new ArrayList<>();
		for (int i = 0; i < NAMES.size(); i++) {
			UUID id = UUID.randomUUID();
			String userName = NAMES.get(i) + "." + department;
			String familyName = DISPLAY_NAMES.get((i + 3) % DISPLAY_NAMES.size());
			// Three users each second, four each minute: ties, in another order than creation.
			Instant created = START.plusSeconds(i / 3);
			Instant modified = START.plusSeconds(60L * ((NAMES.size() - i) % 4));
			this.jdbc.update("""
					insert into app_user (id, user_name, user_name_key, display_name, last_name, external_id,
					  department, active, scim_managed, created_at, updated_at, version)
					values (?, ?, ?, ?, ?, ?, ?, true, true, ?, ?, 0)""", id, userName,
					userName.toLowerCase(Locale.ROOT), DISPLAY_NAMES.get(i), familyName, EXTERNAL_IDS.get(i), department,
					Timestamp.from(created), Timestamp.from(modified));
			Map<String, String> values = new LinkedHashMap<>();
			values.put("userName", userName);
			values.put("displayName", DISPLAY_NAMES.get(i));
			values.put("familyName", familyName);
			values.put("externalId", EXTERNAL_IDS.get(i));
			values.put("created", created.toString());
			values.put("lastModified", modified.toString());
			users.add(new Seeded(id.toString(), values));
		}
		return users;
	}

	/** Nine groups pushed through a connection of their own, so no other test's groups are listed. */
	private List<Seeded> seedGroups() {
		String connection = "sort-" + UUID.randomUUID().toString().substring(0, 8);
		connect(connection);
		this.scim = this.scim.withToken(newToken(connection));
		List<Seeded> groups = new ArrayList<>();
		for (int i = 0; i < NAMES.size(); i++) {
			String externalId = EXTERNAL_IDS.get(i);
			JsonHttpResponse created = this.scim.post("/Groups", """
					{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s"%s}"""
				.formatted(NAMES.get(i), (externalId != null) ? ", \"externalId\": \"" + externalId + "\"" : ""));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			String id = created.json().path("id").asText();
			Instant createdAt = START.plusSeconds(i / 3);
			Instant modified = START.plusSeconds(60L * ((NAMES.size() - i) % 4));
			this.jdbc.update("update user_group set created_at = ?, updated_at = ? where id = ?",
					Timestamp.from(createdAt), Timestamp.from(modified), UUID.fromString(id));
			Map<String, String> values = new LinkedHashMap<>();
			values.put("displayName", NAMES.get(i));
			values.put("externalId", externalId);
			values.put("created", createdAt.toString());
			values.put("lastModified", modified.toString());
			groups.add(new Seeded(id, values));
		}
		return groups;
	}

	/**
	 * Each key both ways, read whole and in pages of two.
	 * @param keys by {@code sortBy}: the value the resource is sorted by
	 */
	private static void assertEveryOrder(List<Seeded> seeded, Map<String, Function<Seeded, String>> keys,
			PageReader pages) {
		for (Map.Entry<String, Function<Seeded, String>> key : keys.entrySet()) {
			for (String order : List.of("ascending", "descending")) {
				List<String> expected = sorted(seeded, key.getValue(), order.equals("descending"));
				String query = "sortBy=" + ScimHttp.q(key.getKey()) + "&sortOrder=" + order;
				assertThat(pages.ids(query, 1, 100)).as(query).isEqualTo(expected);
				List<String> paged = new ArrayList<>();
				for (int start = 1; paged.size() == start - 1; start += 2) {
					paged.addAll(pages.ids(query, start, 2));
				}
				assertThat(paged).as(query + ", in pages of two").isEqualTo(expected);
			}
		}
	}

	/**
	 * The ids in the order RFC 7644 §3.4.2.3 asks for: by code point, ties by id, missing
	 * values last; descending is all of it reversed.
	 */
	private static List<String> sorted(List<Seeded> seeded, Function<Seeded, String> key, boolean descending) {
		Comparator<Seeded> order = Comparator.comparing(key, Comparator.nullsLast(Comparator.naturalOrder()))
			.thenComparing(Seeded::id);
		return seeded.stream().sorted(descending ? order.reversed() : order).map(Seeded::id).toList();
	}

	private static String lower(String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

	/** What was seeded for each id, in the order of the ids. */
	private static List<String> values(List<Seeded> seeded, List<String> ids, String name, boolean lowerCase) {
		List<String> values = new ArrayList<>();
		for (String id : ids) {
			String value = seeded.stream().filter((one) -> one.id().equals(id)).findFirst().orElseThrow().value(name);
			values.add(lowerCase ? lower(value) : value);
		}
		return values;
	}

	private List<String> userIds(String query) {
		return userPage(query, 1, 100);
	}

	private List<String> userPage(String query, int start, int count) {
		String filter = DEPARTMENT + " eq \"" + this.department + "\"";
		JsonHttpResponse page = this.scim.get("/Users?filter=" + ScimHttp.q(filter) + "&startIndex=" + start
				+ "&count=" + count + "&attributes=id" + (query.isEmpty() ? "" : "&" + query));
		return ids(page, start);
	}

	private List<String> groupIds(String query, int start, int count) {
		JsonHttpResponse page = this.scim.get("/Groups?startIndex=" + start + "&count=" + count
				+ "&excludedAttributes=members" + (query.isEmpty() ? "" : "&" + query));
		return ids(page, start);
	}

	private static List<String> ids(JsonHttpResponse page, int start) {
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.json().path("startIndex").asInt()).isEqualTo(start);
		return values(page.json().path("Resources"), "id");
	}

	private record Seeded(String id, Map<String, String> values) {

		String value(String name) {
			return this.values.get(name);
		}

	}

	@FunctionalInterface
	private interface PageReader {

		List<String> ids(String query, int startIndex, int count);

	}

}
