package io.tilegate.saml;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.demo.IdpSigningKey;
import io.tilegate.demo.LogoutRequestBuilder;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.events.Event;
import io.tilegate.events.EventType;
import net.shibboleth.utilities.java.support.xml.QNameSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single logout from the IdP's server: a LogoutRequest in a SOAP envelope posted to the single
 * logout URL the way Shibboleth, ADFS or Keycloak's back-channel logout sends it, with no
 * browser and no cookie. Each refusal names what it stops, and leaves the session alone.
 */
class SoapSingleLogoutTests extends SamlIntegrationTest {

	private static final String SLO = "/logout/saml2/slo";

	private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

	/** An IdP of its own: other classes' connections share the context's database and trust {@code idp}. */
	private static final SamlIdentityProvider shibboleth = SamlIdentityProvider.create(
			"https://shibboleth.soap.test/idp/shibboleth", "https://shibboleth.soap.test/sso",
			"https://shibboleth.soap.test/slo");

	private static final String SOAP_CONNECTION = "shibboleth";

	@Autowired
	SpCredentials spCredentials;

	private final HttpClient idpServer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeEach
	void connectShibboleth() {
		this.connections.save(SOAP_CONNECTION, ConnectionSettings.metadataOnly(shibboleth.metadataXml(false)),
				ConnectionOrigin.API, "test");
	}

	@Test
	void aSignedLogoutRequestEndsTheUsersSessionAndIsAnsweredWithASignedSuccess() throws Exception {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");
		LogoutRequestBuilder request = shibboleth.logoutRequest(BASE + SLO, user);
		String requestId = request.buildPost().id();

		HttpResponse<String> answer = soap(envelope(request.buildPost().xml()));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
		LogoutResponse response = logoutResponse(answer);
		assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
		assertThat(response.getInResponseTo()).isEqualTo(requestId);
		assertThat(response.getIssuer().getValue()).isEqualTo(spEntityId(SOAP_CONNECTION));
		assertSignedBySp(response);
		assertThat(signedIn.get("/").statusCode()).isEqualTo(302);
		assertThat(eventsOf(EventType.LOGOUT))
			.anyMatch((e) -> e.getSummary().contains("over SOAP from " + SOAP_CONNECTION + ": 1 session of " + user));
		assertThat(eventsOf(EventType.SESSION_ENDED)).anyMatch((e) -> user.equals(e.getUserName()));
	}

	@Test
	void aSessionIndexEndsOnlyThatSession() {
		String user = uniqueUser();
		Browser laptop = signIn(user, "session-laptop");
		Browser phone = signIn(user, "session-phone");

		HttpResponse<String> answer = soap(
				envelope(shibboleth.logoutRequest(BASE + SLO, user).sessionIndex("session-phone").buildPost().xml()));

		assertThat(statusOf(answer)).isEqualTo(StatusCode.SUCCESS);
		assertThat(phone.get("/").statusCode()).isEqualTo(302);
		assertThat(laptop.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestForSomeoneWithoutASessionHereIsStillASuccess() {
		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, uniqueUser()).buildPost().xml()));

