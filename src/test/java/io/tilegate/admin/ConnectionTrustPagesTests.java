package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tilegate.events.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an admin sets in the console to bound whom a connection may sign in and for how long:
 * its verified email domains, its maximum session age, and the Unlink of a NameID on a user's
 * page, over HTTP as the forms send them.
 */
class ConnectionTrustPagesTests extends AdminConsoleIntegrationTest {

	private static final String PAGE = "/admin/connections/" + CONNECTION;

	@Test
	void theVerifiedDomainsAreSavedInTheirSectionAndShownOnTheList() {
		this.admin.get(PAGE + "?section=email-domains");

		HttpResponse<String> saved = this.admin.submit(PAGE + "/email-domains",
				Map.of("emailDomains", "ACME.com\n@acme.de", "section", "email-domains"));

		assertThat(this.admin.follow(saved).body()).contains("Verified email domains saved")
			.contains("acme.com, acme.de");
		assertThat(this.connections.find(CONNECTION).orElseThrow().getEmailDomains()).containsExactly("acme.com",
				"acme.de");
		assertThat(this.admin.get("/admin/connections").body()).contains("Links by email in acme.com, acme.de");

		this.admin.submit(PAGE + "/email-domains", Map.of("emailDomains", "", "section", "email-domains"));
		assertThat(this.admin.get("/admin/connections").body()).contains("Links nobody by email");
	}

	@Test
	void aDomainThatIsNotOneIsRefusedWithWhatWasTypedAndNothingSaved() {
		this.admin.get(PAGE + "?section=email-domains");

		HttpResponse<String> refused = this.admin.submit(PAGE + "/email-domains",
				Map.of("emailDomains", "acme.com\n*.acme.de", "section", "email-domains"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Nothing was saved").contains("*.acme.de");
		assertThat(this.connections.find(CONNECTION).orElseThrow().getEmailDomains()).doesNotContain("acme.com");
	}

	@Test
	void theMaximumSessionAgeIsSavedAndOneThatIsNotANumberOfMinutesRefused() {
		this.admin.get(PAGE + "?section=options");

		HttpResponse<String> saved = this.admin.submit(PAGE + "/max-session-age",
				Map.of("maxSessionAgeMinutes", "480", "section", "options"));
		assertThat(this.admin.follow(saved).body()).contains("Maximum session age saved");
		assertThat(this.connections.find(CONNECTION).orElseThrow().getMaxSessionAge()).hasMinutes(480);

		HttpResponse<String> refused = this.admin.submit(PAGE + "/max-session-age",
				Map.of("maxSessionAgeMinutes", "eight hours", "section", "options"));
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("whole number of minutes").contains("Nothing was saved");
		assertThat(this.connections.find(CONNECTION).orElseThrow().getMaxSessionAge()).hasMinutes(480);

		this.admin.submit(PAGE + "/max-session-age", Map.of("maxSessionAgeMinutes", "", "section", "options"));
		assertThat(this.connections.find(CONNECTION).orElseThrow().getMaxSessionAge()).isNull();
	}

	@Test
	void anAdminUnlinksANameIdOnTheUsersPageAndTheEventSaysSo() {
		String nameId = uniqueUser();
		HttpResponse<String> signedIn = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(nameId).build().base64());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		UUID user = this.jdbc.queryForObject("select user_id from identity_link where name_id = ?", UUID.class, nameId);
		assertThat(this.admin.get("/admin/users/" + user).body()).contains("Unlink " + nameId + " of " + CONNECTION);

		HttpResponse<String> unlinked = this.admin.submit("/admin/users/" + user + "/unlink",
				Map.of("connectionId", CONNECTION, "nameId", nameId));

		assertThat(this.admin.follow(unlinked).body()).contains("Unlinked NameID " + nameId + " of " + CONNECTION);
		assertThat(this.jdbc.queryForObject("select count(*) from identity_link where user_id = ?", Integer.class, user))
			.isZero();
		assertThat(eventsOf(EventType.USER_UNLINKED)).anySatisfy((event) -> assertThat(event.getUserId()).isEqualTo(user));
	}

}
