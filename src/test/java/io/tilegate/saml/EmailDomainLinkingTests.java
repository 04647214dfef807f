package io.tilegate.saml;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.directory.DirectoryReports;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.directory.LinkMethod;
import io.tilegate.directory.UserListing;
import io.tilegate.directory.UserSummary;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two IdPs, each with its own signing key: {@value #CONNECTION} and {@value #CONTRACTORS}, whose
 * IdP someone else runs. Whoever controls an IdP can assert any email; a connection signs in
 * an existing user by email only in the domains it lists, never moves a link, and never lets a
 * second NameID of itself take over a user.
 */
class EmailDomainLinkingTests extends SamlIntegrationTest {

	static final String CONTRACTORS = "contractors";

	static final SamlIdentityProvider contractorIdp = SamlIdentityProvider.create("https://idp.contractor.test/metadata",
			"https://idp.contractor.test/sso", "https://idp.contractor.test/slo");

	@Autowired
	IdentityLinks identityLinks;

	@Autowired
	DirectoryReports reports;

	String domain;

	@BeforeEach
	void connectTheContractorsIdp() {
		this.connections.save(CONTRACTORS,
				new ConnectionSettings(contractorIdp.metadataXml(false), "okta", null, true, true, null, null, null,
						null, List.of()),
				ConnectionOrigin.API, "test");
		emailDomains(CONNECTION);
		this.domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
	}

	@Test
	void theOtherIdpAssertingAUsersEmailIsRefusedUntilItListsTheDomain() {
		String email = "ada@" + this.domain;
		UserSummary ada = signedIn(CONNECTION, "ada-at-acme", email);

		Event refused = assertRefused(signIn(CONTRACTORS, "ada-at-contractor", email),
				"may not sign in the existing account with your email address", "[email_domain_not_verified]");
		assertThat(refused.getSummary()).contains("does not list " + this.domain)
			.contains("add the domain on the connection's page");
		assertThat(refused.getUserId()).isEqualTo(ada.id());
		assertThat(this.identityLinks.findByIdentityLink(CONTRACTORS, "ada-at-contractor")).isEmpty();

		emailDomains(CONTRACTORS, this.domain.toUpperCase());
		HttpResponse<String> linked = signIn(CONTRACTORS, "ada-at-contractor", email);

		assertThat(linked.statusCode()).isEqualTo(302);
		assertThat(this.identityLinks.findByIdentityLink(CONTRACTORS, "ada-at-contractor")).get()
			.extracting(UserSummary::id)
			.isEqualTo(ada.id());
		UserListing linkedByEmail = this.reports.listUsers("default", this.domain, LinkMethod.EMAIL, 0, 10);
		assertThat(linkedByEmail.users()).extracting(UserListing.Row::id).containsExactly(ada.id());
		assertThat(this.reports.user("default", ada.id()).orElseThrow().identityLinks())
			.extracting((link) -> link.connectionId() + " " + link.linkedBy())
			.containsExactlyInAnyOrder(CONNECTION + " CREATED", CONTRACTORS + " EMAIL");
	}

	@Test
	void aSubdomainIsNotTheDomain() {
		String email = "bob@eu." + this.domain;
		signedIn(CONNECTION, "bob-at-acme", email);
		emailDomains(CONTRACTORS, this.domain);

		assertRefused(signIn(CONTRACTORS, "bob-at-contractor", email),
				"may not sign in the existing account with your email address", "[email_domain_not_verified]");
	}

	@Test
	void anExistingLinkNeverMoves() {
		emailDomains(CONNECTION, this.domain);
		UserSummary ada = signedIn(CONNECTION, "ada-" + this.domain, "ada@" + this.domain);
		UserSummary bob = signedIn(CONNECTION, "bob-" + this.domain, "bob@" + this.domain);

		HttpResponse<String> again = signIn(CONNECTION, "ada-" + this.domain, "bob@" + this.domain);

		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, "ada-" + this.domain)).get()
			.extracting(UserSummary::id)
			.isEqualTo(ada.id());
		assertThat(this.identityLinks.nameIds(bob.id(), CONNECTION)).containsExactly("bob-" + this.domain);
	}

	@Test
	void aSecondNameIdOfTheSameConnectionDoesNotTakeOverTheUserUntilTheAdminUnlinksTheFirst() {
		emailDomains(CONNECTION, this.domain);
		String email = "carol@" + this.domain;
		UserSummary carol = signedIn(CONNECTION, "carol-old", email);

		Event refused = assertRefused(signIn(CONNECTION, "carol-new", email),
				"your account is linked to another identity at this identity provider", "[second_name_id]");
		assertThat(refused.getSummary()).contains("as NameID carol-old").contains("unlink the old NameID");
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, "carol-new")).isEmpty();

		assertThat(this.identityLinks.unlink(carol.id(), CONNECTION, "carol-old", "admin")).isTrue();
		assertThat(signIn(CONNECTION, "carol-new", email).statusCode()).isEqualTo(302);
		assertThat(this.identityLinks.nameIds(carol.id(), CONNECTION)).containsExactly("carol-new");
		assertThat(eventsOf(EventType.USER_UNLINKED)).anyMatch((e) -> carol.id().equals(e.getUserId())
				&& e.getSummary().contains("carol-old"));
	}

	private void emailDomains(String connectionId, String... domains) {
		this.connections.save(connectionId,
				new ConnectionSettings(null, null, null, null, null, null, null, null, null, List.of(domains)),
				ConnectionOrigin.API, "test");
	}

	private HttpResponse<String> signIn(String connectionId, String nameId, String email) {
		SamlIdentityProvider from = CONNECTION.equals(connectionId) ? idp : contractorIdp;
		SamlResponseBuilder response = from.response(acs(connectionId), spEntityId(connectionId))
			.nameId(nameId)
			.attribute("firstName", "Ada")
			.attribute("email", email);
		return new Browser(this.port).postResponse(connectionId, response.build().base64(), null);
	}

	private UserSummary signedIn(String connectionId, String nameId, String email) {
		HttpResponse<String> response = signIn(connectionId, nameId, email);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		return this.identityLinks.findByIdentityLink(connectionId, nameId).orElseThrow();
	}

}
