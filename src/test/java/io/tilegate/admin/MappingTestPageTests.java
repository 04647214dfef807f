package io.tilegate.admin;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IdpSigningKey;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.directory.Directory;
import io.tilegate.directory.UserProfile;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.saml.SpCredentials;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's "Test mapping" page, driven over HTTP: it shows what a sign-in would do
 * and writes nothing, and the real sign-in that follows does exactly what it showed.
 */
class MappingTestPageTests extends AdminConsoleIntegrationTest {

	private static final String PAGE = "/admin/connections/" + CONNECTION + "/test-mapping";

	private static final List<String> TABLES = List.of("app_user", "identity_link", "user_group", "group_membership",
			"user_custom_value", "saml_assertion_replay", "event_log");

	@Autowired
	private Directory directory;

	@Autowired
	private SpCredentials spCredentials;

	@Test
	void previewsANewUserAndWritesNothing() {
		String nameId = uniqueUser();
		Map<String, Long> before = rows();
		String page = preview(response(nameId, "engineering").attribute("title", "Engineer").build().base64(), 200);
		assertThat(page).contains("id=\"mapping-result\"", "A new user would be created with user name", nameId);
		assertThat(row(page, "title")).contains("Engineer", "changes");
		assertThat(row(page, "firstName")).contains("Ada", "preset");
		assertThat(row(page, "phone")).contains("not sent (keeps the stored value)").doesNotContain("changes");
		assertThat(text(page, "groups-added")).contains("engineering");
		assertThat(rows()).isEqualTo(before);
		assertThat(this.directory.findByUserName(nameId)).isEmpty();
	}

	@Test
	void previewOfAnExistingUserShowsTheChangesAndTheRealSignInDoesExactlyThat() {
		String nameId = uniqueUser();
		signIn(response(nameId, "engineering", "research").attribute("title", "Analyst")
			.attribute("hireDate", "2020-01-15")
			.build());
		IssuedResponse changed = response(nameId, "engineering").attribute("title", "Director")
			.attribute("hireDate", "next monday")
			.attribute("costCentre", "4711")
			.build();
		Map<String, Long> before = rows();

		String page = preview(changed.base64(), 200);

		assertThat(page).contains("id=\"outcome-existing-user\"", "whose account is linked to this NameID already");
		assertThat(row(page, "title")).contains("Analyst", "Director", "changes");
		assertThat(row(page, "hireDate")).contains("next monday", "2020-01-15", "unchanged");
		assertThat(row(page, "firstName")).contains("unchanged");
		String warning = "The hire date 'next monday' in attribute hireDate is not a date, so the stored hire date was kept.";
		assertThat(text(page, "mapping-warnings")).contains(warning);
		assertThat(text(page, "groups-removed")).contains("research");
		assertThat(text(page, "groups-added")).isEqualTo("—");
		assertThat(text(page, "unmapped-attributes")).contains("costCentre", "4711");
		assertThat(rows()).isEqualTo(before);
		UserProfile unchanged = profile(nameId);
		assertThat(unchanged.title()).isEqualTo("Analyst");
		assertThat(unchanged.groups()).extracting(UserProfile.Group::name)
			.containsExactlyInAnyOrder("engineering", "research");

		// The very response previewed still signs in once: the preview never claimed it.
		signIn(changed);
		UserProfile after = profile(nameId);
		assertThat(after.title()).isEqualTo("Director");
		assertThat(after.hireDate()).hasToString("2020-01-15");
		assertThat(after.groups()).extracting(UserProfile.Group::name).containsExactly("engineering");
		Event updated = this.events.search(EventType.USER_UPDATED, after.id(), null, 10).get(0);
		assertThat(updated.getDetail()).contains(warning);
	}

