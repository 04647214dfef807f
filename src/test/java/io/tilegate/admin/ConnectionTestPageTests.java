package io.tilegate.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.ReceivedSamlMessage;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.CustomFields;
import io.tilegate.events.EventType;
import io.tilegate.scim.ScimTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first run over real HTTP: a fresh install's way in for the admin, the console's set-up
 * path, and "Test this connection" showing what really arrived through the connection since it
 * was opened, as the IdP sends it.
 */
class ConnectionTestPageTests extends AdminConsoleIntegrationTest {

	@Autowired
	private ScimTokens tokens;

	@Autowired
	private CustomFields customFields;

	@Test
	void aTestSignInInTheAdminsOwnBrowserIsMadeAndTheBrowserStaysInTheConsole() {
		String testPage = "/admin/connections/" + CONNECTION + "/test";
		String user = uniqueUser();
		this.admin.get(testPage + "?since=0");
		String pageToken = this.admin.csrfToken();

		HttpResponse<String> acs = signInThrough(this.admin, testPage, user);

		assertThat(location(acs)).isEqualTo(testPage);
		HttpResponse<String> fromTheOpenPage = this.admin.submitAsIs("/admin/connections/" + CONNECTION + "/display-name",
				Map.of("displayName", "", "_csrf", pageToken));
		assertThat(fromTheOpenPage.statusCode()).as("the open page's form still works").isEqualTo(302);
		assertThat(location(fromTheOpenPage)).startsWith("/admin/connections/" + CONNECTION);
		assertThat(this.admin.get("/admin").statusCode()).as("still the admin's console").isEqualTo(200);
		assertThat(eventsOf(EventType.LOGIN_SUCCEEDED)).anySatisfy((event) -> assertThat(event.getUserName()).isEqualTo(user));
	}

	@Test
	void aSignInStartedAnywhereElseInTheAdminsBrowserIsThePersonsAsAlways() {
		String user = uniqueUser();

		HttpResponse<String> acs = signInThrough(this.admin, "/", user);

		assertThat(location(acs)).isEqualTo("/");
		assertThat(this.admin.get("/admin").statusCode()).as("the browser is the person's now").isEqualTo(403);
	}

	/** Starts a sign-in through the connection in this browser, and answers it as the IdP would. */
	private static HttpResponse<String> signInThrough(ConsoleBrowser browser, String returnTo, String user) {
		HttpResponse<String> start = browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=" + returnTo);
		assertThat(start.statusCode()).isEqualTo(302);
		URI idpUrl = URI.create(start.headers().firstValue("Location").orElseThrow());
		ReceivedSamlMessage authnRequest = ReceivedSamlMessage.fromRedirect(parameter(idpUrl, "SAMLRequest"));
		String issued = response(user).inResponseTo(authnRequest.id()).build().base64();
		return browser.send("POST", "/login/saml2/sso/" + CONNECTION, Map.of(),
				Map.of("SAMLResponse", issued, "RelayState", parameter(idpUrl, "RelayState")));
	}

