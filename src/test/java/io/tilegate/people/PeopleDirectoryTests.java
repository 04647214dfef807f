package io.tilegate.people;

import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.admin.AdminConsoleIntegrationTest;
import io.tilegate.admin.ConsoleBrowser;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.Directory;
import io.tilegate.directory.ProfileEdit;
import io.tilegate.directory.ProfileField;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.UserEntryEdit;
import io.tilegate.personas.Spaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people directory over HTTP, seen by an employee signed in through SAML: the search by
 * name, department, title and office, a person's page, the org chart of a three-level
 * hierarchy and of manager links that go round in a circle, deactivated people hidden, and
 * visitors who are nobody in the directory sent away. Run on H2 and on PostgreSQL.
 */
abstract class PeopleDirectoryTests extends AdminConsoleIntegrationTest {

	private static final Provenance TEST = new Provenance("test", null);

	private static final Pattern PERSON = Pattern.compile("data-person-id=\"([0-9a-f-]{36})\"");

	@Autowired
	private Directory directory;

	@Autowired
	private UserEntries entries;

	@Autowired
	private CustomFields customFields;

	@Autowired
	private Spaces spaces;

	/** A word no other test's data holds: the database is shared by the test classes. */
	private String tag;

	private ConsoleBrowser employee;

	@BeforeEach
	void employee() {
		this.tag = "t" + UUID.randomUUID().toString().substring(0, 8);
		this.customFields.defineCustomField("officeLocation", "Office location", "test");
		this.employee = samlUser();
	}

	@Test
	void colleaguesAreFoundByNameDepartmentTitleAndOffice() {
		UUID ines = person("Ines", "Kowalski" + this.tag, new ProfileEdit().set(ProfileField.DEPARTMENT, "Research")
			.set(ProfileField.TITLE, "Analyst"));
		UUID omar = person("Omar", "Haddad", new ProfileEdit().set(ProfileField.DEPARTMENT, "Finance " + this.tag)
			.set(ProfileField.TITLE, "Controller"));
		UUID mei = person("Mei", "Chen", new ProfileEdit().set(ProfileField.TITLE, "Staff Engineer " + this.tag));
		UUID lars = person("Lars", "Berg", new ProfileEdit().custom("officeLocation", "Oslo " + this.tag));
		UUID amara = this.entries.createEntry("default", new UserEntryEdit("amara-" + this.tag)
			.set(ProfileField.FIRST_NAME, "Amara")
			.set(ProfileField.LAST_NAME, "Obi")
			.officeAddress("1 Harbour Street, Lagos " + this.tag), TEST).entry().id();
		UUID elsewhere = this.entries.createEntry("elsewhere", new UserEntryEdit("other-" + this.tag)
			.set(ProfileField.FIRST_NAME, "Other")
			.set(ProfileField.LAST_NAME, "Tenant" + this.tag), TEST).entry().id();

		assertThat(found(this.tag)).containsExactlyInAnyOrder(ines, omar, mei, lars, amara)
			.doesNotContain(elsewhere);
		assertThat(found("kowalski" + this.tag)).containsExactly(ines);
		assertThat(found("ines " + this.tag)).as("every word matches somewhere").containsExactly(ines);
		assertThat(found("finance " + this.tag)).containsExactly(omar);
		assertThat(found("ENGINEER " + this.tag)).containsExactly(mei);
		assertThat(found("oslo " + this.tag)).containsExactly(lars);
		assertThat(found("harbour " + this.tag)).containsExactly(amara);
		assertThat(found("nobody " + this.tag)).isEmpty();

		String oslo = search("oslo " + this.tag).body();
		assertThat(oslo).contains("1 person").contains("Oslo " + this.tag).contains("Lars Berg")
			.contains("<label for=\"q\">Search people</label>");
		assertThat(search("100%_" + this.tag).body()).as("LIKE wildcards are only text").contains("id=\"no-match\"");
	}

	@Test
	void aLongListIsReadAPageAtATimeInNameOrder() {
		List<UUID> all = new ArrayList<>();
		for (int i = 0; i < People.SEARCH_PAGE_SIZE + 2; i++) {
			all.add(person("Pat", String.format("Member%02d", i), new ProfileEdit().set(ProfileField.DEPARTMENT, this.tag)));
		}

		HttpResponse<String> first = search(this.tag);
		Matcher next = Pattern.compile("href=\"([^\"]+)\" id=\"next-page\"").matcher(first.body());
		assertThat(next.find()).as("a link to the next page").isTrue();
		HttpResponse<String> second = this.employee.get(next.group(1).replace("&amp;", "&"));

		assertThat(first.body()).contains((People.SEARCH_PAGE_SIZE + 2) + " people").contains("Page 1 of 2")
			.contains("<nav class=\"pager\" aria-label=\"Pages\">");
		assertThat(second.body()).contains("Page 2 of 2").contains("id=\"previous-page\"").doesNotContain("id=\"next-page\"");
		List<UUID> pages = new ArrayList<>(people(first.body()));
		pages.addAll(people(second.body()));
		assertThat(pages).containsExactlyElementsOf(all);
	}