	@Test
	void previewsARecentSignInPickedFromTheList() {
		String nameId = uniqueUser();
		signIn(response(nameId, "engineering").attribute("department", "Research").build());
		Event login = this.events.search(EventType.LOGIN_SUCCEEDED, profile(nameId).id(), null, 1).get(0);

		String form = this.admin.get(PAGE).body();
		assertThat(form).contains("id=\"recent-login\"", "value=\"" + login.getReference() + "\"");

		Map<String, Long> before = rows();
		HttpResponse<String> result = this.admin.submit(PAGE, Map.of("login", login.getReference()));
		assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
		String page = HtmlUtils.htmlUnescape(result.body());
		assertThat(page).contains("the sign-in of " + nameId, "whose account is linked to this NameID already");
		assertThat(row(page, "department")).contains("Research", "unchanged");
		assertThat(page).doesNotContain("id=\"assertion-checks\"");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void acceptsTheRawXml() {
		String nameId = uniqueUser();
		String page = preview(response(nameId).attribute("title", "Engineer").build().xml(), 200);
		assertThat(text(page, "outcome-new-user")).contains("A new user would be created with user name " + nameId);
		assertThat(text(page, "check-assertion-signature")).contains("ok", "is valid");
		assertThat(text(page, "check-issuer")).contains("ok");
		assertThat(text(page, "check-audience")).contains("ok");
		assertThat(text(page, "check-validity")).contains("ok");
	}

	@Test
	void acceptsWhatSamlTracersShow() {
		String nameId = uniqueUser();
		String base64 = response(nameId).build().base64();
		String wrapped = String.join("\n", base64.split("(?<=\\G.{76})"));
		String urlEncoded = "SAMLResponse=" + URLEncoder.encode(base64, StandardCharsets.UTF_8);
		assertThat(wrapped).contains("\n");
		assertThat(urlEncoded).contains("%");
		for (String pasted : List.of(wrapped, urlEncoded, "  " + base64 + "\n")) {
			assertThat(text(preview(pasted, 200), "outcome-new-user")).as(pasted).contains(nameId);
		}
	}

	@Test
	void aTamperedResponseIsReportedInvalidButStillPreviewed() {
		String nameId = uniqueUser();
		String xml = response(nameId).attribute("title", "Engineer").build().xml();
		String tampered = xml.replace(">Engineer<", ">Director<");
		assertThat(tampered).isNotEqualTo(xml);
		String page = preview(base64(tampered), 200);
		assertThat(text(page, "check-assertion-signature")).contains("refused", "signature is invalid");
		assertThat(text(page, "check-response-signature")).contains("refused", "signature is invalid");
		assertThat(page).contains("A real sign-in with this response would be refused");
		assertThat(row(page, "title")).contains("Director");
	}

	@Test
	void aSha1SignatureIsReportedAsARealSignInWouldRefuseIt() {
		String page = preview(response(uniqueUser()).signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1)
			.build()
			.base64(), 200);
		assertThat(text(page, "check-assertion-signature")).contains("refused", "signature is valid, but",
				"Set the IdP's signature algorithm to RSA-SHA256");
		assertThat(page).contains("id=\"mapped-fields\"");
	}

	@Test
	void aWrongIssuerIsReported() {
		String page = preview(response(uniqueUser()).issuer("https://idp.elsewhere.test")
			.assertionIssuer("https://idp.elsewhere.test")
			.build()
			.base64(), 200);
		assertThat(text(page, "check-issuer")).contains("refused", "'https://idp.elsewhere.test'",
				"'" + idp.entityId() + "'");
		assertThat(page).contains("id=\"mapped-fields\"");
	}

	@Test
	void anExpiredResponseIsPreviewedWithItsExpiry() {
		Instant issued = Instant.now().minus(Duration.ofHours(2));
		String page = preview(response(uniqueUser()).now(issued).build().base64(), 200);
		assertThat(text(page, "check-validity")).contains("Expired at", "a real sign-in would be refused");
		assertThat(page).contains("id=\"mapped-fields\"");
	}

	@Test
	void aCheckTheSignInFailsIsReportedWithTheSignInsOwnReason() {
		IssuedResponse forAnotherSp = response(uniqueUser()).audience("https://other-sp.example.com/metadata").build();
		String reason = refusal(forAnotherSp);

		String page = preview(forAnotherSp.base64(), 200);

		assertThat(text(page, "check-audience")).contains("refused", "https://other-sp.example.com/metadata", reason);
		assertThat(page).contains("A real sign-in with this response would be refused");
	}

