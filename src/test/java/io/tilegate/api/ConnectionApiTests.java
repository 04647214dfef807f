package io.tilegate.api;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.demo.IdpSigningKey;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import io.tilegate.system.JsonHttpResponse;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections API as an admin's script calls it: list, create from metadata XML (raw or in
 * JSON), read with the values to paste into the IdP, change, delete, and every bad input refused
 * with nothing saved.
 */
class ConnectionApiTests extends AdminApiIntegrationTest {

	private static final String CONNECTIONS = "/api/v1/connections";

	private static SamlIdentityProvider newIdp(String name) {
		return SamlIdentityProvider.create("https://" + name + ".idp.test/metadata", "https://" + name + ".idp.test/sso",
				"https://" + name + ".idp.test/slo");
	}

	@Test
	void listShowsWhatToPasteIntoTheIdpAndItsCertificates() {
		JsonHttpResponse listed = this.admin.get(CONNECTIONS);

		assertThat(listed.status()).isEqualTo(200);
		JsonNode okta = find(listed.json(), CONNECTION);
		assertThat(okta.path("entityId").asText()).isEqualTo(idp.entityId());
		assertThat(okta.path("preset").asText()).isEqualTo("okta");
		assertThat(okta.path("origin").asText()).isEqualTo("API");
		assertThat(okta.path("allowIdpInitiated").asBoolean()).isTrue();
		assertThat(okta.path("metadataUrl").isNull()).isTrue();
		JsonNode sp = okta.path("serviceProvider");
		assertThat(sp.path("entityId").asText()).isEqualTo(BASE + "/saml2/service-provider-metadata/okta");
		assertThat(sp.path("metadataUrl").asText()).isEqualTo(BASE + "/saml2/service-provider-metadata/okta");
		assertThat(sp.path("acsUrl").asText()).isEqualTo(BASE + "/login/saml2/sso/okta");
		assertThat(sp.path("sloUrl").asText()).isEqualTo(BASE + "/logout/saml2/slo");
		assertThat(sp.path("scimBaseUrl").asText()).isEqualTo(BASE + "/scim/v2");
		JsonNode certificate = okta.path("certificates").get(0);
		assertThat(certificate.path("subject").asText()).isEqualTo(idp.signingKey().certificate()
			.getSubjectX500Principal()
			.getName());
		assertThat(Instant.parse(certificate.path("notAfter").asText()))
			.isEqualTo(idp.signingKey().certificate().getNotAfter().toInstant());
		assertThat(certificate.path("sha256Fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
		assertThat(certificate.path("expiresSoon").asBoolean()).isFalse();
		assertThat(this.anonymous.get(CONNECTIONS).status()).isEqualTo(401);
	}

	@Test
	void rawMetadataXmlCreatesAConnection() {
		SamlIdentityProvider onelogin = newIdp("onelogin");

		JsonHttpResponse created = this.admin.header("Content-Type", "application/xml")
			.send("POST", CONNECTIONS + "?id=onelogin", onelogin.metadataXml(false));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/connections/onelogin");
		assertThat(created.json().path("entityId").asText()).isEqualTo(onelogin.entityId());
		JsonHttpResponse read = this.admin.get(CONNECTIONS + "/onelogin");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("serviceProvider").path("acsUrl").asText())
			.isEqualTo(BASE + "/login/saml2/sso/onelogin");
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).filteredOn((event) -> "onelogin".equals(event.getConnectionId()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getActor()).isEqualTo("admin"));
	}

