package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.events.Event;
import io.tilegate.events.EventCriteria;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events pages driven over HTTP, on events that real sign-ins and admin actions wrote:
 * filters, paging, and each kind of detail made readable.
 */
class EventPagesTests extends AdminConsoleIntegrationTest {

	private static final Pattern EVENT_ROW = Pattern.compile("<tr data-reference=\"([A-Z0-9]+)\">");

	@Test
	void eventsAreFilteredByTypeUserConnectionAndSince() {
		String user = "filter-" + UserPagesTests.tag() + "@example.com";
		signIn(response(user));
		UUID id = idOf(user);
		Event login = this.events.search(EventType.LOGIN_SUCCEEDED, id, null, 1).get(0);
		Event created = this.events.search(EventType.USER_CREATED, id, null, 1).get(0);
		String day = login.getOccurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
		String nextDay = login.getOccurredAt().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).toString();

		List<String> byUserName = references(this.admin.get("/admin/events?user=" + user));
		List<String> byId = references(this.admin.get("/admin/events?user=" + id));
		HttpResponse<String> byType = this.admin.get("/admin/events?type=LOGIN_SUCCEEDED&user=" + id);
		List<String> byConnection = references(this.admin.get("/admin/events?user=" + id + "&connection=" + CONNECTION));
		HttpResponse<String> otherConnection = this.admin.get("/admin/events?user=" + id + "&connection=elsewhere");
		List<String> sinceTheDay = references(this.admin.get("/admin/events?user=" + id + "&since=" + day));
		HttpResponse<String> sinceTheNextDay = this.admin.get("/admin/events?user=" + id + "&since=" + nextDay);

