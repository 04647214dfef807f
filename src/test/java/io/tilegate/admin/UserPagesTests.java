package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.Provenance;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimHttp;
import io.tilegate.scim.ScimTokens;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users pages driven over HTTP: users come from real SAML sign-ins and SCIM pushes, and
 * the admin lists, searches, exports, reads, deactivates, reactivates and deletes them.
 */
class UserPagesTests extends AdminConsoleIntegrationTest {

	/** U+FEFF, which UTF-8 writes as EF BB BF: what tells Excel on Windows the file is UTF-8. */
	private static final String UTF8_BOM = "\uFEFF";

	private static final Pattern USER_ROW = Pattern.compile("<tr data-user-id=\"([0-9a-f-]{36})\">");

	@Autowired
	private ScimTokens tokens;

	@Autowired
	private Directory directory;

	@Autowired
	private CustomFields customFields;

	@Test
	void theListShowsSignedInAndProvisionedUsersWithTheirSource() {
		String tag = tag();
		String saml = "saml-" + tag + "@example.com";
		signIn(response(saml).attribute("department", "Research " + tag));
		String scimOnly = scimUser("scim-" + tag + "@example.com", "Grace", "Hopper");
		String both = scimUser("both-" + tag + "@example.com", "Mary", "Somerville");
		signIn(response("both-" + tag + "@example.com"));

		HttpResponse<String> page = this.admin.get("/admin/users?q=" + tag);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"users\"").contains("3 users");
		assertThat(userIds(page.body())).containsExactlyInAnyOrder(idOf(saml).toString(), scimOnly, both);
		assertThat(row(page.body(), idOf(saml).toString())).contains(">SAML<")
			.contains("href=\"/admin/users/" + idOf(saml) + "\">Ada Lovelace</a>")
			.contains("Research " + tag)
			.contains("badge good\">active<")
			.doesNotContain(">never<");
		assertThat(row(page.body(), scimOnly)).contains(">SCIM<").contains("Grace Hopper").contains(">never<");
		assertThat(row(page.body(), both)).contains(">SAML + SCIM<");
		assertThat(page.body()).contains("href=\"/admin/users.csv?q=" + tag + "\"");
		assertThat(userIds(this.admin.get("/admin/users?q=research+" + tag).body()))
			.as("the department is searched too")
			.containsExactly(idOf(saml).toString());
	}

	@Test
	void theListIsPagedFiftyUsersAPage() {
		String tag = tag();
		for (int i = 0; i < 51; i++) {
			this.directory.createUser(String.format("pager-%s-%02d@example.com", tag, i), new Provenance("test", null));
		}

		HttpResponse<String> first = this.admin.get("/admin/users?q=pager-" + tag);
		HttpResponse<String> second = this.admin.get("/admin/users?q=pager-" + tag + "&page=2");

		assertThat(first.body()).contains("51 users").contains("Page 1 of 2")
			.contains("href=\"/admin/users?q=pager-" + tag + "&amp;page=2\"")
			.doesNotContain("id=\"previous-page\"");
		assertThat(userIds(first.body())).hasSize(50);
		assertThat(second.body()).contains("Page 2 of 2").contains("id=\"previous-page\"")
			.doesNotContain("id=\"next-page\"");
		assertThat(userIds(second.body())).singleElement()
			.isEqualTo(idOf("pager-" + tag + "-50@example.com").toString())
			.isNotIn(userIds(first.body()));
	}

	@Test
	void aSearchThatMatchesNobodySaysSo() {
		HttpResponse<String> page = this.admin.get("/admin/users?q=nobody-" + tag());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"no-match\"").contains("No user matches").doesNotContain("id=\"users\"");
	}

	@Test
	void theCsvExportHasEveryMatchingUserNotJustOnePage() {
		String tag = tag();
		for (int i = 0; i < UserPages.EXPORT_BATCH + 1; i++) {
			this.directory.createUser(String.format("export-%s-%03d@example.com", tag, i), new Provenance("test", null));
		}

		HttpResponse<String> csv = this.admin.get("/admin/users.csv?q=export-" + tag);

		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/csv").containsIgnoringCase("charset=UTF-8"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((disposition) -> assertThat(disposition)
				.matches("attachment; filename=\"tilegate-users-\\d{4}-\\d{2}-\\d{2}\\.csv\""));
		assertThat(csv.body()).startsWith(UTF8_BOM + "id,");
		String[] lines = csv.body().substring(1).split("\r\n");
		assertThat(lines).hasSize(UserPages.EXPORT_BATCH + 2);
		assertThat(lines[0]).isEqualTo(
				"id,user name,first name,last name,email,department,title,status,last login (UTC),source");
		assertThat(lines).filteredOn((line) -> line.contains("export-" + tag)).hasSize(UserPages.EXPORT_BATCH + 1)
			.doesNotHaveDuplicates();
		assertThat(lines[lines.length - 1]).contains("export-" + tag + "-500@example.com");
	}

	@Test
	void theCsvBeginsWithAByteOrderMarkSoExcelReadsNamesOutsideAsciiAsUtf8() {
		String tag = tag();
		String id = scimUser("bom-" + tag + "@example.com", "José", "Núñez-Øberg");

		HttpResponse<String> csv = this.admin.get("/admin/users.csv?q=bom-" + tag);

		assertThat(csv.body()).startsWith(UTF8_BOM + "id,user name,").doesNotStartWith(UTF8_BOM + UTF8_BOM);
		assertThat(csv.body().split("\r\n")).contains(id + ",bom-" + tag + "@example.com,José,Núñez-Øberg,bom-" + tag
				+ "@example.com,,,active,,SCIM");
	}

	@Test
	void theCsvQuotesCommasAndQuotesAndWritesFormulasAsText() {
		String tag = tag();
		String id = scimUser("csv-" + tag + "@example.com", "=HYPERLINK(\"http://evil.example\",\"x\")", "Doe, Jr.",
				"+Sales", "@import");
		signIn(response("plain-" + tag + "@example.com"));

		HttpResponse<String> csv = this.admin.get("/admin/users.csv?q=" + tag);

		String[] lines = csv.body().split("\r\n");
		assertThat(lines).hasSize(3);
		assertThat(lines).anySatisfy((line) -> assertThat(line).isEqualTo(id + ",csv-" + tag + "@example.com,"
				+ "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"Doe, Jr.\",csv-" + tag + "@example.com,"
				+ "'+Sales,'@import,active,,SCIM"));
		assertThat(lines).anySatisfy((line) -> assertThat(line)
			.matches(idOf("plain-" + tag + "@example.com") + ",plain-" + tag + "@example.com,Ada,Lovelace,plain-" + tag
					+ "@example.com,,,active,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},SAML"));
	}

	@Test
	void theUserPageShowsProfileManagerGroupsLinksAndLoginHistory() {
		String tag = tag();
		String manager = "boss-" + tag + "@example.com";
		String user = "ada-" + tag + "@example.com";
		this.customFields.defineCustomField("costCenter", "Cost center", "test");
		signIn(response(manager).attribute("firstName", "Charles").attribute("lastName", "Babbage"));
		signIn(response(user, "engineering-" + tag).attribute("title", "Analyst")
			.attribute("department", "Research")
			.attribute("hireDate", "2024-03-01")
			.attribute("photo", "https://img.example.invalid/ada.png")
			.attribute("manager", manager)
			.attribute("custom.costCenter", "CC-" + tag));
		UUID id = idOf(user);
		Event login = this.events.search(EventType.LOGIN_SUCCEEDED, id, null, 1).get(0);

		HttpResponse<String> page = this.admin.get("/admin/users/" + id);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Ada Lovelace")
			.contains("<dd>Analyst</dd>")
			.contains("<dd>Research</dd>")
			.contains("<dd>2024-03-01</dd>")
			.contains("The IdP sends a photo: <code>https://img.example.invalid/ada.png</code>")
			.doesNotContain("src=\"https://img.example.invalid")
			.contains("Cost center").contains("CC-" + tag)
			.contains("href=\"/admin/users/" + idOf(manager) + "\">Charles Babbage</a>")
			.contains("engineering-" + tag).contains("SAML (from the sign-in assertion)")
			.contains("id=\"identity-links\"").contains("<code>" + user + "</code>")
			.contains("id=\"login-history\"")
			.contains("href=\"/admin/events/" + login.getReference() + "\"")
			.contains("href=\"/admin/events?user=" + id + "\"")
			.contains("id=\"deactivate\"").contains("id=\"delete\"").doesNotContain("id=\"reactivate\"");
		assertThat(this.admin.get("/admin/users/" + idOf(manager)).body())
			.contains("href=\"/admin/users/" + id + "\">Ada Lovelace</a>");
	}

	@Test
	void aPhotoThatIsNotAWebUrlIsNotShown() {
		String user = "photo-" + tag() + "@example.com";
		signIn(response(user).attribute("photo", "javascript:alert(1)"));

		HttpResponse<String> page = this.admin.get("/admin/users/" + idOf(user));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("<img").doesNotContain("javascript:alert");
	}

	@Test
	void deactivatingEndsTheUsersSessionAndRefusesTheirSignInUntilReactivated() {
		String user = "leaver-" + tag() + "@example.com";
		ConsoleBrowser browser = signIn(response(user));
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		UUID id = idOf(user);
		this.admin.get("/admin/users/" + id);

		HttpResponse<String> deactivated = this.admin.submit("/admin/users/" + id + "/deactivate", Map.of());

		assertThat(deactivated.statusCode()).isEqualTo(302);
		assertThat(location(deactivated)).isEqualTo("/admin/users/" + id);
		HttpResponse<String> page = this.admin.follow(deactivated);
		assertThat(page.body()).contains("Deactivated: Ada Lovelace&#39;s sessions have ended, on every node; "
				+ "sign-in is refused until reactivated").contains("id=\"reactivate\"").doesNotContain("id=\"deactivate\"");
		assertThat(sessionRowsOf(id)).as("deleted with the deactivation, before the user's next request").isZero();
		HttpResponse<String> next = browser.get("/");
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(location(next)).isEqualTo("/login?ended");
		HttpResponse<String> refused = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(user).build().base64());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Your sign-in was refused").contains("your account is deactivated");
		assertThat(this.events.search(EventType.USER_DEACTIVATED, id, null, 10)).singleElement()
			.extracting(Event::getActor)
			.isEqualTo("admin");

		HttpResponse<String> reactivated = this.admin.submit("/admin/users/" + id + "/reactivate", Map.of());

		assertThat(this.admin.follow(reactivated).body()).contains("Reactivated: Ada Lovelace can sign in again")
			.contains("id=\"deactivate\"");
		HttpResponse<String> again = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(user).build().base64());
		assertThat(again.statusCode()).as(again.body()).isEqualTo(302);
		assertThat(this.admin.get("/admin/users/" + id).body()).contains("id=\"login-history\"")
			.contains("SESSION_ENDED")
			.contains("LOGIN_REFUSED");
		assertThat(this.events.search(EventType.LOGIN_REFUSED, id, null, 10)).singleElement()
			.satisfies((event) -> assertThat(event.getUserName()).isEqualTo(user));
	}

	@Test
	void deletingTakesTheConfirmationPostAndKeepsAnEvent() {
		String user = "gone-" + tag() + "@example.com";
		ConsoleBrowser browser = signIn(response(user, "engineering"));
		UUID id = idOf(user);
		assertThat(sessionRowsOf(id)).isOne();

		HttpResponse<String> confirm = this.admin.get("/admin/users/" + id + "/delete");

		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("Delete Ada Lovelace?")
			.contains("This removes the user, their groups memberships and identity links. The event log keeps a "
					+ "record. If the IdP still assigns them, they are created again at next sign-in or SCIM push.")
			.contains("id=\"confirm-delete\"")
			.contains("href=\"/admin/users/" + id + "\"");
		assertThat(this.admin.get("/admin/users/" + id).statusCode()).as("asking is not deleting").isEqualTo(200);

		HttpResponse<String> deleted = this.admin.submit("/admin/users/" + id + "/delete", Map.of());

		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(location(deleted)).isEqualTo("/admin/users");
		assertThat(this.admin.follow(deleted).body()).contains("id=\"notice\"").contains("Deleted Ada Lovelace");
		assertThat(this.admin.get("/admin/users/" + id).statusCode()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from identity_link where user_id = ?", Integer.class, id))
			.isZero();
		assertThat(sessionRowsOf(id)).as("deleted with the user").isZero();
		assertThat(location(browser.get("/"))).isEqualTo("/login?ended");
		Event record = this.events.search(EventType.USER_DELETED, id, null, 10).get(0);
		assertThat(record.getActor()).isEqualTo("admin");
		String events = this.admin.get("/admin/events?user=" + id).body();
		assertThat(events).as("the deleted user's events are kept, no longer linked to a user page")
			.contains("data-reference=\"" + record.getReference() + "\"")
			.doesNotContain("href=\"/admin/users/" + id + "\"");
	}

	@Test
	void anUnknownOrMalformedUserIdIsAPageNotFound() {
		HttpResponse<String> unknown = this.admin.get("/admin/users/" + UUID.randomUUID());
		HttpResponse<String> malformed = this.admin.get("/admin/users/not-an-id");
		HttpResponse<String> deactivate = this.admin.submit("/admin/users/" + UUID.randomUUID() + "/deactivate",
				Map.of());

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("This page does not exist");
		assertThat(malformed.statusCode()).isEqualTo(404);
		assertThat(deactivate.statusCode()).isEqualTo(404);
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
		String user = "csrf-" + tag() + "@example.com";
		signIn(response(user));
		UUID id = idOf(user);

		HttpResponse<String> deactivate = this.admin.submitAsIs("/admin/users/" + id + "/deactivate", Map.of());
		HttpResponse<String> delete = this.admin.submitAsIs("/admin/users/" + id + "/delete", Map.of());

		assertThat(deactivate.statusCode()).isEqualTo(403);
		assertThat(delete.statusCode()).isEqualTo(403);
		assertThat(this.directory.user(id)).hasValueSatisfying((found) -> assertThat(found.active()).isTrue());
	}

	@Test
	void aUserWhoIsNotAnAdminCannotSeeOrExportUsers() {
		ConsoleBrowser user = samlUser("engineering");

		assertThat(user.get("/admin/users").statusCode()).isEqualTo(403);
		assertThat(user.get("/admin/users.csv").statusCode()).isEqualTo(403);
	}

	static String tag() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Signs in through SAML in a new browser, which keeps the session. */
	ConsoleBrowser signIn(SamlResponseBuilder response) {
		ConsoleBrowser browser = new ConsoleBrowser(this.port);
		HttpResponse<String> acs = browser.postSamlResponse(CONNECTION, response.build().base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		return browser;
	}

	int sessionRowsOf(UUID userId) {
		return this.jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", Integer.class,
				userId.toString());
	}

	UUID idOf(String userName) {
		return this.jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				userName.toLowerCase());
	}

	private String scimUser(String userName, String givenName, String familyName) {
		return scimUser(userName, givenName, familyName, null, null);
	}

	private String scimUser(String userName, String givenName, String familyName, String department, String title) {
		this.tokens.list(CONNECTION).forEach((token) -> this.tokens.revoke(CONNECTION, token.getId(), "test"));
		ScimHttp scim = new ScimHttp(this.port, this.tokens.issue(CONNECTION, "test", null, "test").secret());
		String enterprise = (department != null) ? """
				, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": %s}"""
			.formatted(json(department)) : "";
		JsonHttpResponse created = scim.post("/Users", """
				{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
				 "userName": %s, "name": {"givenName": %s, "familyName": %s}, %s
				 "emails": [{"value": %s, "type": "work", "primary": true}]%s}""".formatted(json(userName),
				json(givenName), json(familyName), (title != null) ? "\"title\": " + json(title) + "," : "",
				json(userName), enterprise));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static String json(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static List<String> userIds(String html) {
		Matcher matcher = USER_ROW.matcher(html);
		List<String> ids = new ArrayList<>();
		while (matcher.find()) {
			ids.add(matcher.group(1));
		}
		return ids;
	}

	static String row(String html, String dataId) {
		int start = html.indexOf("data-user-id=\"" + dataId + "\"");
		assertThat(start).as("row of " + dataId).isNotNegative();
		return html.substring(start, html.indexOf("</tr>", start));
	}

}