	@Test
	void jsonCreatesAConnectionWithItsOptionsAndMapping() {
		SamlIdentityProvider entra = newIdp("entra");
		String body = json("{'id':'entra-prod','metadataXml':%s,'preset':'entra','allowIdpInitiated':false,"
				+ "'linkByEmail':false,'samlUpdatesScimManaged':true,"
				+ "'attributes':{'department':'dept','custom.costCenter':'cc'}}", entra.metadataXml(false));

		JsonHttpResponse created = this.admin.post(CONNECTIONS, body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode read = this.admin.get(CONNECTIONS + "/entra-prod").json();
		assertThat(read.path("allowIdpInitiated").asBoolean()).isFalse();
		assertThat(read.path("linkByEmail").asBoolean()).isFalse();
		assertThat(read.path("samlUpdatesScimManaged").asBoolean()).isTrue();
		JsonNode mapping = read.path("attributeMapping");
		assertThat(mapping.path("preset").asText()).isEqualTo("entra");
		assertThat(mapping.path("overrides").path("department").asText()).isEqualTo("dept");
		assertThat(mapping.path("effective").path("department").asText()).isEqualTo("dept");
		assertThat(mapping.path("effective").path("custom.costCenter").asText()).isEqualTo("cc");
		assertThat(mapping.path("effective").path("email").asText())
			.isEqualTo("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");
	}

	@Test
	void theDisplayNameIsSetOnCreateChangedByPutAndEmptyShowsTheIdAgain() {
		String body = json("{'id':'acme-okta','metadataXml':%s,'displayName':'Acme Okta'}",
				newIdp("acme").metadataXml(false));

		JsonHttpResponse created = this.admin.post(CONNECTIONS, body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(this.admin.get(CONNECTIONS + "/acme-okta").json().path("displayName").asText()).isEqualTo("Acme Okta");
		assertThat(this.anonymous.get("/login").body()).contains(">Sign in with Acme Okta</a>")
			.doesNotContain(">Sign in with acme-okta</a>");

		JsonHttpResponse renamed = this.admin.send("PUT", CONNECTIONS + "/acme-okta",
				json("{'displayName':'  Acme (staff)  '}"));

		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().path("displayName").asText()).isEqualTo("Acme (staff)");
		assertThat(this.anonymous.get("/login").body()).contains(">Sign in with Acme (staff)</a>");

		JsonHttpResponse cleared = this.admin.send("PUT", CONNECTIONS + "/acme-okta", json("{'displayName':''}"));

		assertThat(cleared.json().path("displayName").asText()).isEqualTo("acme-okta");
		assertThat(this.anonymous.get("/login").body()).contains(">Sign in with acme-okta</a>");
		assertThat(this.admin.get(CONNECTIONS + "/" + CONNECTION).json().path("displayName").asText())
			.isEqualTo(CONNECTION);
	}

	@Test
	void aDisplayNameOfMoreThanOneLineOrAHundredCharactersIsRefusedAndNothingChanges() {
		long version = this.admin.get(CONNECTIONS + "/okta").json().path("version").asLong();

		JsonHttpResponse twoLines = this.admin.send("PUT", CONNECTIONS + "/okta", json("{'displayName':'Acme\\nOkta'}"));
		JsonHttpResponse tooLong = this.admin.send("PUT", CONNECTIONS + "/okta",
				json("{'displayName':%s}", "A".repeat(101)));

		for (JsonHttpResponse refused : List.of(twoLines, tooLong)) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.json().path("error").asText())
				.contains("A display name is one line of at most 100 characters, e.g. Acme Okta");
		}
		JsonNode read = this.admin.get(CONNECTIONS + "/okta").json();
		assertThat(read.path("displayName").asText()).isEqualTo("okta");
		assertThat(read.path("version").asLong()).isEqualTo(version);
	}

	@Test
	void anExistingIdIsAConflict() {
		JsonHttpResponse again = this.admin.header("Content-Type", "text/xml")
			.send("POST", CONNECTIONS + "?id=" + CONNECTION, newIdp("again").metadataXml(false));

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("error").asText()).contains("already exists");
		assertThat(this.admin.get(CONNECTIONS + "/okta").json().path("entityId").asText()).isEqualTo(idp.entityId());
	}

	@Test
	void badInputIsRefusedAndNothingIsSaved() {
		String metadata = newIdp("bad").metadataXml(false);
		String noSigningKey = metadata.replaceAll("(?s)<md:KeyDescriptor.*?</md:KeyDescriptor>", "");
		assertThat(noSigningKey).doesNotContain("KeyDescriptor");

		assertRefused(json("{'id':'bad','metadataXml':%s}", "<html>hello</html>"), "not SAML IdP metadata");
		assertRefused(json("{'id':'bad','metadataXml':%s}", noSigningKey), "no signing certificate");
		assertRefused(json("{'id':'bad','metadataXml':%s}", idp.metadataXml(false)),
				"The IdP entity ID " + idp.entityId() + " is already used by connection 'okta'");
		assertRefused(json("{'id':'bad id!','metadataXml':%s}", metadata), "A connection id is 1 to 64");
		assertRefused(json("{'id':'bad','metadataXml':%s,'preset':'pingone'}", metadata), "Unknown attribute preset");
		assertRefused(json("{'id':'bad','metadataXml':%s,'attributes':{'shoeSize':'x'}}", metadata),
				"Unknown profile field 'shoeSize'");
		assertRefused(json("{'id':'bad','metadataXml':%s,'allowIdPInitiated':true}", metadata),
				"Unknown property 'allowIdPInitiated'");
		assertRefused(json("{'id':'bad','metadataXml':%s,'metadataUrl':'https://example.com/m'}", metadata),
				"either metadataXml or metadataUrl");
		assertRefused(json("{'metadataXml':%s}", metadata), "needs an id");
		assertRefused("{not json", "neither metadata XML");
		assertRefused(json("{'id':'bad','metadataUrl':'http://idp.example.com/metadata'}"), "must start with https://");
		assertRefused(json("{'id':'bad','metadataUrl':'https://127.0.0.1:9/metadata'}"),
				"a private, loopback or link-local address");

		assertThat(this.admin.get(CONNECTIONS + "/bad").status()).isEqualTo(404);
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).noneMatch((event) -> "bad".equals(event.getConnectionId()));
	}

	@Test
	void aBodyOverOneMebibyteIs413() {
		String big = newIdp("big").metadataXml(false) + "<!--" + "x".repeat(1024 * 1024) + "-->";

		JsonHttpResponse refused = this.admin.header("Content-Type", "application/xml")
			.send("POST", CONNECTIONS + "?id=big", big);

		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(refused.json().path("error").asText()).contains("larger than 1048576 bytes");
		assertThat(this.admin.get(CONNECTIONS + "/big").status()).isEqualTo(404);
	}

	@Test
	void putChangesOptionsAndAnUnchangedPutKeepsTheVersion() {
		long version = this.admin.get(CONNECTIONS + "/okta").json().path("version").asLong();

		JsonHttpResponse changed = this.admin.send("PUT", CONNECTIONS + "/okta",
				json("{'preset':'onelogin','linkByEmail':false,'attributes':{'groups':'roles'}}"));

		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("preset").asText()).isEqualTo("onelogin");
		assertThat(changed.json().path("linkByEmail").asBoolean()).isFalse();
		assertThat(changed.json().path("attributeMapping").path("effective").path("groups").asText()).isEqualTo("roles");
		assertThat(changed.json().path("attributeMapping").path("effective").path("email").asText())
			.isEqualTo("User.email");
		long changedVersion = changed.json().path("version").asLong();
		assertThat(changedVersion).isGreaterThan(version);
		int events = eventsOf(EventType.CONNECTION_SAVED).size();

		JsonHttpResponse same = this.admin.send("PUT", CONNECTIONS + "/okta",
				json("{'preset':'onelogin','linkByEmail':false,'attributes':{'groups':'roles'}}"));

		assertThat(same.status()).isEqualTo(200);
		assertThat(same.json().path("version").asLong()).isEqualTo(changedVersion);
		assertThat(eventsOf(EventType.CONNECTION_SAVED)).hasSize(events);
	}

	@Test
	void putReplacesMetadataWithTheSameValidation() {
		// Other test classes in this shared context connect more ids to the same test IdP; an
		// admin save refuses an entity ID another connection uses.
		this.connections.list()
			.stream()
			.filter((connection) -> !connection.getId().equals("okta"))
			.forEach((connection) -> this.connections.delete(connection.getId(), "test"));
		SamlIdentityProvider rolled = idp.withRolloverKey();

		JsonHttpResponse changed = this.admin.header("Content-Type", "application/xml")
			.send("PUT", CONNECTIONS + "/okta", rolled.metadataXml(false));

		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("certificates")).hasSize(2);
		JsonHttpResponse refused = this.admin.header("Content-Type", "application/xml")
			.send("PUT", CONNECTIONS + "/okta", "<md:EntityDescriptor/>");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(this.admin.get(CONNECTIONS + "/okta").json().path("certificates")).hasSize(2);
		assertThat(this.admin.send("PUT", CONNECTIONS + "/nope", "{}").status()).isEqualTo(404);
		assertThat(this.admin.send("PUT", CONNECTIONS + "/okta", json("{'id':'other'}")).status()).isEqualTo(400);
	}

	@Test
	void deleteRemovesAConnection() {
		this.admin.header("Content-Type", "application/xml")
			.send("POST", CONNECTIONS + "?id=gone", newIdp("gone").metadataXml(false));

		assertThat(this.admin.delete(CONNECTIONS + "/gone").status()).isEqualTo(204);
		assertThat(this.admin.get(CONNECTIONS + "/gone").status()).isEqualTo(404);
		JsonHttpResponse again = this.admin.delete(CONNECTIONS + "/gone");
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.json().path("error").asText()).isEqualTo("There is no connection 'gone'.");
		assertThat(eventsOf(EventType.CONNECTION_DELETED)).filteredOn((event) -> "gone".equals(event.getConnectionId()))
			.map(Event::getActor)
			.containsExactly("admin");
	}

	@Test
	void aCertificateExpiringWithin30DaysIsFlagged() throws Exception {
		SamlIdentityProvider expiring = new SamlIdentityProvider("https://expiring.idp.test/metadata",
				"https://expiring.idp.test/sso", "https://expiring.idp.test/slo",
				List.of(certificateValidFor(Duration.ofDays(20))));
		this.admin.header("Content-Type", "application/xml")
			.send("POST", CONNECTIONS + "?id=expiring", expiring.metadataXml(false));

		JsonNode certificate = this.admin.get(CONNECTIONS + "/expiring").json().path("certificates").get(0);

		assertThat(certificate.path("expiresSoon").asBoolean()).isTrue();
		assertThat(certificate.path("subject").asText()).isEqualTo("CN=expiring");
	}

	@Test
	void refreshOfUploadedMetadataIsAConflict() {
		JsonHttpResponse refresh = this.admin.post(CONNECTIONS + "/okta/refresh", null);

		assertThat(refresh.status()).isEqualTo(409);
		assertThat(refresh.json().path("error").asText()).contains("uploaded metadata");
		assertThat(this.admin.post(CONNECTIONS + "/nope/refresh", null).status()).isEqualTo(404);
	}

	private void assertRefused(String body, String message) {
		JsonHttpResponse refused = this.admin.post(CONNECTIONS, body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("error").asText()).contains(message);
	}

	/** Single quotes become double quotes; each %s is a JSON string of the argument. */
	private static String json(String template, String... values) {
		Object[] quoted = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			try {
				quoted[i] = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(values[i]);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		return String.format(template.replace('\'', '"'), quoted);
	}

	private static IdpSigningKey certificateValidFor(Duration validity) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		X500Name name = new X500Name("CN=expiring");
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
				Date.from(now.minus(Duration.ofDays(300))), Date.from(now.plus(validity)), name, pair.getPublic());
		return new IdpSigningKey(pair.getPrivate(), new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))));
	}

}