		assertThat(byUserName).contains(login.getReference(), created.getReference());
		assertThat(byId).isEqualTo(byUserName);
		assertThat(references(byType)).containsExactly(login.getReference());
		assertThat(byType.body()).contains("<option value=\"LOGIN_SUCCEEDED\" selected=\"selected\">")
			.contains("href=\"/admin/users/" + id + "\">" + user + "</a>");
		assertThat(byConnection).contains(login.getReference());
		assertThat(otherConnection.body()).contains("id=\"no-match\"").doesNotContain("id=\"events\"");
		assertThat(sinceTheDay).isEqualTo(byUserName);
		assertThat(sinceTheNextDay.body()).contains("id=\"no-match\"");
	}

	@Test
	void aSinceThatIsNotADateIsExplainedOnThePage() {
		HttpResponse<String> page = this.admin.get("/admin/events?since=yesterday");
		HttpResponse<String> type = this.admin.get("/admin/events?type=NO_SUCH_TYPE");

		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("id=\"problem\"").contains("&#39;yesterday&#39; is neither")
			.contains("value=\"yesterday\"").doesNotContain("id=\"events\"");
		assertThat(type.statusCode()).isEqualTo(400);
		assertThat(type.body()).contains("There is no event type &#39;NO_SUCH_TYPE&#39;");
	}

	@Test
	void eventsArePagedFiftyAPageNewestFirst() {
		String user = "busy-" + UserPagesTests.tag() + "@example.com";
		signIn(response(user));
		UUID id = idOf(user);
		// Recorded as such rather than by deactivating and reactivating the user: each of those
		// also recomputes their personas, and the personas other tests of this context saved
		// would add a number of events that depends on which ran first.
		for (int i = 0; i < 26; i++) {
			this.events.event(EventType.USER_DEACTIVATED, "User deactivated: " + user).user(id, user).actor("test")
				.record();
			this.events.event(EventType.USER_REACTIVATED, "User reactivated: " + user).user(id, user).actor("test")
				.record();
		}
		List<Event> all = this.events.latest(new EventCriteria(null, id, null, null, null),
				List.of(), 1000);

		HttpResponse<String> first = this.admin.get("/admin/events?user=" + id);
		HttpResponse<String> second = this.admin.get("/admin/events?user=" + id + "&page=2");

		assertThat(all).hasSizeGreaterThan(52).hasSizeLessThanOrEqualTo(100);
		assertThat(first.body()).contains(all.size() + " events").contains("Page 1 of 2")
			.contains("href=\"/admin/events?user=" + id + "&amp;page=2\"");
		assertThat(references(first)).isEqualTo(all.subList(0, 50).stream().map(Event::getReference).toList());
		assertThat(references(second))
			.isEqualTo(all.subList(50, all.size()).stream().map(Event::getReference).toList());
	}

	@Test
	void aProfileChangedBySignInIsShownAsADiff() {
		String user = "diff-" + UserPagesTests.tag() + "@example.com";
		signIn(response(user).attribute("title", "Analyst"));
		signIn(response(user).attribute("title", "Lead <Analyst>"));
		Event updated = this.events.search(EventType.USER_UPDATED, idOf(user), null, 1).get(0);

		HttpResponse<String> page = this.admin.get("/admin/events/" + updated.getReference());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"changes\"")
			.contains("<td>title</td>")
			.contains("<span class=\"diff-old\">Analyst</span>")
			.contains("<span class=\"diff-new\">Lead &lt;Analyst&gt;</span>")
			.doesNotContain("Lead <Analyst>");
	}

	@Test
	void aSuccessfulLoginShowsTheDecodedAssertion() {
		String user = "assert-" + UserPagesTests.tag() + "@example.com";
		signIn(response(user, "engineering", "research"));
		Event login = this.events.search(EventType.LOGIN_SUCCEEDED, idOf(user), null, 1).get(0);

		HttpResponse<String> page = this.admin.get("/admin/events/" + login.getReference());

		assertThat(page.body()).contains("id=\"assertion\"")
			.contains("<dt>issuer</dt>")
			.contains("<code>https://idp.console.test/metadata</code>")
			.contains("<dt>nameId</dt>")
			.contains("<code>" + user + "</code>")
			.contains("id=\"assertion-attributes\"")
			.contains("<td><code>firstName</code></td>")
			.contains("<span>engineering</span><br><span>research</span>")
			.contains("href=\"/admin/users/" + idOf(user) + "\"");
	}

	@Test
	void aRefusedLoginShowsTheResponseItReceivedAsText() {
		String user = "replay-" + UserPagesTests.tag() + "@example.com";
		String response = response(user).build().base64();
		new ConsoleBrowser(this.port).postSamlResponse(CONNECTION, response);
		HttpResponse<String> refused = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION, response);
		Matcher reference = Pattern.compile("class=\"reference\">([A-Z0-9]+)<").matcher(refused.body());
		assertThat(reference.find()).as(refused.body()).isTrue();

		HttpResponse<String> page = this.admin.get("/admin/events/" + reference.group(1));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("badge bad").contains("LOGIN_REFUSED")
			.contains("<pre class=\"detail\" id=\"detail\">")
			.contains("&lt;saml2:NameID")
			.contains(user)
			.doesNotContain("<saml2:NameID");
	}

	@Test
	void theListLinksEachEventAndSaysHowLongEventsAreKept() {
		String user = "list-" + UserPagesTests.tag() + "@example.com";
		signIn(response(user));
		Event login = this.events.search(EventType.LOGIN_SUCCEEDED, idOf(user), null, 1).get(0);

		HttpResponse<String> page = this.admin.get("/admin/events?user=" + user);

		assertThat(page.body()).contains("Events are kept for <span>90</span> days")
			.contains("<code>tilegate.events.retention</code>")
			.contains("href=\"/admin/events/" + login.getReference() + "\"")
			.contains("<option value=\"" + CONNECTION + "\">");
		assertThat(this.admin.get("/admin/events/" + login.getReference()).body()).contains(login.getSummary());
		assertThat(this.admin.get("/admin/users/" + idOf(user)).body()).as("the user's login history")
			.contains("href=\"/admin/events/" + login.getReference() + "\"");
	}

	@Test
	void anUnknownEventIsAPageNotFound() {
		assertThat(this.admin.get("/admin/events/NOSUCHREF2").statusCode()).isEqualTo(404);
	}

	@Test
	void aUserWhoIsNotAnAdminCannotReadTheEvents() {
		assertThat(samlUser("engineering").get("/admin/events").statusCode()).isEqualTo(403);
	}

	private void signIn(SamlResponseBuilder response) {
		HttpResponse<String> acs = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION, response.build().base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
	}

	private UUID idOf(String userName) {
		return this.jdbc.queryForObject("select id from app_user where user_name_key = ?", UUID.class,
				userName.toLowerCase());
	}

	private static List<String> references(HttpResponse<String> page) {
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		Matcher matcher = EVENT_ROW.matcher(page.body());
		List<String> references = new ArrayList<>();
		while (matcher.find()) {
			references.add(matcher.group(1));
		}
		return references;
	}

}
