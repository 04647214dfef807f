package io.tilegate.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.security.saml2.core.Saml2ResponseValidatorResult;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;
import org.springframework.security.saml2.provider.service.authentication.Saml2Authentication;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SamlIdentityProviderTest {

	static final String ACS = "https://sp.example.com/login/saml2/sso/demo";

	static final String SP_ENTITY_ID = "https://sp.example.com/saml2/service-provider-metadata/demo";

	static final String SP_SLO = "https://sp.example.com/logout/saml2/slo";

	static SamlIdentityProvider idp;

	@BeforeAll
	static void createIdentityProvider() {
		idp = SamlIdentityProvider.create("https://idp.example.com/metadata", "https://idp.example.com/sso",
				"https://idp.example.com/slo");
	}

	static Response parseResponse(IssuedResponse issued) {
		return (Response) SamlXml.parse(SamlBindings.postDecode(issued.base64()));
	}

	static void verify(Signature signature, IdpSigningKey key) throws SignatureException {
		new SAMLSignatureProfileValidator().validate(signature);
		SignatureValidator.validate(signature, key.verificationCredential());
	}

	static List<String> algorithms(Element element, String localName) {
		NodeList nodes = element.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", localName);
		return java.util.stream.IntStream.range(0, nodes.getLength())
			.mapToObj((i) -> ((Element) nodes.item(i)).getAttribute("Algorithm"))
			.toList();
	}

	@Test
	void signsResponseAndAssertionWithSha256ByDefault() throws Exception {
		IssuedResponse issued = idp.response(ACS, SP_ENTITY_ID).nameId("ada.lovelace@example.com").build();

		Response response = parseResponse(issued);
		Assertion assertion = response.getAssertions().get(0);
		verify(response.getSignature(), idp.signingKey());
		verify(assertion.getSignature(), idp.signingKey());
		assertThat(response.getSignature().getSignatureAlgorithm())
			.isEqualTo(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
		assertThat(algorithms(response.getDOM(), "DigestMethod")).containsOnly(SignatureConstants.ALGO_ID_DIGEST_SHA256);
		assertThat(response.getID()).isEqualTo(issued.responseId());
		assertThat(assertion.getID()).isEqualTo(issued.assertionId());
		assertThat(response.getDestination()).isEqualTo(ACS);
		assertThat(response.getInResponseTo()).isNull();
		assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
		assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("ada.lovelace@example.com");
		SubjectConfirmationData data = assertion.getSubject().getSubjectConfirmations().get(0).getSubjectConfirmationData();
		assertThat(data.getRecipient()).isEqualTo(ACS);
		assertThat(data.getNotOnOrAfter()).isAfter(Instant.now());
		assertThat(assertion.getConditions().getAudienceRestrictions().get(0).getAudiences().get(0).getURI())
			.isEqualTo(SP_ENTITY_ID);
		assertThat(assertion.getAuthnStatements().get(0).getSessionIndex()).isEqualTo(issued.sessionIndex()).isNotNull();
	}

	@Test
	void sha1KnobsReallyProduceSha1() throws Exception {
		IssuedResponse issued = idp.response(ACS, SP_ENTITY_ID)
			.signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1)
			.build();

		Response response = parseResponse(issued);
		assertThat(algorithms(response.getDOM(), "SignatureMethod"))
			.containsExactly(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1);
		assertThat(algorithms(response.getDOM(), "DigestMethod"))
			.containsExactly(SignatureConstants.ALGO_ID_DIGEST_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA1);
		assertThat(issued.xml()).doesNotContain("sha256");
		verify(response.getSignature(), idp.signingKey());
		verify(response.getAssertions().get(0).getSignature(), idp.signingKey());
	}

	@Test
	void everyKnobChangesOnlyItsOwnPart() {
		Instant past = Instant.parse("2024-01-01T10:00:00Z");
		IssuedResponse issued = idp.response(ACS, SP_ENTITY_ID)
			.destination(null)
			.inResponseTo("_request1")
			.subjectConfirmationInResponseTo("_other")
			.responseIssueInstant(past)
			.assertionIssueInstant(past.plusSeconds(1))
			.notBefore(null)
			.notOnOrAfter(null)
			.subjectConfirmationNotOnOrAfter(null)
			.recipient("https://elsewhere.example.com/acs")
			.nameId("grace", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
			.sessionIndex("_session42")
			.assertionId("_fixedAssertion")
			.attribute("groups", "Engineering", "All Staff")
			.attribute("photo", List.of())
			.signResponse(false)
			.signAssertion(false)
			.status(StatusCode.RESPONDER)
			.build();

		Response response = parseResponse(issued);
		Assertion assertion = response.getAssertions().get(0);
		assertThat(response.getDOM().hasAttribute("Destination")).isFalse();
		assertThat(response.getInResponseTo()).isEqualTo("_request1");
		assertThat(response.isSigned()).isFalse();
		assertThat(assertion.isSigned()).isFalse();
		assertThat(response.getIssueInstant()).isEqualTo(past);
		assertThat(assertion.getIssueInstant()).isEqualTo(past.plusSeconds(1));
		assertThat(assertion.getConditions().getNotBefore()).isNull();
		assertThat(assertion.getConditions().getNotOnOrAfter()).isNull();
		SubjectConfirmationData data = assertion.getSubject().getSubjectConfirmations().get(0).getSubjectConfirmationData();
		assertThat(data.getNotOnOrAfter()).isNull();
		assertThat(data.getInResponseTo()).isEqualTo("_other");
		assertThat(data.getRecipient()).isEqualTo("https://elsewhere.example.com/acs");
		assertThat(assertion.getSubject().getNameID().getFormat())
			.isEqualTo("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
		assertThat(assertion.getID()).isEqualTo("_fixedAssertion");
		assertThat(assertion.getAuthnStatements().get(0).getSessionIndex()).isEqualTo("_session42");
		assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.RESPONDER);
		List<Attribute> attributes = assertion.getAttributeStatements().get(0).getAttributes();
		assertThat(attributes).extracting(Attribute::getName).containsExactly("groups", "photo");
		assertThat(attributes.get(0).getAttributeValues()).allSatisfy((value) -> assertThat(value).isInstanceOf(XSString.class))
			.extracting((value) -> ((XSString) value).getValue())
			.containsExactly("Engineering", "All Staff");
		assertThat(attributes.get(1).getAttributeValues()).isEmpty();
	}

	@Test
	void inResponseToAppliesToTheSubjectConfirmationToo() {
		Assertion assertion = parseResponse(idp.response(ACS, SP_ENTITY_ID).inResponseTo("_abc").build()).getAssertions()
			.get(0);
		assertThat(assertion.getSubject().getSubjectConfirmations().get(0).getSubjectConfirmationData().getInResponseTo())
			.isEqualTo("_abc");
	}

	@Test
	void conditionsAreOmittedWhenEverythingInThemIs() {
		Assertion assertion = parseResponse(
				idp.response(ACS, null).notBefore(null).notOnOrAfter(null).now(Instant.now().minus(Duration.ofDays(400)))
					.build())
			.getAssertions()
			.get(0);
		assertThat(assertion.getConditions()).isNull();
		assertThat(assertion.getIssueInstant()).isBefore(Instant.now().minus(Duration.ofDays(399)));
	}

	@Test
	void encryptedAssertionDecryptsWithTheSpKeyAndStillVerifies() throws Exception {
		IdpSigningKey sp = IdpSigningKey.generate("sp.example.com");
		IssuedResponse issued = idp.response(ACS, SP_ENTITY_ID).encryptFor(sp.certificate()).build();

		Response response = parseResponse(issued);
		assertThat(response.getAssertions()).isEmpty();
		EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
		assertThat(encrypted.getEncryptedData().getEncryptionMethod().getAlgorithm())
			.isEqualTo(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM);
		assertThat(issued.xml()).contains(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
		verify(response.getSignature(), idp.signingKey());

		Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(sp.credential()),
				new InlineEncryptedKeyResolver());
		decrypter.setRootInNewDocument(true);
		Assertion assertion = decrypter.decrypt(encrypted);
		assertThat(assertion.getID()).isEqualTo(issued.assertionId());
		verify(assertion.getSignature(), idp.signingKey());
	}

	@Test
	void rolloverMetadataYieldsTwoVerificationCredentialsAndEitherKeySigns() throws Exception {
		SamlIdentityProvider rolling = idp.withRolloverKey();
		String metadata = rolling.metadataXml(true);

		RelyingPartyRegistration registration = RelyingPartyRegistrations
			.fromMetadata(new ByteArrayInputStream(metadata.getBytes(StandardCharsets.UTF_8)))
			.registrationId("demo")
			.build();
		assertThat(registration.getAssertingPartyMetadata().getEntityId()).isEqualTo("https://idp.example.com/metadata");
		assertThat(registration.getAssertingPartyMetadata().getSingleSignOnServiceLocation())
			.isEqualTo("https://idp.example.com/sso");
		assertThat(registration.getAssertingPartyMetadata().getSingleLogoutServiceLocation())
			.isEqualTo("https://idp.example.com/slo");
		assertThat(registration.getAssertingPartyMetadata().getWantAuthnRequestsSigned()).isTrue();
		assertThat(registration.getAssertingPartyMetadata().getVerificationX509Credentials())
			.hasSize(2)
			.extracting(Saml2X509Credential::getCertificate)
			.containsExactly(rolling.signingKeys().get(0).certificate(), rolling.signingKeys().get(1).certificate());
		assertThat(idp.metadataXml(false)).contains("WantAuthnRequestsSigned=\"false\"");

		IdpSigningKey next = rolling.signingKeys().get(1);
		Response response = parseResponse(rolling.response(ACS, SP_ENTITY_ID).signWith(next).build());
		verify(response.getSignature(), next);
		assertThatExceptionOfType(SignatureException.class)
			.isThrownBy(() -> SignatureValidator.validate(response.getSignature(), rolling.signingKey().verificationCredential()));
	}

	@Test
	void springSecurityAcceptsTheResponseAndReadsItsAttributes() {
		IdpSigningKey sp = IdpSigningKey.generate("sp.example.com");
		RelyingPartyRegistration registration = RelyingPartyRegistrations
			.fromMetadata(new ByteArrayInputStream(idp.metadataXml(false).getBytes(StandardCharsets.UTF_8)))
			.registrationId("demo")
			.entityId(SP_ENTITY_ID)
			.assertionConsumerServiceLocation(ACS)
			.decryptionX509Credentials((c) -> c.add(Saml2X509Credential.decryption(sp.privateKey(), sp.certificate())))
			.build();
		OpenSaml4AuthenticationProvider provider = new OpenSaml4AuthenticationProvider();
		// Spring's default assertion validator needs OpenSAML 4.1 (see notes/stack.md); the
		// signatures, decryption and attribute reading are what this test is about.
		provider.setAssertionValidator((token) -> Saml2ResponseValidatorResult.success());
		String xml = idp.response(ACS, SP_ENTITY_ID)
			.nameId("grace.hopper@example.com")
			.attributes(Map.of("groups", List.of("Engineering", "Managers")))
			.encryptFor(sp.certificate())
			.build()
			.xml();

		Saml2Authentication authentication = (Saml2Authentication) provider
			.authenticate(new Saml2AuthenticationToken(registration, xml));

		Saml2AuthenticatedPrincipal principal = (Saml2AuthenticatedPrincipal) authentication.getPrincipal();
		assertThat(principal.getName()).isEqualTo("grace.hopper@example.com");
		assertThat(principal.<Object>getAttribute("groups")).containsExactly("Engineering", "Managers");
		assertThat(principal.getSessionIndexes()).hasSize(1);
	}

	@Test
	void logoutRequestOnTheRedirectBindingIsQuerySigned() {
		RedirectMessage message = idp.logoutRequest(SP_SLO, "ada.lovelace@example.com").sessionIndex("_s1").buildRedirect();

		String url = message.redirectUrl("back to / start");
		assertThat(url).startsWith(SP_SLO + "?SAMLRequest=");
		String query = url.substring(url.indexOf('?') + 1);
		assertThat(query).contains("&RelayState=back%20to%20%2F%20start&SigAlg=")
			.contains(SamlBindings.urlEncode(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256));
		assertThat(SamlBindings.verifyRedirectSignature(query, idp.signingKey().certificate())).isTrue();
		assertThat(SamlBindings.verifyRedirectSignature(query.replace("RelayState=back", "RelayState=evil"),
				idp.signingKey().certificate()))
			.isFalse();
		assertThat(SamlBindings.verifyRedirectSignature(query, IdpSigningKey.generate("other").certificate())).isFalse();

		String parameter = SamlBindings.urlDecode(query.substring("SAMLRequest=".length(), query.indexOf('&')));
		ReceivedSamlMessage received = ReceivedSamlMessage.fromRedirect(parameter);
		assertThat(received.isLogoutRequest()).isTrue();
		assertThat(received.id()).isEqualTo(message.id());
		assertThat(received.nameId()).isEqualTo("ada.lovelace@example.com");
		assertThat(received.sessionIndexes()).containsExactly("_s1");
		assertThat(received.destination()).isEqualTo(SP_SLO);
		assertThat(received.issuer()).isEqualTo(idp.entityId());
		assertThat(received.xmlSigned()).isFalse();
	}

	@Test
	void unsignedRedirectHasNoSignatureParameters() {
		String query = idp.logoutResponse(SP_SLO, "_r").signed(false).buildRedirect().queryString(null);
		assertThat(query).startsWith("SAMLResponse=").doesNotContain("SigAlg").doesNotContain("RelayState");
	}

	@Test
	void logoutMessagesOnThePostBindingCarryAnXmlSignature() throws Exception {
		PostMessage response = idp.logoutResponse(SP_SLO, "_logout1").buildPost();
		LogoutResponse parsed = (LogoutResponse) SamlXml.parse(SamlBindings.postDecode(response.base64()));
		assertThat(parsed.getInResponseTo()).isEqualTo("_logout1");
		assertThat(parsed.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
		verify(parsed.getSignature(), idp.signingKey());

		PostMessage request = idp.logoutRequest(SP_SLO, "ada.lovelace@example.com")
			.signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
			.digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1)
			.buildPost();
		LogoutRequest logout = (LogoutRequest) SamlXml.parse(request.xml());
		verify(logout.getSignature(), idp.signingKey());
		assertThat(algorithms(logout.getDOM(), "DigestMethod")).containsExactly(SignatureConstants.ALGO_ID_DIGEST_SHA1);

		ReceivedSamlMessage received = ReceivedSamlMessage.fromPost(response.base64());
		assertThat(received.isLogoutResponse()).isTrue();
		assertThat(received.statusCode()).isEqualTo(StatusCode.SUCCESS);
		assertThat(received.inResponseTo()).isEqualTo("_logout1");
		assertThat(received.xmlSigned()).isTrue();
	}

	@Test
	void parsesAnAuthnRequestFromEitherBinding() {
		String xml = """
				<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
				xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_req7" Version="2.0" \
				IssueInstant="2026-01-01T00:00:00Z" Destination="https://idp.example.com/sso" \
				AssertionConsumerServiceURL="%s" \
				ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">\
				<saml:Issuer>%s</saml:Issuer></samlp:AuthnRequest>""".formatted(ACS, SP_ENTITY_ID);

		for (ReceivedSamlMessage received : List.of(ReceivedSamlMessage.fromRedirect(SamlBindings.redirectEncode(xml)),
				ReceivedSamlMessage.fromPost(SamlBindings.postEncode(xml)))) {
			assertThat(received.isAuthnRequest()).isTrue();
			assertThat(received.id()).isEqualTo("_req7");
			assertThat(received.assertionConsumerServiceUrl()).isEqualTo(ACS);
			assertThat(received.issuer()).isEqualTo(SP_ENTITY_ID);
			assertThat(received.destination()).isEqualTo("https://idp.example.com/sso");
			assertThat(received.protocolBinding()).endsWith("HTTP-POST");
		}
	}

	@Test
	void refusesDoctypesSoNoExternalEntityIsRead() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="&xxe;" Version="2.0" \
				IssueInstant="2026-01-01T00:00:00Z"/>""";
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReceivedSamlMessage.fromRedirect(SamlBindings.redirectEncode(xxe)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReceivedSamlMessage.fromPost(SamlBindings.postEncode(xxe)));
	}

	@Test
	void refusesAnInflateBomb() {
		String bomb = "<a>" + "x".repeat(SamlBindings.MAX_INFLATED_BYTES + 1) + "</a>";
		String encoded = SamlBindings.redirectEncode(bomb);
		assertThat(encoded.length()).isLessThan(2000);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SamlBindings.redirectDecode(encoded))
			.withMessageContaining("inflates to more than");
	}

	@Test
	void refusesMessagesThatAreNotSamlProtocolMessages() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReceivedSamlMessage.fromPost(SamlBindings.postEncode("<html/>")));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ReceivedSamlMessage.fromRedirect("not deflate at all"));
	}

	@Test
	void sameAssertionIdCanBeIssuedTwiceForReplayTests() {
		IssuedResponse first = idp.response(ACS, SP_ENTITY_ID).assertionId("_replayed").build();
		IssuedResponse second = idp.response(ACS, SP_ENTITY_ID).assertionId("_replayed").build();
		assertThat(first.assertionId()).isEqualTo(second.assertionId());
		assertThat(first.responseId()).isNotEqualTo(second.responseId());
		assertThatNoException().isThrownBy(() -> verify(parseResponse(second).getSignature(), idp.signingKey()));
	}

}
