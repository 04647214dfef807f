package io.tilegate.demo;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tilegate.config.TilegateProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.security.saml2.provider.service.registration.AssertingPartyMetadata;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrations;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo IdP's pages and SAML endpoints, driven through MockMvc without the application
 * context: the security chain and SAML provider live elsewhere and are not needed here.
 */
class DemoIdentityProviderControllerTest {

	static final String BASE = "https://tilegate.example.com";

	static final String ACS = BASE + "/login/saml2/sso/demo";

	static final String SP_ENTITY_ID = BASE + "/saml2/service-provider-metadata/demo";

	static final String SP_SLO = BASE + "/logout/saml2/slo";

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

	MockMvc mvc;

	SamlIdentityProvider sp;

	@BeforeEach
	void setUp() {
		DemoIdentityProvider idp = new DemoIdentityProvider(new TilegateProperties(URI.create(BASE + "/"), null, null, null, null, null, null, null, null, null));
		ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
		templates.setPrefix("templates/");
		templates.setSuffix(".html");
		templates.setCharacterEncoding("UTF-8");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(templates);
		ThymeleafViewResolver views = new ThymeleafViewResolver();
		views.setTemplateEngine(engine);
		views.setCharacterEncoding("UTF-8");
		this.mvc = MockMvcBuilders.standaloneSetup(new DemoIdentityProviderController(idp, new DemoUsers(CLOCK)))
			.setViewResolvers(views)
			.build();
		// Stands in for Tilegate's SP side: it only needs to send AuthnRequests and logout messages.
		this.sp = SamlIdentityProvider.create(SP_ENTITY_ID, ACS, SP_SLO);
	}

	@Test
	void servesMetadataThatTilegateCanRegister() throws Exception {
		AssertingPartyMetadata party = idpMetadata();
		assertThat(party.getEntityId()).isEqualTo(BASE + "/demo-idp/metadata");
		assertThat(party.getSingleSignOnServiceLocation()).isEqualTo(BASE + "/demo-idp/sso");
		assertThat(party.getSingleLogoutServiceLocation()).isEqualTo(BASE + "/demo-idp/slo");
		assertThat(party.getVerificationX509Credentials()).hasSize(1);
		this.mvc.perform(get("/demo-idp/metadata"))
			.andExpect(content().contentType("application/samlmetadata+xml"));
	}

