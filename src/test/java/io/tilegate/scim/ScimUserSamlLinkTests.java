package io.tilegate.scim;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.SamlResponseBuilder;
import io.tilegate.directory.Directory;
import io.tilegate.directory.IdentityLinks;
import io.tilegate.events.EventType;
import io.tilegate.saml.Browser;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user pushed by SCIM who later signs in with SAML through the same connection is the same
 * user: found by user name (any case), or by email where the connection links by email and lists
 * the email's domain among its verified ones; elsewhere a sign-in with a SCIM user's email is refused. SCIM
 * stays the source of their profile unless the connection lets SAML update it.
 */
class ScimUserSamlLinkTests extends ScimIntegrationTest {

	@Autowired
	Directory directory;

	@Autowired
	IdentityLinks identityLinks;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aSamlSignInWithTheUserNameInAnotherCaseIsTheScimUser() {
		String userName = "Link.User-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
		String id = createScimUser(userName, "link-" + UUID.randomUUID() + "@example.com");

		HttpResponse<String> signIn = signIn(samlResponse(userName.toLowerCase()));

		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(this.jdbc.queryForObject("select count(*) from app_user where user_name_key = ?", Integer.class,
				userName.toLowerCase())).isOne();
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, userName.toLowerCase())).get()
			.satisfies((user) -> assertThat(user.id()).isEqualTo(UUID.fromString(id)));
		assertThat(eventsOf(EventType.USER_LINKED)).anyMatch((e) -> id.equals(String.valueOf(e.getUserId()))
				&& e.getSummary().contains("same user name"));
		JsonNode user = this.scim.get("/Users/" + id).json();
		assertThat(user.path("name").path("givenName").asText()).as("SCIM owns the profile").isEqualTo("Scim");
		assertThat(user.path("name").path("familyName").asText()).isEqualTo("Pushed");
		assertThat(user.path("title").asText()).isEqualTo("From SCIM");
	}

	@Test
	void aSamlSignInWithOnlyTheEmailInCommonIsTheScimUserWhereTheConnectionListsTheDomain() {
		String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
		String email = "only.email@" + domain;
		String id = createScimUser("00u" + UUID.randomUUID().toString().substring(0, 12), email);
		emailDomains(domain.toUpperCase());
		try {
			HttpResponse<String> signIn = signIn(samlResponse(email.toUpperCase()));

			assertThat(signIn.statusCode()).isEqualTo(302);
			assertThat(this.identityLinks.findByIdentityLink(CONNECTION, email.toUpperCase())).get()
				.satisfies((user) -> assertThat(user.id()).isEqualTo(UUID.fromString(id)));
			assertThat(this.directory.findByEmail(email)).hasSize(1);
			assertThat(eventsOf(EventType.USER_LINKED)).anyMatch((e) -> id.equals(String.valueOf(e.getUserId()))
					&& e.getSummary().contains("same email"));
			assertThat(this.scim.get("/Users/" + id).json().path("name").path("givenName").asText()).isEqualTo("Scim");
			assertThat(this.jdbc.queryForObject("select linked_by from identity_link where name_id = ?", String.class,
					email.toUpperCase())).isEqualTo("EMAIL");
		}
		finally {
			emailDomains();
		}
	}

	@Test
	void aSamlSignInWithOnlyTheEmailOfAScimUserOutsideTheConnectionsDomainsIsRefused() {
		String email = "not.listed@d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
		String id = createScimUser("00u" + UUID.randomUUID().toString().substring(0, 12), email);

		HttpResponse<String> refused = signIn(samlResponse(email));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("may not sign in the existing account with your email address");
		assertThat(this.identityLinks.findByIdentityLink(CONNECTION, email)).isEmpty();
		assertThat(this.directory.findByEmail(email)).singleElement()
			.satisfies((user) -> assertThat(user.id()).isEqualTo(UUID.fromString(id)));
		assertThat(eventsOf(EventType.LOGIN_REFUSED)).anyMatch((e) -> id.equals(String.valueOf(e.getUserId()))
				&& e.getSummary().contains("[email_domain_not_verified]")
				&& e.getSummary().contains("add the domain on the connection's page"));
	}

	@Test
	void samlUpdatesAScimUsersProfileOnlyWhereTheConnectionSaysSo() {
		this.connections.save(CONNECTION, new ConnectionSettings(null, null, null, null, null, true), ConnectionOrigin.API,
				"test");
		try {
			String userName = "Saml.Wins-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
			String id = createScimUser(userName, userName);

			signIn(samlResponse(userName));

			JsonNode user = this.scim.get("/Users/" + id).json();
			assertThat(user.path("name").path("givenName").asText()).isEqualTo("Ada");
			assertThat(user.path("title").asText()).isEqualTo("From SAML");
		}
		finally {
			this.connections.save(CONNECTION, new ConnectionSettings(null, null, null, null, null, false),
					ConnectionOrigin.API, "test");
		}
	}

	@Test
	void aUserDeactivatedBySCIMCannotSignIn() {
		String userName = "Leaver-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String id = createScimUser(userName, userName);
		assertThat(signIn(samlResponse(userName)).statusCode()).isEqualTo(302);

		this.scim.patch("/Users/" + id, ScimUserLifecycleTests.DEACTIVATE);
		HttpResponse<String> refused = signIn(samlResponse(userName));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("deactivated");
		assertThat(this.scim.get("/Users/" + id).json().path("active").asBoolean()).isFalse();
	}

	private void emailDomains(String... domains) {
		this.connections.save(CONNECTION,
				new ConnectionSettings(null, null, null, null, null, null, null, null, null, List.of(domains)),
				ConnectionOrigin.API, "test");
	}

	private String createScimUser(String userName, String email) {
		JsonHttpResponse created = this.scim.post("/Users", """
				{"userName": "%s", "name": {"givenName": "Scim", "familyName": "Pushed"}, "title": "From SCIM",
				 "emails": [{"value": "%s", "type": "work", "primary": true}]}""".formatted(userName, email));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	private static SamlResponseBuilder samlResponse(String nameId) {
		return idp.response(BASE + "/login/saml2/sso/" + CONNECTION, BASE + "/saml2/service-provider-metadata/" + CONNECTION)
			.nameId(nameId)
			.attribute("firstName", "Ada")
			.attribute("lastName", "Lovelace")
			.attribute("title", "From SAML")
			.attribute("email", nameId);
	}

	private HttpResponse<String> signIn(SamlResponseBuilder response) {
		return new Browser(this.port).postResponse(CONNECTION, response.build().base64(), null);
	}

}