	@Test
	void aPersonsPageShowsTheirProfileManagerDirectReportsAndSpaces() {
		UUID boss = person("Grace", "Hopper", new ProfileEdit());
		UUID ada = person("Ada", "Lovelace", new ProfileEdit().set(ProfileField.MANAGER, userName(boss))
			.set(ProfileField.TITLE, "Analyst")
			.set(ProfileField.DEPARTMENT, "Engines")
			.set(ProfileField.PHONE, "+44 20 7946 0000")
			.custom("officeLocation", "London"));
		UUID alan = person("Alan", "Turing", new ProfileEdit().set(ProfileField.MANAGER, userName(ada)));
		UUID joan = person("Joan", "Clarke", new ProfileEdit().set(ProfileField.MANAGER, userName(ada)));
		UUID left = person("Former", "Colleague", new ProfileEdit().set(ProfileField.MANAGER, userName(ada)));
		this.directory.deactivate(left, "test");
		UUID space = this.spaces.saveSpace(null, new Spaces.SpaceEdit("Analysts " + this.tag, null, null), "test")
			.orElseThrow()
			.id();
		this.spaces.addToSpace(space, ada, "test");

		HttpResponse<String> page = this.employee.get("/people/" + ada);

		assertThat(page.statusCode()).isEqualTo(200);
		String body = page.body();
		assertThat(body).contains("<h1>Ada Lovelace</h1>").contains("Analyst · Engines")
			.contains("<dd id=\"office\">London</dd>").contains("href=\"tel:+44 20 7946 0000\"")
			.contains("href=\"/people/" + boss + "\">Grace Hopper</a>")
			.contains("Analysts " + this.tag)
			.contains("href=\"/people/" + ada + "/org-chart\"")
			.contains("<span class=\"muted\">(2)</span>")
			.contains("data-avatar-of=\"" + ada + "\"")
			.doesNotContain("Former Colleague");
		assertThat(section(body, "direct-reports")).as("by last name").containsExactly(joan, alan);
	}

	@Test
	void theOrgChartWalksUpToTheTopAndDownToTheDirectReports() {
		UUID top = person("Tess", "Top", new ProfileEdit().set(ProfileField.TITLE, "Chief Executive"));
		UUID middle = person("Mo", "Middle", new ProfileEdit().set(ProfileField.MANAGER, userName(top)));
		UUID first = person("Bea", "Bottom", new ProfileEdit().set(ProfileField.MANAGER, userName(middle)));
		UUID second = person("Bo", "Bottom", new ProfileEdit().set(ProfileField.MANAGER, userName(middle)));

		String ofTop = chart(top);
		String ofMiddle = chart(middle);
		String ofBottom = chart(first);

		assertThat(chain(ofTop)).containsExactly(top);
		assertThat(section(ofTop, "reports")).containsExactly(middle);
		assertThat(ofTop).contains("2 direct reports").contains("Chief Executive");
		assertThat(chain(ofMiddle)).containsExactly(top, middle);
		assertThat(section(ofMiddle, "reports")).as("by last name, then first name").containsExactly(first, second);
		assertThat(chain(ofBottom)).containsExactly(top, middle, first);
		assertThat(ofBottom).contains("id=\"no-reports\"").doesNotContain("id=\"loop\"")
			.contains("href=\"/people/" + top + "/org-chart\"")
			.contains("<li aria-current=\"page\" data-person-id=\"" + first + "\">");
	}

	@Test
	void aLargeTeamIsCappedOnThePersonsPageAndPagedInTheOrgChart() {
		UUID lead = person("Lee", "Lead", new ProfileEdit());
		List<UUID> team = new ArrayList<>();
		for (int i = 0; i < People.CHART_PAGE_SIZE + 1; i++) {
			team.add(person("Tam", String.format("Team%02d", i), new ProfileEdit().set(ProfileField.MANAGER, userName(lead))));
		}

		String page = this.employee.get("/people/" + lead).body();
		String first = chart(lead);
		String second = this.employee.get("/people/" + lead + "/org-chart?page=2").body();

		assertThat(section(page, "direct-reports")).containsExactlyElementsOf(team.subList(0, People.REPORTS_SHOWN));
		assertThat(page).contains("All " + team.size() + " direct reports in the org chart");
		assertThat(first).contains("Page 1 of 2").contains("(" + team.size() + ")");
		List<UUID> both = new ArrayList<>(section(first, "reports"));
		both.addAll(section(second, "reports"));
		assertThat(both).containsExactlyElementsOf(team);
	}

	@Test
	void managerLinksInACircleEndTheChainAndAreExplained() {
		UUID a = person("Ann", "Circle", new ProfileEdit());
		UUID b = person("Ben", "Circle", new ProfileEdit().set(ProfileField.MANAGER, userName(a)));
		UUID c = person("Cat", "Circle", new ProfileEdit().set(ProfileField.MANAGER, userName(b)));
		this.directory.updateProfile(a, new ProfileEdit().set(ProfileField.MANAGER, userName(c)), TEST);

		HttpResponse<String> page = this.employee.get("/people/" + a + "/org-chart");

		assertThat(page.statusCode()).isEqualTo(200);
		// a reports to c, c to b, b to a: walked up from a, the chain is b, c, then a again.
		assertThat(chain(page.body())).containsExactly(b, c, a);
		assertThat(page.body()).contains("id=\"loop\"").contains("go round in a")
			.contains("Ben Circle</span>")
			.contains("reports to <a href=\"/people/" + a + "/org-chart\">Ann Circle</a>");
		assertThat(section(page.body(), "reports")).containsExactly(b);
		assertThat(this.employee.get("/people/" + b).statusCode()).isEqualTo(200);
	}