	@Test
	void aCheckOnlyTheSignInUsedToMakeShowsOnThePageToo() {
		this.connections.save(CONNECTION, new ConnectionSettings(idp.metadataXml(false), "okta", null, false, true, null,
				List.of(ADMIN_GROUP)), ConnectionOrigin.API, "test");
		IssuedResponse unsolicited = response(uniqueUser()).build();
		String reason = refusal(unsolicited);

		String page = preview(unsolicited.base64(), 200);

		assertThat(text(page, "check-in-response-to")).contains("refused", "unsolicited", reason);
	}

	@Test
	void anEncryptedAssertionIsDecryptedWithTheSpKey() {
		String nameId = uniqueUser();
		String page = preview(response(nameId).attribute("title", "Engineer")
			.encryptFor(this.spCredentials.certificate())
			.build()
			.base64(), 200);
		assertThat(text(page, "check-encryption")).contains("decrypted with Tilegate's SP key");
		assertThat(row(page, "title")).contains("Engineer");
	}

	@Test
	void anAssertionEncryptedForSomeoneElseCannotBePreviewed() {
		IdpSigningKey other = IdpSigningKey.generate("another SP");
		String page = preview(response(uniqueUser()).encryptFor(other.certificate()).build().base64(), 400);
		assertThat(text(page, "problem")).contains("The assertion is encrypted, and Tilegate's SP key cannot decrypt it");
	}

	@Test
	void showsWhetherTheUserWouldBeAnAdmin() {
		String admin = preview(response(uniqueUser(), ADMIN_GROUP).build().base64(), 200);
		assertThat(text(admin, "mapping-admin")).contains("would sign in as an admin", ADMIN_GROUP);
		String user = preview(response(uniqueUser(), "engineering").build().base64(), 200);
		assertThat(text(user, "mapping-admin")).contains("Not an admin");
	}

	@Test
	void aDeactivatedUserWouldBeRefused() {
		String nameId = uniqueUser();
		signIn(response(nameId).build());
		this.directory.deactivate(profile(nameId).id(), "test");
		String page = preview(response(nameId).attribute("title", "Engineer").build().base64(), 200);
		assertThat(text(page, "outcome-deactivated")).contains(nameId, "is deactivated: the sign-in would be refused");
		assertThat(page).doesNotContain("id=\"mapped-fields\"");
	}