	@Test
	void dashboardShowsTheBannerUsersAndBothWaysToSignIn() throws Exception {
		this.mvc.perform(get("/demo-idp"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("never for production")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("grace.hopper@example.com")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(BASE + "/saml2/authenticate/demo")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Sign out everywhere")));
	}

	@Test
	void tilePostsAnUnsolicitedSignedResponseWithTheUsersProfile() throws Exception {
		String page = this.mvc.perform(post("/demo-idp/launch").param("userName", "grace.hopper@example.com")
			.param("relayState", "/people"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("action=\"" + ACS + "\"")
			.contains("Demo identity provider — for trying Tilegate")
			.contains("src=\"/demo-idp/auto-post.js\"");
		this.mvc.perform(get("/demo-idp/auto-post.js"))
			.andExpect(content().contentTypeCompatibleWith("text/javascript"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("saml-post")));
		assertThat(hiddenField(page, "RelayState")).isEqualTo("/people");
		Response response = (Response) SamlXml.parse(SamlBindings.postDecode(hiddenField(page, "SAMLResponse")));
		Assertion assertion = response.getAssertions().get(0);
		X509Certificate certificate = idpCertificate();
		SignatureValidator.validate(response.getSignature(), new BasicX509Credential(certificate));
		SignatureValidator.validate(assertion.getSignature(), new BasicX509Credential(certificate));
		assertThat(response.getInResponseTo()).isNull();
		assertThat(response.getDestination()).isEqualTo(ACS);
		assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("grace.hopper@example.com");
		assertThat(assertion.getConditions().getAudienceRestrictions().get(0).getAudiences().get(0).getURI())
			.isEqualTo(SP_ENTITY_ID);
		assertThat(assertion.getAuthnStatements().get(0).getSessionIndex()).isNotBlank();
		assertThat(attribute(assertion, "manager")).containsExactly("ada.lovelace@example.com");
		assertThat(attribute(assertion, "custom.officeLocation")).containsExactly("New York");
		assertThat(attribute(assertion, "custom.tshirtSize")).containsExactly("S");
		assertThat(attribute(assertion, "groups")).containsExactly("Engineering", "All Staff");
		assertThat(attribute(assertion, "department")).containsExactly("Engineering");
		assertThat(LocalDate.parse(attribute(assertion, "hireDate").get(0))).isBefore(LocalDate.now(CLOCK).minusYears(3));
	}

	@Test
	void spInitiatedSignInAnswersTheRequestAndEchoesRelayState() throws Exception {
		String authnRequest = authnRequest("_req42", ACS);
		String signIn = this.mvc.perform(get("/demo-idp/sso").param("SAMLRequest", SamlBindings.redirectEncode(authnRequest))
			.param("RelayState", "state-1"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(hiddenField(signIn, "requestId")).isEqualTo("_req42");
		assertThat(hiddenField(signIn, "relayState")).isEqualTo("state-1");

		String page = this.mvc.perform(post("/demo-idp/sso/sign-in").param("userName", "katherine.johnson@example.com")
			.param("requestId", "_req42")
			.param("relayState", "state-1"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		Response response = (Response) SamlXml.parse(SamlBindings.postDecode(hiddenField(page, "SAMLResponse")));
		Assertion assertion = response.getAssertions().get(0);
		assertThat(response.getInResponseTo()).isEqualTo("_req42");
		assertThat(assertion.getSubject().getSubjectConfirmations().get(0).getSubjectConfirmationData().getInResponseTo())
			.isEqualTo("_req42");
		assertThat(response.getDestination()).isEqualTo(ACS);
		assertThat(hiddenField(page, "RelayState")).isEqualTo("state-1");
		assertThat(LocalDate.parse(attribute(assertion, "hireDate").get(0))).isEqualTo(LocalDate.now(CLOCK).minusDays(20));
	}

	@Test
	void acceptsAnAuthnRequestOnThePostBindingToo() throws Exception {
		this.mvc.perform(post("/demo-idp/sso").param("SAMLRequest", SamlBindings.postEncode(authnRequest("_p1", null))))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("_p1")));
	}

	@Test
	void refusesToSendAnAssertionToAnAcsUrlThatIsNotTilegates() throws Exception {
		this.mvc
			.perform(get("/demo-idp/sso").param("SAMLRequest",
					SamlBindings.redirectEncode(authnRequest("_evil", "https://attacker.example.net/acs"))))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("attacker.example.net")));
	}

	@Test
	void refusesGarbage() throws Exception {
		this.mvc.perform(get("/demo-idp/sso").param("SAMLRequest", "bm90IGRlZmxhdGU="))
			.andExpect(status().isBadRequest());
		this.mvc.perform(post("/demo-idp/launch").param("userName", "mallory@example.com"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void spInitiatedLogoutIsAnsweredWithASignedLogoutResponse() throws Exception {
		RedirectMessage logout = this.sp.logoutRequest(BASE + "/demo-idp/slo", "ada.lovelace@example.com").buildRedirect();
		String location = this.mvc.perform(get("/demo-idp/slo").param("SAMLRequest", SamlBindings.redirectEncode(logout.xml()))
			.param("RelayState", "rs"))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();

		assertThat(location).startsWith(SP_SLO + "?SAMLResponse=").contains("&RelayState=rs&SigAlg=");
		String query = location.substring(location.indexOf('?') + 1);
		assertThat(SamlBindings.verifyRedirectSignature(query, idpCertificate())).isTrue();
		ReceivedSamlMessage answer = ReceivedSamlMessage.fromRedirect(queryParameter(query, "SAMLResponse"));
		assertThat(answer.isLogoutResponse()).isTrue();
		assertThat(answer.inResponseTo()).isEqualTo(logout.id());
		assertThat(answer.statusCode()).isEqualTo(StatusCode.SUCCESS);
		assertThat(answer.destination()).isEqualTo(SP_SLO);
	}

	@Test
	void signOutEverywhereSendsASignedLogoutRequestForTheUsersLastSession() throws Exception {
		String page = this.mvc.perform(post("/demo-idp/launch").param("userName", "ada.lovelace@example.com"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Response response = (Response) SamlXml.parse(SamlBindings.postDecode(hiddenField(page, "SAMLResponse")));
		String sessionIndex = response.getAssertions().get(0).getAuthnStatements().get(0).getSessionIndex();

		MvcResult result = this.mvc.perform(post("/demo-idp/logout").param("userName", "ada.lovelace@example.com"))
			.andExpect(status().isFound())
			.andReturn();

		String location = result.getResponse().getRedirectedUrl();
		assertThat(location).startsWith(SP_SLO + "?SAMLRequest=");
		String query = location.substring(location.indexOf('?') + 1);
		assertThat(SamlBindings.verifyRedirectSignature(query, idpCertificate())).isTrue();
		ReceivedSamlMessage request = ReceivedSamlMessage.fromRedirect(queryParameter(query, "SAMLRequest"));
		assertThat(request.nameId()).isEqualTo("ada.lovelace@example.com");
		assertThat(request.sessionIndexes()).containsExactly(sessionIndex);
		assertThat(request.destination()).isEqualTo(SP_SLO);
	}

	@Test
	void logoutResponseFromTilegateShowsSignedOut() throws Exception {
		RedirectMessage answer = this.sp.logoutResponse(BASE + "/demo-idp/slo", "_ours").buildRedirect();
		this.mvc.perform(get("/demo-idp/slo").param("SAMLResponse", SamlBindings.redirectEncode(answer.xml())))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Signed out")));
	}

	private static String authnRequest(String id, String acs) {
		return """
				<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
				xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" Version="2.0" \
				IssueInstant="2026-06-01T12:00:00Z" Destination="%s/demo-idp/sso" %s\
				ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">\
				<saml:Issuer>%s</saml:Issuer></samlp:AuthnRequest>"""
			.formatted(id, BASE, acs != null ? "AssertionConsumerServiceURL=\"" + acs + "\" " : "", SP_ENTITY_ID);
	}

	private AssertingPartyMetadata idpMetadata() throws Exception {
		String xml = this.mvc.perform(get("/demo-idp/metadata"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		return RelyingPartyRegistrations.fromMetadata(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
			.registrationId("demo")
			.build()
			.getAssertingPartyMetadata();
	}

	private X509Certificate idpCertificate() throws Exception {
		return idpMetadata().getVerificationX509Credentials().iterator().next().getCertificate();
	}

	private static String hiddenField(String html, String name) {
		Matcher matcher = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"")
			.matcher(html);
		assertThat(matcher.find()).as("hidden field %s in %s", name, html).isTrue();
		return HtmlUtils.htmlUnescape(matcher.group(1));
	}

	private static String queryParameter(String query, String name) {
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				return SamlBindings.urlDecode(pair.substring(name.length() + 1));
			}
		}
		throw new AssertionError("no " + name + " in " + query);
	}

	private static List<String> attribute(Assertion assertion, String name) {
		return assertion.getAttributeStatements()
			.get(0)
			.getAttributes()
			.stream()
			.filter((attribute) -> attribute.getName().equals(name))
			.map(Attribute::getAttributeValues)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no attribute " + name))
			.stream()
			.map((value) -> ((XSString) value).getValue())
			.toList();
	}

}