	@Test
	void deactivatedPeopleAreNotListedAndTheirPagesAreNotFound() {
		UUID manager = person("Gone", "Manager" + this.tag, new ProfileEdit());
		UUID report = person("Still", "Here" + this.tag, new ProfileEdit().set(ProfileField.MANAGER, userName(manager)));
		assertThat(found(this.tag)).containsExactlyInAnyOrder(manager, report);

		this.directory.deactivate(manager, "test");

		assertThat(found(this.tag)).containsExactly(report);
		assertThat(this.employee.get("/people/" + manager).statusCode()).isEqualTo(404);
		assertThat(this.employee.get("/people/" + manager + "/org-chart").statusCode()).isEqualTo(404);
		String page = this.employee.get("/people/" + report).body();
		assertThat(page).contains("No manager in the directory.").doesNotContain("Gone Manager");
		assertThat(chain(chart(report))).containsExactly(report);
		assertThat(this.employee.get("/people/not-an-id").statusCode()).isEqualTo(404);
		assertThat(this.employee.get("/people/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
	}

	@Test
	void anEmployeeDeactivatedSinceSigningInLosesTheDirectory() {
		ConsoleBrowser leaver = samlUser();
		UUID id = idOf(leaver);
		assertThat(leaver.get("/people").statusCode()).isEqualTo(200);

		this.directory.deactivate(id, "test");
		HttpResponse<String> refused = leaver.get("/people");

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(location(refused)).endsWith("/login?ended");
	}

	@Test
	void aVisitorWhoIsNotSignedInIsSentToSignIn() {
		UUID someone = person("Open", "Secret", new ProfileEdit());
		ConsoleBrowser visitor = new ConsoleBrowser(this.port);

		for (String path : List.of("/people", "/people?q=" + this.tag, "/people/" + someone,
				"/people/" + someone + "/org-chart")) {
			HttpResponse<String> refused = visitor.get(path);
			assertThat(refused.statusCode()).as(path).isEqualTo(302);
			assertThat(location(refused)).as(path).endsWith("/login");
			assertThat(refused.body()).as(path).doesNotContain("Open Secret");
		}
	}

	@Test
	void theBreakGlassAdminIsSentToTheConsolesUsers() {
		UUID someone = person("Console", "Person", new ProfileEdit());

		assertThat(location(this.admin.get("/people"))).endsWith("/admin/users");
		assertThat(location(this.admin.get("/people/" + someone))).endsWith("/admin/users/" + someone);
	}

	@Test
	void theHomePageLinksToTheDirectory() {
		assertThat(this.employee.get("/").body()).contains("<a href=\"/people\" id=\"people-directory\">People</a>");
	}

	private UUID person(String firstName, String lastName, ProfileEdit edit) {
		String userName = firstName.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		return this.directory.createUser(userName,
				edit.set(ProfileField.FIRST_NAME, firstName).set(ProfileField.LAST_NAME, lastName), TEST)
			.user()
			.id();
	}

	private String userName(UUID id) {
		return this.directory.user(id).orElseThrow().userName();
	}

	private UUID idOf(ConsoleBrowser browser) {
		String home = browser.get("/").body();
		Matcher avatar = Pattern.compile("avatar avatar-large[^>]*data-avatar-of=\"([0-9a-f-]{36})\"").matcher(home);
		assertThat(avatar.find()).as("the large avatar on the home page").isTrue();
		return UUID.fromString(avatar.group(1));
	}

	private HttpResponse<String> search(String query) {
		HttpResponse<String> page = this.employee.get("/people?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	private List<UUID> found(String query) {
		return people(search(query).body());
	}

	private String chart(UUID id) {
		HttpResponse<String> page = this.employee.get("/people/" + id + "/org-chart");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page.body();
	}

	/** The reporting line of an org chart, from the top down to the person it is of. */
	private static List<UUID> chain(String chart) {
		return section(chart, "org-chain");
	}

	/** The people in the element that opens with this class or id, in page order. */
	private static List<UUID> section(String page, String name) {
		int start = page.indexOf(name + "\"");
		assertThat(start).as(name).isNotNegative();
		int end = page.indexOf("</" + (name.equals("org-chain") ? "ol" : name.equals("reports") ? "ul" : "section") + ">",
				start);
		return people(page.substring(start, end));
	}

	private static List<UUID> people(String html) {
		List<UUID> ids = new ArrayList<>();
		Matcher matcher = PERSON.matcher(html);
		while (matcher.find()) {
			ids.add(UUID.fromString(matcher.group(1)));
		}
		return ids;
	}

}