	@Test
	void garbageIsExplainedOnThePageWithTheInputKept() {
		Map<String, Long> before = rows();
		String page = preview("this is not a SAML response!", 400);
		assertThat(text(page, "problem")).contains("neither XML nor base64");
		assertThat(page).contains(">this is not a SAML response!</textarea>").doesNotContain("id=\"mapping-result\"");

		assertThat(text(preview(base64("just some text"), 400), "problem")).contains("base64, but not of XML");
		assertThat(text(preview("<html><body>hi</body></html>", 400), "problem"))
			.contains("This XML is not a SAML message: its root element is");
		assertThat(text(preview("<saml", 400), "problem")).contains("ends inside a tag");
		assertThat(text(preview(response(uniqueUser()).withoutAssertion().build().base64(), 400), "problem"))
			.contains("carries no assertion");
		String authnRequest = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_a1\" "
				+ "Version=\"2.0\" IssueInstant=\"2026-01-01T00:00:00Z\"/>";
		assertThat(text(preview(base64(authnRequest), 400), "problem")).contains("This is a SAML AuthnRequest, not a Response");
		String deep = "<a>".repeat(100) + "</a>".repeat(100);
		assertThat(text(preview(deep, 400), "problem")).contains("nests elements more than 64 deep");
		String tooLarge = "<x>" + "a".repeat(300 * 1024) + "</x>";
		assertThat(text(preview(tooLarge, 400), "problem")).contains("the limit is", "tilegate.saml.max-response-size");
		assertThat(text(preview("   ", 400), "problem")).contains("Paste a SAMLResponse");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void aPasteLargerThanAFormMayBeIsAnsweredWith413AndItsPage() {
		this.admin.get(PAGE);

		HttpResponse<String> response = this.admin.submit(PAGE, Map.of("samlResponse", "A".repeat(2 * 1024 * 1024)));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(HtmlUtils.htmlUnescape(response.body())).contains("That is too large", "at most 1 MB for a form");
	}

	@Test
	void aDoctypeIsRefused() {
		String xml = response(uniqueUser()).build().xml();
		String withDoctype = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml;
		assertThat(text(preview(withDoctype, 400), "problem")).contains("DOCTYPE");
		assertThat(text(preview(base64(withDoctype), 400), "problem")).contains("DOCTYPE");
	}

	@Test
	void aPostWithoutCsrfTokenIsForbidden() {
		Map<String, Long> before = rows();
		HttpResponse<String> response = this.admin.submitAsIs(PAGE,
				Map.of("samlResponse", response(uniqueUser()).build().base64()));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void aUserWhoIsNoAdminIsForbidden() {
		ConsoleBrowser user = samlUser("engineering");
		assertThat(user.get(PAGE).statusCode()).isEqualTo(403);
		// the home page's sign-out form gives the user a valid CSRF token, so only the role can refuse
		assertThat(user.get("/").statusCode()).isEqualTo(200);
		assertThat(user.csrfToken()).isNotNull();
		HttpResponse<String> post = user.submit(PAGE, Map.of("samlResponse", response(uniqueUser()).build().base64()));
		assertThat(post.statusCode()).isEqualTo(403);
	}

	@Test
	void anUnknownConnectionIsNotFound() {
		assertThat(this.admin.get("/admin/connections/nope/test-mapping").statusCode()).isEqualTo(404);
		HttpResponse<String> post = this.admin.submit("/admin/connections/nope/test-mapping",
				Map.of("samlResponse", response(uniqueUser()).build().base64()));
		assertThat(post.statusCode()).isEqualTo(404);
	}

	private String preview(String samlResponse, int status) {
		this.admin.get(PAGE);
		HttpResponse<String> response = this.admin.submit(PAGE, Map.of("samlResponse", samlResponse));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return HtmlUtils.htmlUnescape(response.body());
	}

	private void signIn(IssuedResponse response) {
		HttpResponse<String> acs = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION, response.base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
		assertThat(ConsoleBrowser.location(acs)).doesNotContain("error");
	}

	/** Why a real sign-in refuses the response, as its event in the log says it. */
	private String refusal(IssuedResponse response) {
		HttpResponse<String> acs = new ConsoleBrowser(this.port).postSamlResponse(CONNECTION, response.base64());
		assertThat(acs.statusCode()).as(acs.body()).isEqualTo(403);
		String reference = acs.body().replaceAll("(?s).*class=\"reference\">([A-Z0-9]+)<.*", "$1");
		String summary = this.events.findByReference(reference).orElseThrow().getSummary();
		return summary.substring(summary.indexOf(": ") + 2, summary.lastIndexOf(" ["));
	}

	private UserProfile profile(String userName) {
		return this.directory.profile(this.directory.findByUserName(userName).orElseThrow().id()).orElseThrow();
	}

	private Map<String, Long> rows() {
		Map<String, Long> counts = new LinkedHashMap<>();
		TABLES.forEach((table) -> counts.put(table,
				this.jdbc.queryForObject("select count(*) from " + table, Long.class)));
		counts.put("digests",
				this.jdbc.queryForObject("select count(*) from identity_link where attributes_digest is not null",
						Long.class));
		counts.put("app_user versions", this.jdbc.queryForObject("select coalesce(sum(version), 0) from app_user",
				Long.class));
		return counts;
	}

	private static String base64(String xml) {
		return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
	}

	/** The row of one profile field in the mapped-fields table. */
	private static String row(String page, String field) {
		return text(page, "field-" + field);
	}

	/** The markup from the element with this id to the end of that element's line of markup. */
	private static String text(String page, String id) {
		int start = page.indexOf("id=\"" + id + "\"");
		assertThat(start).as("element #" + id + " in:\n" + page).isNotNegative();
		int tagStart = page.lastIndexOf('<', start);
		String tag = page.substring(tagStart + 1, page.indexOf(' ', tagStart)).trim();
		int end = page.indexOf("</" + tag + ">", start);
		// nested elements of the same name (div in div, td in tr) are rare here; good enough for assertions
		return page.substring(start, (end < 0) ? page.length() : end).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ")
			.replaceFirst("^id=\"[^\"]*\"[^>]*>", "").trim();
	}

}
