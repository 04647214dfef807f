package io.tilegate.admin;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.connections.AttributeMapping;
import io.tilegate.connections.Connection;
import io.tilegate.demo.IdpSigningKey;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.CustomFields;
import io.tilegate.events.EventType;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections pages over real HTTP, as the admin's browser sends their forms: creating a
 * connection from an uploaded metadata file, every bad input refused on the form with nothing
 * saved, and the connection page's own forms.
 */
class ConnectionPagesTests extends AdminConsoleIntegrationTest {

	private static final Pattern NEW_FORM_ACTION = Pattern
		.compile("<form[^>]*id=\"new-connection\"[^>]*action=\"([^\"]+)\"");

	private static final Pattern REPLACE_FORM_ACTION = Pattern
		.compile("<form[^>]*id=\"replace-metadata\"[^>]*action=\"([^\"]+)\"");

	@Autowired
	private CustomFields customFields;

	@Test
	void theListShowsEveryConnectionWithItsSourceAndCertificate() {
		HttpResponse<String> list = this.admin.get("/admin/connections");

		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("id=\"connections\"")
			.contains("id=\"connection-okta\"")
			.contains(idp.entityId())
			.contains("upload")
			.contains("Valid until ")
			.contains("href=\"/admin/connections/new\"");
	}

	@Test
	void withoutConnectionsTheListSaysHowToStart() {
		this.connections.list().forEach((connection) -> this.connections.delete(connection.getId(), "test"));

		HttpResponse<String> list = this.admin.get("/admin/connections");

		assertThat(list.body()).contains("id=\"no-connections\"")
			.contains("No identity provider is connected yet")
			.contains("Add a connection")
			.doesNotContain("id=\"connections\"");
	}