	private static String parameter(URI uri, String name) {
		for (String pair : uri.getRawQuery().split("&")) {
			if (pair.startsWith(name + "=")) {
				return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("No " + name + " in " + uri);
	}

	@Test
	void aFreshInstallShowsTheAdminTheWayInAndTheConsoleLeadsIntoTheSetUpPath() {
		this.connections.list().forEach((connection) -> this.connections.delete(connection.getId(), "test"));
		ConsoleBrowser visitor = new ConsoleBrowser(this.port);

		HttpResponse<String> home = visitor.get("/");
		assertThat(location(home)).endsWith("/login");
		String signIn = visitor.follow(home).body();

		assertThat(signIn).contains("Sign-in is not set up yet")
			.contains("<a class=\"button\" id=\"admin-way-in\" href=\"/admin\">Open the admin console</a>")
			.doesNotContain("idp-metadata/");
		String overview = this.admin.get("/admin").body();
		assertThat(overview).contains("id=\"set-up-path\"")
			.contains("Test this connection")
			.contains("id=\"start-set-up\" href=\"/admin/connections/new\"");
	}

	@Test
	void aNewConnectionsPageSaysWhereTheChosenIdpTakesTheUrlsAndLeadsToItsTest() {
		String id = "onelogin-" + UUID.randomUUID().toString().substring(0, 8);
		SamlIdentityProvider onelogin = SamlIdentityProvider.create("https://" + id + ".example.com/metadata",
				"https://" + id + ".example.com/sso", "https://" + id + ".example.com/slo");
		this.connections.save(id, new ConnectionSettings(onelogin.metadataXml(false), "onelogin", null, null, null,
				null, null), ConnectionOrigin.API, "test");

		String page = this.admin.get("/admin/connections/" + id).body();

		assertThat(page).contains("id=\"set-up-steps\"")
			.contains("ACS (Consumer) URL Validator")
			.doesNotContain("Audience URI (SP Entity ID)")
			.contains("id=\"attributes-to-send\"")
			.contains("<code>User.FirstName</code>")
			.containsPattern("id=\"test-connection\"\\s+href=\"/admin/connections/" + id + "/test\"");
		// Once somebody has signed in through a connection, it is set up.
		samlUser();
		assertThat(this.admin.get("/admin/connections/" + CONNECTION).body()).doesNotContain("id=\"set-up-steps\"");
		this.connections.delete(id, "test");
	}

	@Test
	void aSignInThroughTheConnectionArrivesWithItsAttributesMappedAndTheUnmappedOnesOffered() throws Exception {
		String before = uniqueUser();
		assertThat(new ConsoleBrowser(this.port)
			.postSamlResponse(CONNECTION, response(before).build().base64())
			.statusCode()).isEqualTo(302);
		Thread.sleep(2);

		HttpResponse<String> opened = this.admin.get("/admin/connections/" + CONNECTION + "/test");
		assertThat(location(opened)).startsWith("/admin/connections/" + CONNECTION + "/test?since=");
		String page = this.admin.follow(opened).body();
		assertThat(page).contains("id=\"nothing-yet\"")
			.containsPattern("id=\"test-sign-in\" target=\"_blank\" rel=\"noopener\"\\s+href=\"/saml2/authenticate/"
					+ CONNECTION + "\\?returnTo=/admin/connections/" + CONNECTION + "/test\"")
			.contains(BASE + "/saml2/authenticate/" + CONNECTION)
			.contains("<a href=\"" + location(opened).replace("&", "&amp;") + "\">Refresh</a>")
			.doesNotContain(before);
		String since = location(opened).substring(location(opened).indexOf("since=") + "since=".length());

		String user = uniqueUser();
		assertThat(new ConsoleBrowser(this.port)
			.postSamlResponse(CONNECTION, response(user).attribute("costCenter", "CC-42").build().base64())
			.statusCode()).isEqualTo(302);
		String arrivals = arrivals(since);

		assertThat(arrivals).contains("Signed in")
			.contains(user)
			.doesNotContain(before)
			.contains("data-field=\"" + AttributeMapping.FIRST_NAME + "\"")
			.contains("<td>Ada</td>")
			.contains("data-attribute=\"costCenter\"")
			.contains("<td>CC-42</td>")
			.contains("Add as custom field")
			.doesNotContain("id=\"nothing-yet\"");
	}

	@Test
	void anUnmappedAttributeBecomesACustomFieldReadFromItInOneClick() throws Exception {
		String since = "" + Instant.now().minusSeconds(1).toEpochMilli();
		String user = uniqueUser();
		new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(user).attribute("User.OfficeLocation", "Building 7").build().base64());
		assertThat(arrivals(since)).contains("data-attribute=\"User.OfficeLocation\"");

		HttpResponse<String> added = this.admin.submit("/admin/connections/" + CONNECTION + "/test/custom-field",
				Map.of("attribute", "User.OfficeLocation", "since", since));

		assertThat(location(added)).isEqualTo("/admin/connections/" + CONNECTION + "/test?since=" + since);
		assertThat(this.admin.follow(added).body()).contains("Custom field officeLocation (&quot;Office location&quot;) "
				+ "defined and read from the attribute User.OfficeLocation");
		assertThat(this.customFields.customFields()).anySatisfy((field) -> {
			assertThat(field.name()).isEqualTo("officeLocation");
			assertThat(field.label()).isEqualTo("Office location");
		});
		assertThat(this.connections.mapping(this.connections.find(CONNECTION).orElseThrow()).overrides())
			.containsEntry("custom.officeLocation", "User.OfficeLocation");
		// The same sign-in, shown again, now fills the field instead of offering the attribute.
		assertThat(arrivals(since)).contains("data-field=\"custom.officeLocation\"")
			.doesNotContain("data-attribute=\"User.OfficeLocation\"");
		// The other tests of this context share the connection: it gets its mapping back.
		this.connections.save(CONNECTION, new ConnectionSettings(null, null, Map.of(), null, null, null, null),
				ConnectionOrigin.API, "test");
	}

	@Test
	void anAttributeWithNothingToNameAFieldAfterIsRefusedWithNothingSaved() {
		long version = this.connections.find(CONNECTION).orElseThrow().getVersion();

		HttpResponse<String> refused = this.admin.submit("/admin/connections/" + CONNECTION + "/test/custom-field",
				Map.of("attribute", "urn:-42", "since", "0"));

		assertThat(this.admin.follow(refused).body()).contains("has no letters to name a field after")
			.contains("Nothing was saved");
		assertThat(this.connections.find(CONNECTION).orElseThrow().getVersion()).isEqualTo(version);
	}

	@Test
	void aRefusedSignInArrivesWithItsReason() {
		String since = "" + Instant.now().minusSeconds(1).toEpochMilli();

		new ConsoleBrowser(this.port).postSamlResponse(CONNECTION,
				response(uniqueUser()).audience("https://somewhere-else.example.com").build().base64());

		assertThat(arrivals(since)).contains("Refused").contains("through " + CONNECTION + ": ");
	}

	@Test
	void theIdpsScimCallArrivesToo() throws IOException, InterruptedException {
		String since = "" + Instant.now().minusSeconds(1).toEpochMilli();
		String secret = this.tokens
			.issue(CONNECTION, "Okta provisioning", Instant.now().plus(Duration.ofDays(1)), "admin")
			.secret();

		HttpResponse<String> scim = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/scim/v2/Users?count=1"))
				.header("Authorization", "Bearer " + secret)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(scim.statusCode()).isEqualTo(200);

		assertThat(arrivals(since)).contains("SCIM call").contains("SCIM GET /scim/v2/Users?count=1 answered 200");
	}

	private String arrivals(String since) {
		HttpResponse<String> arrivals = this.admin
			.get("/admin/connections/" + CONNECTION + "/test/arrivals?since=" + since);
		assertThat(arrivals.statusCode()).isEqualTo(200);
		assertThat(arrivals.body()).startsWith("<div id=\"arrivals\"").doesNotContain("<html");
		return arrivals.body();
	}

}
