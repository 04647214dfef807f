package io.tilegate.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.GroupMemberships;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.personas.PersonaMembership;
import io.tilegate.personas.Personas;
import io.tilegate.personas.Spaces;
import io.tilegate.scim.ScimHttp;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users of the admin API over real HTTP: the list with its search and paging, one user's
 * whole record, deactivate, reactivate and delete. Run on H2 and on PostgreSQL.
 */
abstract class AdminUsersApiTests extends AdminApiIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	@Autowired
	Directory directory;

	@Autowired
	GroupMemberships groupMemberships;

	@Autowired
	IdentityLinks identityLinks;

	@Autowired
	CustomFields customFields;

	@Autowired
	Personas personas;

	@Autowired
	Spaces spaces;

	@Autowired
	PersonaMembership membership;

	@Test
	void listsInUserNameOrderAndPagesWithoutRepeatsOrGaps() {
		String tag = tag();
		for (String name : List.of("carol", "Alice", "eve", "bob", "dave")) {
			person(tag + "-" + name, null, null, null, null);
		}

		List<String> seen = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			JsonNode listed = ok(this.admin.get("/api/v1/users?q=" + tag + "&size=2&page=" + page));
			assertThat(listed.path("total").asLong()).isEqualTo(5);
			assertThat(listed.path("page").asInt()).isEqualTo(page);
			assertThat(listed.path("size").asInt()).isEqualTo(2);
			listed.path("users").forEach((user) -> seen.add(user.path("userName").asText()));
		}

		assertThat(seen).containsExactly(tag + "-Alice", tag + "-bob", tag + "-carol", tag + "-dave", tag + "-eve");
		JsonNode beyond = ok(this.admin.get("/api/v1/users?q=" + tag + "&size=2&page=3"));
		assertThat(beyond.path("users")).isEmpty();
		assertThat(beyond.path("total").asLong()).isEqualTo(5);
		JsonNode firstPage = ok(this.admin.get("/api/v1/users"));
		assertThat(firstPage.path("size").asInt()).isEqualTo(50);
		assertThat(firstPage.path("total").asLong()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void searchMatchesNameEmailAndDepartmentWhateverTheCase() {
		String tag = tag();
		UUID ada = person("ada-" + tag, "Ada" + tag, "Lovelace", "ada@" + tag + ".example", "Analytical " + tag);
		UUID grace = person("grace-" + tag, "Grace", "Hopper" + tag, "grace@navy.example", "Compilers");

		assertThat(userIds("ADA-" + tag.toUpperCase())).containsExactly(ada.toString());
		assertThat(userIds("@" + tag + ".EXAMPLE")).containsExactly(ada.toString());
		assertThat(userIds("ada" + tag.toUpperCase())).containsExactly(ada.toString());
		assertThat(userIds("hopper" + tag)).containsExactly(grace.toString());
		assertThat(userIds("analytical " + tag)).containsExactly(ada.toString());
		assertThat(userIds(tag)).containsExactlyInAnyOrder(ada.toString(), grace.toString());
		assertThat(userIds(tag + "%")).as("a % is a character, not a wildcard").isEmpty();
		assertThat(userIds(tag.substring(0, 3) + "_" + tag.substring(4))).as("nor is _").isEmpty();
	}

	@Test
	void listShowsEachUsersSourceStatusAndLastSignIn() {
		String tag = tag();
		UUID saml = person(tag + "-saml", "Sam", "Lee", tag + "-saml@example.com", "Sales");
		this.identityLinks.link(saml, CONNECTION, tag + "-saml@example.com", LinkMethod.USER_NAME);
		this.identityLinks.recordSignIn(CONNECTION, tag + "-saml@example.com");
		ScimHttp scim = scim(newScimToken(tag));
		String scimOnly = scimUser(scim, tag + "-scim");
		String both = scimUser(scim, tag + "-both");
		this.identityLinks.link(UUID.fromString(both), CONNECTION, tag + "-both", LinkMethod.USER_NAME);
		this.directory.deactivate(saml, "test");

		JsonNode users = ok(this.admin.get("/api/v1/users?q=" + tag)).path("users");

		JsonNode samlRow = find(users, saml.toString());
		assertThat(samlRow.path("source").asText()).isEqualTo("saml");
		assertThat(samlRow.path("active").asBoolean()).isFalse();
		assertThat(samlRow.path("lastLoginAt").isTextual()).as(samlRow.toString()).isTrue();
		assertThat(samlRow.path("firstName").asText()).isEqualTo("Sam");
		assertThat(samlRow.path("lastName").asText()).isEqualTo("Lee");
		assertThat(samlRow.path("email").asText()).isEqualTo(tag + "-saml@example.com");
		assertThat(samlRow.path("department").asText()).isEqualTo("Sales");
		JsonNode scimRow = find(users, scimOnly);
		assertThat(scimRow.path("source").asText()).isEqualTo("scim");
		assertThat(scimRow.path("active").asBoolean()).isTrue();
		assertThat(scimRow.path("lastLoginAt").isNull()).isTrue();
		JsonNode bothRow = find(users, both);
		assertThat(bothRow.path("source").asText()).isEqualTo("both");
		assertThat(bothRow.path("lastLoginAt").isNull()).as("linked but never signed in").isTrue();
	}

	@Test
	void oneUsersWholeRecord() {
		String tag = tag();
		String field = "f" + tag.replace("-", "");
		this.customFields.defineCustomField(field, "Cost center", "test");
		UUID boss = person(tag + "-boss", "Barbara", "Liskov", null, null);
		UUID ada = person(tag + "-ada", "Ada", "Lovelace", tag + "@example.com", "Research");
		this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.MANAGER, tag + "-boss")
			.set(ProfileField.TITLE, "Analyst")
			.set(ProfileField.PHONE, "+44 20 0000")
			.set(ProfileField.COMPANY, "Engines Ltd")
			.set(ProfileField.PHOTO, "https://photos.example/ada.png")
			.hireDate(LocalDate.of(2020, 3, 1))
			.custom(field, "CC-42"), TEST);
		UUID report = person(tag + "-report", null, null, null, null);
		this.directory.updateProfile(report, new ProfileEdit().set(ProfileField.MANAGER, tag + "-ada"), TEST);
		this.identityLinks.link(ada, CONNECTION, "ada@idp", LinkMethod.USER_NAME);
		this.identityLinks.recordSignIn(CONNECTION, "ada@idp");
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("Engineers " + tag), TEST);
		String space = this.admin.post("/api/v1/spaces", "{\"name\":\"Payroll desk " + tag + "\"}").json()
			.path("space").path("id").asText();
		assertThat(this.admin.post("/api/v1/personas", """
				{"name":"Payroll %s","rule":{"type":"group","group":"Payroll %s"},"spaces":["%s"]}"""
			.formatted(tag, tag, space)).status()).isEqualTo(201);
		ScimHttp scim = scim(newScimToken(tag));
		assertThat(scim.post("/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Payroll %s",
				 "members":[{"value":"%s"}]}""".formatted(tag, ada)).status()).isEqualTo(201);

		JsonNode user = ok(this.admin.get("/api/v1/users/" + ada));
		assertThat(user.path("personas")).singleElement()
			.satisfies((persona) -> assertThat(persona.path("name").asText()).isEqualTo("Payroll " + tag));
		assertThat(user.path("spaces")).singleElement().satisfies((joined) -> {
			assertThat(joined.path("name").asText()).isEqualTo("Payroll desk " + tag);
			assertThat(joined.path("personas").get(0).path("name").asText()).isEqualTo("Payroll " + tag);
		});

		assertThat(user.path("id").asText()).isEqualTo(ada.toString());
		assertThat(user.path("userName").asText()).isEqualTo(tag + "-ada");
		assertThat(user.path("displayName").asText()).isEqualTo("Ada Lovelace");
		assertThat(user.path("email").asText()).isEqualTo(tag + "@example.com");
		assertThat(user.path("department").asText()).isEqualTo("Research");
		assertThat(user.path("title").asText()).isEqualTo("Analyst");
		assertThat(user.path("phone").asText()).isEqualTo("+44 20 0000");
		assertThat(user.path("company").asText()).isEqualTo("Engines Ltd");
		assertThat(user.path("hireDate").asText()).isEqualTo("2020-03-01");
		assertThat(user.path("photoUrl").asText()).isEqualTo("https://photos.example/ada.png");
		assertThat(user.path("status").asText()).isEqualTo("active");
		assertThat(user.path("source").asText()).isEqualTo("saml");
		assertThat(user.path("customFields")).hasSize(1);
		assertThat(user.path("customFields").get(0).path("name").asText()).isEqualTo(field);
		assertThat(user.path("customFields").get(0).path("label").asText()).isEqualTo("Cost center");
		assertThat(user.path("customFields").get(0).path("value").asText()).isEqualTo("CC-42");
		assertThat(user.path("manager").path("id").asText()).isEqualTo(boss.toString());
		assertThat(user.path("manager").path("userName").asText()).isEqualTo(tag + "-boss");
		assertThat(user.path("manager").path("displayName").asText()).isEqualTo("Barbara Liskov");
		assertThat(user.path("pendingManager").isNull()).isTrue();
		assertThat(user.path("directReports")).hasSize(1);
		assertThat(user.path("directReports").get(0).path("id").asText()).isEqualTo(report.toString());
		assertThat(user.path("directReports").get(0).path("displayName").asText()).isEqualTo(tag + "-report");
		JsonNode groups = user.path("groups");
		assertThat(groups).hasSize(2);
		assertThat(find(groups, "Engineers " + tag, "name").path("source").asText()).isEqualTo("saml");
		assertThat(find(groups, "Payroll " + tag, "name").path("source").asText()).isEqualTo("scim");
		assertThat(find(groups, "Payroll " + tag, "name").path("connectionId").asText()).isEqualTo(tag);
		JsonNode link = user.path("identityLinks").get(0);
		assertThat(link.path("connectionId").asText()).isEqualTo(CONNECTION);
		assertThat(link.path("nameId").asText()).isEqualTo("ada@idp");
		assertThat(link.path("lastLoginAt").isTextual()).isTrue();
		assertThat(user.path("createdAt").isTextual()).isTrue();
		assertThat(user.path("updatedAt").isTextual()).isTrue();
		JsonNode bossView = ok(this.admin.get("/api/v1/users/" + boss));
		assertThat(bossView.path("manager").isNull()).isTrue();
		assertThat(bossView.path("directReports").get(0).path("displayName").asText()).isEqualTo("Ada Lovelace");
		assertThat(bossView.path("identityLinks")).isEmpty();
	}

	@Test
	void aManagerWhoDoesNotExistYetIsShownAsPending() {
		String tag = tag();
		UUID ada = person(tag + "-ada", null, null, null, null);
		this.directory.updateProfile(ada, new ProfileEdit().set(ProfileField.MANAGER, tag + "-later@example.com"),
				TEST);

		JsonNode user = ok(this.admin.get("/api/v1/users/" + ada));

		assertThat(user.path("manager").isNull()).isTrue();
		assertThat(user.path("pendingManager").asText()).isEqualTo(tag + "-later@example.com");
	}

	@Test
	void aDeactivatedUserLeavesEverySpaceAndComesBackByTheRulesWhenReactivated() throws Exception {
		String tag = tag();
		UUID ops = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Ops " + tag, null, null), "test")
			.orElseThrow()
			.id();
		UUID club = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Club " + tag, null, null), "test")
			.orElseThrow()
			.id();
		this.personas.savePersona(null, new Personas.PersonaEdit("Operators " + tag, null,
				new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"field\",\"field\":"
						+ "\"department\",\"test\":\"equals\",\"value\":\"Ops " + tag + "\"}"),
				List.of(ops)), "test");
		UUID ada = person(tag + "-ada", null, null, null, "Ops " + tag);
		this.membership.recomputeUser(ada, "test");
		this.spaces.addToSpace(club, ada, "test");
		assertThat(this.spaces.spacesOf(ada)).extracting(Spaces.UserSpace::name)
			.containsExactlyInAnyOrder("Ops " + tag, "Club " + tag);
		String path = "/api/v1/users/" + ada;

		ok(this.admin.post(path + "/deactivate", null));

		assertThat(this.spaces.spacesOf(ada)).isEmpty();
		assertThat(this.personas.personasOf(ada)).isEmpty();
		assertThat(this.events.search(EventType.SPACE_LEFT, ada, null, 10)).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getSummary()).contains("the user is deactivated",
					"deactivated by admin"));

		ok(this.admin.post(path + "/reactivate", null));

		assertThat(this.spaces.spacesOf(ada)).extracting(Spaces.UserSpace::name)
			.containsExactlyInAnyOrder("Ops " + tag, "Club " + tag);
		assertThat(this.personas.personasOf(ada)).extracting(Personas.Named::name).containsExactly("Operators " + tag);
	}

	@Test
	void deactivateAndReactivateSayWhetherAnythingChanged() {
		String tag = tag();
		UUID ada = person(tag + "-ada", null, null, null, null);
		String path = "/api/v1/users/" + ada;

		JsonNode first = ok(this.admin.post(path + "/deactivate", null));
		JsonNode again = ok(this.admin.post(path + "/deactivate", null));

		assertThat(first.path("status").asText()).isEqualTo("deactivated");
		assertThat(first.path("changed").asBoolean()).isTrue();
		assertThat(again.path("status").asText()).isEqualTo("deactivated");
		assertThat(again.path("changed").asBoolean()).isFalse();
		assertThat(again.path("message").asText()).isEqualTo(tag + "-ada was already deactivated; nothing changed.");
		assertThat(ok(this.admin.get(path)).path("active").asBoolean()).isFalse();
		List<Event> deactivated = this.events.search(EventType.USER_DEACTIVATED, ada, null, 10);
		assertThat(deactivated).singleElement().satisfies((event) -> {
			assertThat(event.getActor()).isEqualTo("admin");
			assertThat(event.getSummary()).isEqualTo("User deactivated: " + tag + "-ada");
		});

		String key = newApiKey("reactivator " + tag);
		JsonNode back = ok(this.anonymous.bearer(key).post(path + "/reactivate", null));
		assertThat(back.path("status").asText()).isEqualTo("active");
		assertThat(back.path("changed").asBoolean()).isTrue();
		assertThat(ok(this.admin.post(path + "/reactivate", null)).path("changed").asBoolean()).isFalse();
		assertThat(ok(this.admin.get(path)).path("status").asText()).isEqualTo("active");
		assertThat(this.events.search(EventType.USER_REACTIVATED, ada, null, 10)).singleElement()
			.satisfies((event) -> assertThat(event.getActor()).startsWith("api-key:reactivator " + tag + ":"));
	}

	@Test
	void deleteRemovesTheUserAndKeepsAnEventNamingTheAdmin() {
		String tag = tag();
		UUID ada = person(tag + "-ada", null, null, null, null);
		this.identityLinks.link(ada, CONNECTION, tag + "-ada@idp", LinkMethod.USER_NAME);
		this.groupMemberships.replaceGroups(ada, CONNECTION, List.of("Doomed " + tag), TEST);

		JsonHttpResponse deleted = this.admin.delete("/api/v1/users/" + ada);

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/users/" + ada).status()).isEqualTo(404);
		assertThat(this.admin.delete("/api/v1/users/" + ada).status()).isEqualTo(404);
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, tag + "-ada@idp")).isEmpty();
		assertThat(this.events.search(EventType.USER_DELETED, ada, null, 10)).singleElement().satisfies((event) -> {
			assertThat(event.getSummary()).isEqualTo("User deleted by admin: " + tag + "-ada");
			assertThat(event.getActor()).isEqualTo("admin");
			assertThat(event.getConnectionId()).isNull();
		});
	}

	@Test
	void unknownAndMalformedIdsAre404InJson() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "42")) {
			for (JsonHttpResponse response : List.of(this.admin.get("/api/v1/users/" + id),
					this.admin.post("/api/v1/users/" + id + "/deactivate", null),
					this.admin.post("/api/v1/users/" + id + "/reactivate", null),
					this.admin.delete("/api/v1/users/" + id))) {
				assertThat(response.status()).as(response.toString()).isEqualTo(404);
				assertThat(response.json().path("status").asInt()).isEqualTo(404);
				assertThat(response.json().path("error").asText())
					.isEqualTo("There is no user with id '" + id + "'; ids are listed by GET /api/v1/users.");
			}
		}
	}

	@Test
	void badPagingIs400() {
		assertBadRequest(this.admin.get("/api/v1/users?size=0"), "size must be between 1 and 200; it was 0.");
		assertBadRequest(this.admin.get("/api/v1/users?size=201"), "size must be between 1 and 200; it was 201.");
		assertBadRequest(this.admin.get("/api/v1/users?page=-1"), "page is counted from 0; -1 is not a page.");
		assertBadRequest(this.admin.get("/api/v1/users?page=two"), "'two' is not a valid value for page.");
		assertThat(ok(this.admin.get("/api/v1/users?size=200")).path("size").asInt()).isEqualTo(200);
	}

	@Test
	void everyUserCallWantsCredentials() {
		String id = person(tag() + "-ada", null, null, null, null).toString();
		for (JsonHttpResponse response : List.of(this.anonymous.get("/api/v1/users"),
				this.anonymous.get("/api/v1/users/" + id), this.anonymous.post("/api/v1/users/" + id + "/deactivate", null),
				this.anonymous.post("/api/v1/users/" + id + "/reactivate", null),
				this.anonymous.delete("/api/v1/users/" + id))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(401);
			assertThat(response.json().path("status").asInt()).isEqualTo(401);
		}
		assertThat(ok(this.admin.get("/api/v1/users/" + id)).path("active").asBoolean()).isTrue();
	}

	protected static String tag() {
		return "u" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected UUID person(String userName, String firstName, String lastName, String email, String department) {
		UUID id = this.directory.createUser(userName, TEST).id();
		this.directory.updateProfile(id, new ProfileEdit().set(ProfileField.FIRST_NAME, firstName)
			.set(ProfileField.LAST_NAME, lastName)
			.set(ProfileField.EMAIL, email)
			.set(ProfileField.DEPARTMENT, department), TEST);
		return id;
	}

	/** A token of a connection of its own: a connection has at most two active tokens. */
	protected String newScimToken(String connectionId) {
		connect(connectionId);
		JsonHttpResponse created = this.admin.post("/api/v1/connections/" + connectionId + "/scim-tokens",
				"{\"label\":\"users test\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asText();
	}

	protected static String scimUser(ScimHttp scim, String userName) {
		JsonHttpResponse created = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
				 "name":{"givenName":"Scim","familyName":"Person"},"active":true}""".formatted(userName));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private List<String> userIds(String q) {
		List<String> ids = new ArrayList<>();
		ok(this.admin.get("/api/v1/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
			.path("users")
			.forEach((user) -> ids.add(user.path("id").asText()));
		return ids;
	}

	protected static JsonNode ok(JsonHttpResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		return response.json();
	}

	protected static void assertBadRequest(JsonHttpResponse response, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("status").asInt()).isEqualTo(400);
		assertThat(response.json().path("error").asText()).isEqualTo(error);
	}

}