	@Test
	void anUploadedMetadataFileBecomesAConnectionWhosePageShowsWhatToPasteIntoTheIdp() {
		SamlIdentityProvider newIdp = newIdp();
		String id = uniqueId();

		HttpResponse<String> created = upload(Map.of("id", id, "preset", "entra"), newIdp.metadataXml(false));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		assertThat(location(created)).isEqualTo("/admin/connections/" + id);
		Connection saved = this.connections.find(id).orElseThrow();
		assertThat(saved.getEntityId()).isEqualTo(newIdp.entityId());
		assertThat(saved.getPreset()).isEqualTo("entra");
		assertThat(saved.getMetadataUrl()).isNull();
		String page = this.admin.follow(created).body();
		assertThat(page).contains("Connection " + id + " created")
			.contains("<code id=\"sp-entity-id\">" + BASE + "/saml2/service-provider-metadata/" + id + "</code>")
			.contains("<code id=\"acs-url\">" + BASE + "/login/saml2/sso/" + id + "</code>")
			.contains("<code id=\"slo-url\">" + BASE + "/logout/saml2/slo</code>")
			.contains("<code id=\"scim-base-url\">" + BASE + "/scim/v2</code>")
			.contains("data-copy=\"#sp-entity-id\"")
			.contains("data-copy=\"#acs-url\"")
			.contains("href=\"" + BASE + "/saml2/service-provider-metadata/" + id + "\"")
			.contains("href=\"/admin/connections/" + id + "/test-mapping\"")
			.contains(newIdp.signingKey().certificate().getSubjectX500Principal().getName())
			.contains(fingerprintOf(newIdp.signingKey()))
			.contains("badge good");
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).anySatisfy((event) -> {
			assertThat(event.getConnectionId()).isEqualTo(id);
			assertThat(event.getActor()).isEqualTo("admin");
		});
	}

	@Test
	void urlsOnThePageComeFromTheBaseUrlNotTheHostHeader() {
		HttpResponse<String> page = this.admin.get("/admin/connections/" + CONNECTION);

		assertThat(page.body()).contains(BASE + "/login/saml2/sso/" + CONNECTION).doesNotContain("localhost:" + this.port);
	}

	@Test
	void somethingThatIsNotSamlMetadataIsRefusedOnTheFormWithTheInputKept() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "onelogin"),
				"<html><body>Sign in to Okta</body></html>");

		assertRefused(refused, id, "This is not SAML IdP metadata");
		assertThat(refused.body()).contains("value=\"" + id + "\"").contains("<option value=\"onelogin\" selected");
		assertThat(eventsOf(EventType.CONNECTION_REJECTED)).anySatisfy((event) -> {
			assertThat(event.getSummary()).contains("Connection " + id + " was not created").contains("not SAML");
			assertThat(event.getActor()).isEqualTo("admin");
		});
	}

	@Test
	void metadataWithoutASigningCertificateIsRefused() {
		String id = uniqueId();
		String unsigned = newIdp().metadataXml(false)
			.replaceAll("(?s)<(md:)?KeyDescriptor.*?</(md:)?KeyDescriptor>", "");
		assertThat(unsigned).doesNotContain("KeyDescriptor");

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), unsigned);

		assertRefused(refused, id, "The metadata has no signing certificate");
	}

	@Test
	void aFileThatIsNotXmlIsRefusedInWordsForPeopleWithTheLineNumber() {
		String id = uniqueId();

		// What a browser saves when the IdP's set-up page, not its metadata link, is downloaded.
		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"),
				"Okta sign-in settings\nEntity ID: http://www.okta.com/exk1\n");

		String notXml = "This file is not XML. Download the metadata again from the IdP's SAML set-up page (the XML "
				+ "reader stopped at line 1).";
		assertRefused(refused, id, notXml);
		assertThat(refused.body()).doesNotContainIgnoringCase("prolog");
		assertThat(eventsOf(EventType.CONNECTION_REJECTED))
			.filteredOn((event) -> event.getSummary().contains("Connection " + id + " "))
			.singleElement()
			.satisfies((event) -> assertThat(event.getSummary()).contains(notXml).doesNotContainIgnoringCase("prolog"));
	}

	@Test
	void xmlThatBreaksOffIsRefusedWithTheLineWhereItBroke() {
		String id = uniqueId();
		String xml = newIdp().metadataXml(false);
		String truncated = xml.substring(0, xml.length() / 2);

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), truncated);

		assertRefused(refused, id, "This file is not whole, well-formed XML (the XML reader stopped at line ");
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("Download the metadata again from the IdP's SAML "
				+ "set-up page and upload it as it is");
	}

	@Test
	void metadataWithADoctypeIsRefused() {
		String id = uniqueId();
		String xml = newIdp().metadataXml(false);
		String withDoctype = xml.replaceFirst("(<\\?xml[^>]*\\?>)?", "$1<!DOCTYPE foo [<!ENTITY x \"y\">]>");

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), withDoctype);

		assertRefused(refused, id, "DOCTYPE");
	}

	@Test
	void anEntityIdUsedByAnotherConnectionIsRefused() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), idp.metadataXml(false));

		assertRefused(refused, id, "is already used by connection '" + CONNECTION + "'");
	}

	@Test
	void anIdThatIsTakenIsRefusedWithoutChangingTheConnection() {
		long version = this.connections.find(CONNECTION).orElseThrow().getVersion();

		HttpResponse<String> refused = upload(Map.of("id", CONNECTION, "preset", "okta"), newIdp().metadataXml(false));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("id=\"problem\"")
			.contains("A connection '" + CONNECTION + "' exists already");
		Connection unchanged = this.connections.find(CONNECTION).orElseThrow();
		assertThat(unchanged.getVersion()).isEqualTo(version);
		assertThat(unchanged.getEntityId()).isEqualTo(idp.entityId());
	}

	@Test
	void anInvalidIdIsRefused() {
		HttpResponse<String> refused = upload(Map.of("id", "no spaces/here", "preset", "okta"),
				newIdp().metadataXml(false));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("is not.").contains("value=\"no spaces/here\"");
		assertThat(this.connections.find("no spaces/here")).isEmpty();
	}

	@Test
	void aFileAndAUrlTogetherAreRefused() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(
				Map.of("id", id, "preset", "okta", "metadataUrl", "https://idp.example.com/metadata"),
				newIdp().metadataXml(false));

		assertRefused(refused, id, "Give either a metadata file or a metadata URL, not both");
		assertThat(refused.body()).contains("value=\"https://idp.example.com/metadata\"");
	}

	@Test
	void neitherAFileNorAUrlIsRefused() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), new byte[0]);

		assertRefused(refused, id, "Choose the IdP's metadata file, or give its metadata URL.");
	}

	@Test
	void aPlainHttpMetadataUrlIsRefusedBeforeAnythingIsFetched() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(
				Map.of("id", id, "preset", "okta", "metadataUrl", "http://idp.example.com/metadata"), new byte[0]);

		assertRefused(refused, id, "The metadata URL must start with https://");
	}

	@Test
	void aMetadataUrlOnALoopbackAddressIsRefused() {
		String id = uniqueId();

		HttpResponse<String> refused = upload(
				Map.of("id", id, "preset", "okta", "metadataUrl", "https://127.0.0.1:" + this.port + "/metadata"),
				new byte[0]);

		assertRefused(refused, id, "a private, loopback or link-local address");
	}

	@Test
	void anUploadOverOneMebibyteIsRefusedWithItsSize() {
		String id = uniqueId();
		String xml = newIdp().metadataXml(false);
		byte[] padded = (xml + "<!--" + "x".repeat(2 * 1024 * 1024) + "-->").getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), padded);

		assertRefused(refused, 413, id, "The file is 2.0 MB; IdP metadata is a few kilobytes");
	}

	@Test
	void anUploadFarOverTheLimitGetsAClearPageNotAResetOrA500() {
		String id = uniqueId();
		byte[] twentyMegabytes = new byte[20 * 1024 * 1024];
		java.util.Arrays.fill(twentyMegabytes, (byte) 'x');

		HttpResponse<String> refused = upload(Map.of("id", id, "preset", "okta"), twentyMegabytes);

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.body()).contains("id=\"problem\"")
			.contains("The file is 20.0 MB; IdP metadata is a few kilobytes")
			.contains("id=\"new-connection\"");
		assertThat(this.connections.find(id)).isEmpty();
		assertThat(this.admin.get("/admin/connections").statusCode()).isEqualTo(200);
	}

	@Test
	void replacingTheMetadataByUploadChangesTheCertificates() {
		String id = createdConnection(newIdp());
		SamlIdentityProvider rolledOver = newIdpLike(this.connections.find(id).orElseThrow().getEntityId());

		HttpResponse<String> replaced = this.admin.upload(formAction(this.admin.get("/admin/connections/" + id).body(),
				REPLACE_FORM_ACTION), Map.of(), "metadataFile", "metadata.xml",
				rolledOver.metadataXml(false).getBytes(StandardCharsets.UTF_8));

		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(302);
		assertThat(this.admin.follow(replaced).body()).contains("Metadata of connection " + id + " replaced")
			.contains(fingerprintOf(rolledOver.signingKey()));
		assertThat(this.connections.find(id).orElseThrow().getMetadataXml()).isEqualTo(rolledOver.metadataXml(false));
	}

	@Test
	void replacementMetadataThatIsNotMetadataLeavesTheConnectionAsItWas() {
		String id = createdConnection(newIdp());
		String before = this.connections.find(id).orElseThrow().getMetadataXml();

		HttpResponse<String> refused = this.admin.upload(formAction(this.admin.get("/admin/connections/" + id).body(),
				REPLACE_FORM_ACTION), Map.of(), "metadataFile", "metadata.xml", "not xml".getBytes(StandardCharsets.UTF_8));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("id=\"problem\"").contains("the connection keeps its metadata")
			.contains("<code id=\"acs-url\">");
		assertThat(this.connections.find(id).orElseThrow().getMetadataXml()).isEqualTo(before);
	}

	@Test
	void aReplacementUploadFarOverTheLimitAnswersOnTheConnectionPage() {
		String id = createdConnection(newIdp());

		HttpResponse<String> refused = this.admin.upload(formAction(this.admin.get("/admin/connections/" + id).body(),
				REPLACE_FORM_ACTION), Map.of(), "metadataFile", "metadata.xml", new byte[20 * 1024 * 1024]);

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.body()).contains("The file is 20.0 MB").contains("<code id=\"acs-url\">");
	}

	@Test
	void aCertificateThatExpiresWithinThirtyDaysIsWarnedAbout() {
		String id = createdConnection(idpWithCertificateUntil(Instant.now().plus(Duration.ofDays(10))));

		assertThat(this.admin.get("/admin/connections/" + id).body()).contains("id=\"certificate-expiring\"")
			.contains("expires within 30 days")
			.contains("badge warn")
			.doesNotContain("id=\"certificate-expired\"");
		assertThat(this.admin.get("/admin/connections").body()).contains("Expires ");
	}

	@Test
	void anExpiredCertificateIsShownAsAnError() {
		String id = createdConnection(idpWithCertificateUntil(Instant.now().minus(Duration.ofDays(2))));

		assertThat(this.admin.get("/admin/connections/" + id).body()).contains("id=\"certificate-expired\"")
			.contains("A signing certificate has expired")
			.contains("badge bad");
		assertThat(this.admin.get("/admin/connections").body()).contains("Expired ");
	}

	@Test
	void theOptionsAreSavedFromTheirCheckboxes() {
		String id = createdConnection(newIdp());
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> saved = this.admin.submit("/admin/connections/" + id + "/options",
				Map.of("linkByEmail", "true", "samlUpdatesScimManaged", "true"));

		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(this.admin.follow(saved).body()).contains("Options saved.");
		Connection connection = this.connections.find(id).orElseThrow();
		assertThat(connection.isAllowIdpInitiated()).isFalse();
		assertThat(connection.isLinkByEmail()).isTrue();
		assertThat(connection.isSamlUpdatesScimManaged()).isTrue();
	}

	@Test
	void theAttributeMappingSavesThePresetAndTheOverridesAndShowsThePresetsNames() {
		String id = createdConnection(newIdp());
		String page = this.admin.get("/admin/connections/" + id).body();
		assertThat(page).contains("name=\"override.firstName\"").contains("placeholder=\"firstName\"");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("preset", "onelogin");
		AttributeMapping.STANDARD_FIELDS.forEach((field) -> form.put("override." + field, ""));
		form.put("override.department", "User.OrgUnit");

		HttpResponse<String> saved = this.admin.submit("/admin/connections/" + id + "/mapping", form);

		assertThat(saved.statusCode()).isEqualTo(302);
		Connection connection = this.connections.find(id).orElseThrow();
		AttributeMapping mapping = this.connections.mapping(connection);
		assertThat(mapping.preset()).isEqualTo("onelogin");
		assertThat(mapping.overrides()).containsExactly(Map.entry("department", "User.OrgUnit"));
		assertThat(mapping.attributeFor("firstName")).isEqualTo("User.FirstName");
		assertThat(this.admin.follow(saved).body()).contains("Attribute mapping saved")
			.contains("placeholder=\"User.FirstName\"")
			.contains("value=\"User.OrgUnit\"");
	}

	@Test
	void anUnknownPresetSavesNothing() {
		String id = createdConnection(newIdp());
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> refused = this.admin.submit("/admin/connections/" + id + "/mapping",
				Map.of("preset", "pingfederate", "override.email", "mail"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("id=\"problem\"").contains("Choose the attribute preset");
		assertThat(this.connections.mapping(this.connections.find(id).orElseThrow()).overrides()).isEmpty();
	}

	@Test
	void aCustomFieldDefinedOnThePageGetsAMappingRow() {
		String id = createdConnection(newIdp());
		String name = "costCenter" + UUID.randomUUID().toString().substring(0, 4);
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> defined = this.admin.submit("/admin/connections/" + id + "/custom-fields",
				Map.of("name", name, "label", "Cost center"));

		assertThat(defined.statusCode()).isEqualTo(302);
		assertThat(this.customFields.customFields()).anyMatch((field) -> field.name().equals(name));
		String page = this.admin.follow(defined).body();
		assertThat(page).contains("Custom field " + name + " defined")
			.contains("name=\"override.custom." + name + "\"")
			.contains("placeholder=\"custom." + name + "\"");

		HttpResponse<String> mapped = this.admin.submit("/admin/connections/" + id + "/mapping",
				Map.of("preset", "okta", "override.custom." + name, "costcenter_attr"));

		assertThat(mapped.statusCode()).isEqualTo(302);
		assertThat(this.connections.mapping(this.connections.find(id).orElseThrow()).attributeFor("custom." + name))
			.isEqualTo("costcenter_attr");
	}

	@Test
	void aBadCustomFieldNameIsExplainedAndNothingIsDefined() {
		String id = createdConnection(newIdp());
		int before = this.customFields.customFields().size();
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> refused = this.admin.submit("/admin/connections/" + id + "/custom-fields",
				Map.of("name", "cost center", "label", "Cost center"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("A custom field name is a letter followed by")
			.contains("value=\"cost center\"");
		assertThat(this.customFields.customFields()).hasSize(before);
	}

	@Test
	void adminGroupsAreSavedOnePerLineAndMakeTheirMembersAdmins() {
		this.admin.get("/admin/connections/" + CONNECTION);

		HttpResponse<String> saved = this.admin.submit("/admin/connections/" + CONNECTION + "/admin-groups",
				Map.of("adminGroups", ADMIN_GROUP + "\r\n\r\n  it-helpdesk  \r\n"));

		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(this.connections.find(CONNECTION).orElseThrow().getAdminGroups()).containsExactly(ADMIN_GROUP,
				"it-helpdesk");
		assertThat(this.admin.follow(saved).body()).contains("Admin groups saved")
			.contains("Members of these groups get the admin role when they sign in through this connection");
		assertThat(samlUser("it-helpdesk").get("/admin/connections").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdminGroupNameTooLongIsRefusedWithTheInputKept() {
		String id = createdConnection(newIdp());
		this.admin.get("/admin/connections/" + id);
		String tooLong = "g".repeat(300);

		HttpResponse<String> refused = this.admin.submit("/admin/connections/" + id + "/admin-groups",
				Map.of("adminGroups", "ok-group\n" + tooLong));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("An admin group name is one line of at most 256 characters")
			.contains(tooLong);
		assertThat(this.connections.find(id).orElseThrow().getAdminGroups()).isEmpty();
	}

	@Test
	void deletingAConnectionTakesAConfirmation() {
		String id = createdConnection(newIdp());

		HttpResponse<String> confirm = this.admin.get("/admin/connections/" + id + "/delete");

		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("Delete connection " + id + "?")
			.contains("Users keep their accounts; sign-in through this IdP stops; its SCIM tokens stop working")
			.contains("id=\"confirm-delete\"")
			.contains("href=\"/admin/connections/" + id + "\"");
		assertThat(this.connections.find(id)).isPresent();

		HttpResponse<String> deleted = this.admin.submit("/admin/connections/" + id + "/delete", Map.of());

		assertThat(location(deleted)).isEqualTo("/admin/connections");
		assertThat(this.admin.follow(deleted).body()).contains("Connection " + id + " deleted");
		assertThat(this.connections.find(id)).isEmpty();
		assertThat(this.admin.get("/admin/connections/" + id).statusCode()).isEqualTo(404);
		assertThat(eventsOf(EventType.CONNECTION_DELETED)).anyMatch((event) -> id.equals(event.getConnectionId()));
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
		String id = createdConnection(newIdp());
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> forgedDelete = this.admin.submitAsIs("/admin/connections/" + id + "/delete", Map.of());
		HttpResponse<String> forgedOptions = this.admin.submitAsIs("/admin/connections/" + id + "/admin-groups",
				Map.of("adminGroups", "attackers"));

		assertThat(forgedDelete.statusCode()).isEqualTo(403);
		assertThat(forgedOptions.statusCode()).isEqualTo(403);
		assertThat(this.connections.find(id)).isPresent();
		assertThat(this.connections.find(id).orElseThrow().getAdminGroups()).isEmpty();
	}

	@Test
	void theUploadFormsCarryTheirCsrfTokenInAHiddenFieldNotInTheirUrl() {
		String id = createdConnection(newIdp());

		for (String page : new String[] { this.admin.get("/admin/connections/new").body(),
				this.admin.get("/admin/connections/" + id).body() }) {
			String form = page.substring(page.indexOf("enctype=\"multipart/form-data\""));
			form = form.substring(0, form.indexOf("</form>"));
			assertThat(form).doesNotContain("_csrf=").containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"");
		}
		assertThat(formAction(this.admin.get("/admin/connections/new").body(), NEW_FORM_ACTION))
			.isEqualTo("/admin/connections");
		assertThat(formAction(this.admin.get("/admin/connections/" + id).body(), REPLACE_FORM_ACTION))
			.isEqualTo("/admin/connections/" + id + "/metadata");
	}

	@Test
	void anUploadWithoutTheCsrfTokenOrWithAForgedOneIsRefusedAndSavesNothing() {
		String id = uniqueId();
		this.admin.get("/admin/connections/new");
		byte[] metadata = newIdp().metadataXml(false).getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> none = this.admin.uploadAsIs("/admin/connections", Map.of("id", id, "preset", "okta"),
				"metadataFile", "metadata.xml", metadata);
		HttpResponse<String> forged = this.admin.upload("/admin/connections", Map.of("id", id, "_csrf", "forged"),
				"metadataFile", "metadata.xml", metadata);

		assertThat(none.statusCode()).isEqualTo(403);
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(this.connections.find(id)).isEmpty();
	}

	@Test
	void aUserWhoIsNotAnAdminGetsNoConnectionPage() {
		ConsoleBrowser user = samlUser("engineering");

		assertThat(user.get("/admin/connections/" + CONNECTION).statusCode()).isEqualTo(403);
		assertThat(user.get("/admin/connections/new").statusCode()).isEqualTo(403);
	}

	@Test
	void theDisplayNameSetOnTheConnectionPageIsWhatTheSignInButtonsSay() {
		String id = createdConnection(newIdp());
		assertThat(this.admin.get("/admin/connections/" + id).body()).contains("id=\"display-name\"");

		HttpResponse<String> saved = this.admin.submit("/admin/connections/" + id + "/display-name",
				Map.of("displayName", "Acme Okta"));

		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(HtmlUtils.htmlUnescape(this.admin.follow(saved).body()))
			.contains("Display name saved: the sign-in buttons say \"Sign in with Acme Okta\".")
			.contains("value=\"Acme Okta\"");
		ConsoleBrowser visitor = new ConsoleBrowser(this.port);
		assertThat(visitor.get("/login").body()).contains(">Sign in with Acme Okta</a>");
		assertThat(visitor.get("/admin/sign-in").body()).contains(">Sign in with Acme Okta</a>");

		this.admin.submit("/admin/connections/" + id + "/display-name", Map.of("displayName", " "));

		assertThat(this.connections.find(id).orElseThrow().getDisplayName()).isEqualTo(id);
		assertThat(visitor.get("/login").body()).contains(">Sign in with " + id + "</a>");
	}

	@Test
	void aDisplayNameOfTwoLinesIsRefusedOnTheConnectionPage() {
		String id = createdConnection(newIdp());
		this.admin.get("/admin/connections/" + id);

		HttpResponse<String> refused = this.admin.submit("/admin/connections/" + id + "/display-name",
				Map.of("displayName", "Acme\nOkta"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("A display name is one line of at most 100 characters")
			.contains("Nothing was saved.")
			.contains("value=\"Acme\nOkta\"");
		assertThat(this.connections.find(id).orElseThrow().getDisplayName()).isEqualTo(id);
	}

	@Test
	void anUnknownConnectionIsA404() {
		assertThat(this.admin.get("/admin/connections/nobody-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
	}

	private void assertRefused(HttpResponse<String> refused, String id, String problem) {
		assertRefused(refused, 422, id, problem);
	}

	private void assertRefused(HttpResponse<String> refused, int status, String id, String problem) {
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(status);
		assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("id=\"problem\"")
			.contains(problem)
			.contains("id=\"new-connection\"");
		assertThat(this.connections.find(id)).isEmpty();
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).noneMatch((event) -> id.equals(event.getConnectionId()));
	}

	private String createdConnection(SamlIdentityProvider newIdp) {
		String id = uniqueId();
		HttpResponse<String> created = upload(Map.of("id", id, "preset", "okta"), newIdp.metadataXml(false));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		return id;
	}

	/** Uploads through the new-connection form as the page renders it, to the action it names. */
	private HttpResponse<String> upload(Map<String, String> fields, String xml) {
		return upload(fields, xml.getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> upload(Map<String, String> fields, byte[] file) {
		String action = formAction(this.admin.get("/admin/connections/new").body(), NEW_FORM_ACTION);
		return this.admin.upload(action, fields, "metadataFile", (file.length > 0) ? "metadata.xml" : "", file);
	}

	static String formAction(String page, Pattern form) {
		Matcher action = form.matcher(page);
		assertThat(action.find()).as("a form in " + page).isTrue();
		return action.group(1).replace("&amp;", "&");
	}

	static String uniqueId() {
		return "idp-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static SamlIdentityProvider newIdp() {
		return newIdpLike("https://" + UUID.randomUUID().toString().substring(0, 8) + ".idp.test/metadata");
	}

	private static SamlIdentityProvider newIdpLike(String entityId) {
		return SamlIdentityProvider.create(entityId, entityId.replace("/metadata", "/sso"),
				entityId.replace("/metadata", "/slo"));
	}

	private static String fingerprintOf(IdpSigningKey key) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
			return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An IdP whose signing certificate ends at the given time, as one near its rollover. */
	private static SamlIdentityProvider idpWithCertificateUntil(Instant notAfter) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=expiring idp");
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(42),
					Date.from(notAfter.minus(Duration.ofDays(365))), Date.from(notAfter), name, pair.getPublic());
			IdpSigningKey key = new IdpSigningKey(pair.getPrivate(), new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))));
			String entityId = "https://" + UUID.randomUUID().toString().substring(0, 8) + ".idp.test/metadata";
			return new SamlIdentityProvider(entityId, entityId.replace("/metadata", "/sso"),
					entityId.replace("/metadata", "/slo"), List.of(key));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