		assertThat(statusOf(answer)).isEqualTo(StatusCode.SUCCESS);
	}

	@Test
	void anUnsignedRequestIsRefusedAndEndsNothing() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, user).signed(false).buildPost().xml()));

		assertDenied(answer, StatusCode.REQUEST_DENIED, "unsigned_logout_request");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestSignedByAnotherKeyIsRefused() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, user)
			.signWith(IdpSigningKey.generate("impostor"))
			.buildPost()
			.xml()));

		assertDenied(answer, StatusCode.REQUEST_DENIED, "invalid_signature");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestSignedWithRsaSha1IsRefused() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, user)
			.signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.buildPost()
			.xml()));

		assertDenied(answer, StatusCode.REQUEST_DENIED, "weak_signature_algorithm");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestEditedAfterSigningIsRefused() {
		String user = uniqueUser();
		String victim = uniqueUser();
		Browser victimsBrowser = signIn(victim, "session-1");
		String signedForUser = shibboleth.logoutRequest(BASE + SLO, user).buildPost().xml();

		HttpResponse<String> answer = soap(envelope(signedForUser.replace(user, victim)));

		assertDenied(answer, StatusCode.REQUEST_DENIED, "invalid_signature");
		assertThat(victimsBrowser.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestForAnotherDestinationIsRefused() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(
				envelope(shibboleth.logoutRequest("https://other-sp.example.com/slo", user).buildPost().xml()));

		assertDenied(answer, null, "invalid_destination");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aStaleRequestIsRefused() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, user)
			.issueInstant(Instant.now().minus(Duration.ofMinutes(30)))
			.buildPost()
			.xml()));

		assertDenied(answer, null, "stale_issue_instant");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestPastItsNotOnOrAfterIsRefused() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(envelope(shibboleth.logoutRequest(BASE + SLO, user)
			.notOnOrAfter(Instant.now().minus(Duration.ofMinutes(3)))
			.buildPost()
			.xml()));

		assertDenied(answer, null, "expired_logout_request");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aReplayedRequestIsActedOnOnce() {
		String user = uniqueUser();
		signIn(user, "session-1");
		String body = envelope(shibboleth.logoutRequest(BASE + SLO, user).buildPost().xml());
		assertThat(statusOf(soap(body))).isEqualTo(StatusCode.SUCCESS);
		Browser again = signIn(user, "session-2");

		HttpResponse<String> replayed = soap(body);

		assertDenied(replayed, null, "assertion_replayed");
		assertThat(again.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestFromAnUnknownIdentityProviderIsAFault() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(
				envelope(shibboleth.logoutRequest(BASE + SLO, user).issuer("https://stranger.test").buildPost().xml()));

		assertFault(answer, "Client", "No connection trusts the identity provider https://stranger.test");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void anIdentityProviderThatTwoConnectionsTrustIsAFault() {
		SamlIdentityProvider twice = SamlIdentityProvider.create("https://twice.soap.test/idp", "https://twice.soap.test/sso",
				"https://twice.soap.test/slo");
		this.connections.save("twice-a", ConnectionSettings.metadataOnly(twice.metadataXml(false)), ConnectionOrigin.API,
				"test");
		this.connections.save("twice-b", ConnectionSettings.metadataOnly(twice.metadataXml(false)), ConnectionOrigin.API,
				"test");

		HttpResponse<String> answer = soap(envelope(twice.logoutRequest(BASE + SLO, uniqueUser()).buildPost().xml()));

		assertFault(answer, "Client", "ambiguous_issuer");
	}

	@Test
	void aDoctypeIsAFault() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");
		String body = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
				+ envelope(shibboleth.logoutRequest(BASE + SLO, user).buildPost().xml());

		HttpResponse<String> answer = soap(body);

		assertFault(answer, "Client", "DOCTYPE");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aLogoutRequestOutsideAnEnvelopeIsAFault() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");

		HttpResponse<String> answer = soap(withoutDeclaration(shibboleth.logoutRequest(BASE + SLO, user).buildPost().xml()));

		assertFault(answer, "Client", "not a SOAP envelope");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void anEnvelopeWithoutALogoutRequestIsAFault() {
		HttpResponse<String> answer = soap(envelope("<x:Other xmlns:x=\"urn:x\"/>"));

		assertFault(answer, "Client", "exactly one samlp:LogoutRequest");
	}

	@Test
	void aDeeplyNestedBodyIsAFault() {
		HttpResponse<String> answer = soap(envelope("<x>".repeat(5000) + "</x>".repeat(5000)));

		assertFault(answer, "Client", "nests elements more than");
	}

	@Test
	void aTwentyMegabyteBodyIsAFaultAndIsNotRead() {
		String user = uniqueUser();
		Browser signedIn = signIn(user, "session-1");
		byte[] huge = new byte[20 * 1024 * 1024];
		Arrays.fill(huge, (byte) ' ');

		HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofByteArray(huge), "text/xml");

		assertFault(answer, "Client", "larger than");
		assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aSoap12EnvelopeIsAVersionMismatch() {
		String body = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body>"
				+ withoutDeclaration(shibboleth.logoutRequest(BASE + SLO, uniqueUser()).buildPost().xml())
				+ "</e:Body></e:Envelope>";

		HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofString(body), "application/soap+xml");

		assertFault(answer, "VersionMismatch", "not SOAP 1.1");
	}

	@Test
	void theSpMetadataAdvertisesTheSoapSingleLogoutService() {
		HttpResponse<String> metadata = this.browser.get("/saml2/service-provider-metadata/" + SOAP_CONNECTION);

		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.body()).containsPattern("<md:SingleLogoutService[^>]+Binding=\""
				+ "urn:oasis:names:tc:SAML:2.0:bindings:SOAP\"[^>]+Location=\"" + BASE + SLO + "\"");
	}

	private Browser signIn(String user, String sessionIndex) {
		Browser browser = new Browser(this.port);
		HttpResponse<String> acs = browser.postResponse(SOAP_CONNECTION, shibboleth
			.response(acs(SOAP_CONNECTION), spEntityId(SOAP_CONNECTION))
			.nameId(user)
			.attribute("email", user)
			.sessionIndex(sessionIndex)
			.build()
			.base64(), null);
		assertThat(acs.statusCode()).isEqualTo(302);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		return browser;
	}

	private HttpResponse<String> soap(String body) {
		return send(HttpRequest.BodyPublishers.ofString(body), "text/xml; charset=utf-8");
	}

	private HttpResponse<String> send(HttpRequest.BodyPublisher body, String contentType) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + SLO))
			.header("Content-Type", contentType)
			.header("SOAPAction", "http://www.oasis-open.org/committees/security")
			.timeout(Duration.ofSeconds(60))
			.POST(body)
			.build();
		try {
			return this.idpServer.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String envelope(String message) {
		return "<soap11:Envelope xmlns:soap11=\"" + SOAP11 + "\"><soap11:Body>" + withoutDeclaration(message)
				+ "</soap11:Body></soap11:Envelope>";
	}

	private static String withoutDeclaration(String xml) {
		return xml.replaceFirst("^<\\?xml[^>]*\\?>", "");
	}

	private static Element bodyChild(HttpResponse<String> answer) {
		try {
			Element envelope = XMLObjectProviderRegistrySupport.getParserPool()
				.parse(new ByteArrayInputStream(answer.body().getBytes(StandardCharsets.UTF_8)))
				.getDocumentElement();
			assertThat(QNameSupport.getNodeQName(envelope).toString()).isEqualTo("{" + SOAP11 + "}Envelope");
			Element body = next(envelope.getFirstChild());
			assertThat(body.getLocalName()).isEqualTo("Body");
			return next(body.getFirstChild());
		}
		catch (Exception ex) {
			throw new AssertionError("Not a SOAP envelope: " + answer.body(), ex);
		}
	}

	private static Element next(Node node) {
		Node current = node;
		while (current != null && !(current instanceof Element)) {
			current = current.getNextSibling();
		}
		return (Element) current;
	}

	private static LogoutResponse logoutResponse(HttpResponse<String> answer) {
		Element element = bodyChild(answer);
		try {
			return (LogoutResponse) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
				.getUnmarshaller(element)
				.unmarshall(element);
		}
		catch (Exception ex) {
			throw new AssertionError("Not a LogoutResponse: " + answer.body(), ex);
		}
	}

	private static String statusOf(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(200);
		return logoutResponse(answer).getStatus().getStatusCode().getValue();
	}

	private void assertSignedBySp(LogoutResponse response) throws Exception {
		assertThat(response.getSignature()).isNotNull();
		new SAMLSignatureProfileValidator().validate(response.getSignature());
		SignatureValidator.validate(response.getSignature(), new BasicX509Credential(this.spCredentials.certificate()));
	}

	/** A signed LogoutResponse that says Requester, and the refusal event its StatusMessage names. */
	private Event assertDenied(HttpResponse<String> answer, String secondLevel, String reason) {
		assertThat(answer.statusCode()).isEqualTo(200);
		LogoutResponse response = logoutResponse(answer);
		try {
			assertSignedBySp(response);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		StatusCode code = response.getStatus().getStatusCode();
		assertThat(code.getValue()).isEqualTo(StatusCode.REQUESTER);
		if (secondLevel != null) {
			assertThat(code.getStatusCode().getValue()).isEqualTo(secondLevel);
		}
		String message = response.getStatus().getStatusMessage().getValue();
		assertThat(message).contains(reason);
		return refusalEvent(message, reason);
	}

	private Event assertFault(HttpResponse<String> answer, String faultCode, String reason) {
		assertThat(answer.statusCode()).isEqualTo(500);
		Element fault = bodyChild(answer);
		assertThat(fault.getLocalName()).isEqualTo("Fault");
		String code = fault.getElementsByTagName("faultcode").item(0).getTextContent();
		assertThat(code).endsWith(":" + faultCode);
		String message = fault.getElementsByTagName("faultstring").item(0).getTextContent();
		assertThat(message).contains(reason);
		return refusalEvent(message, reason);
	}

	private Event refusalEvent(String message, String reason) {
		String reference = message.replaceAll("(?s).*Reference ([A-Z0-9]{10}) .*", "$1");
		assertThat(reference).matches("[A-Z0-9]{10}");
		Event event = this.events.findByReference(reference).orElseThrow();
		assertThat(event.getType()).isEqualTo(EventType.LOGIN_REFUSED);
		assertThat(event.getSummary()).startsWith("SOAP single logout refused").contains(reason);
		return event;
	}

}
