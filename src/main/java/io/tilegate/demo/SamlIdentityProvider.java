package io.tilegate.demo;

import java.util.ArrayList;
import java.util.List;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.SecurityException;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.KeyInfo;

/**
 * A SAML 2.0 identity provider that issues real signed messages: the demo IdP's engine, and
 * what integration tests use to forge good and deliberately bad responses. Plain Java, no
 * Spring, immutable; every message is made by a fresh builder.
 *
 * <pre>
 * SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.test/metadata",
 *         "https://idp.test/sso", "https://idp.test/slo");
 * String samlResponse = idp.response(acsUrl, spEntityId).nameId("ada@example.com").build().base64();
 * </pre>
 */
public final class SamlIdentityProvider {

	private final String entityId;

	private final String singleSignOnUrl;

	private final String singleLogoutUrl;

	private final List<IdpSigningKey> signingKeys;

	/**
	 * @param signingKeys at least one; the first signs by default, all are published in metadata
	 */
	public SamlIdentityProvider(String entityId, String singleSignOnUrl, String singleLogoutUrl,
			List<IdpSigningKey> signingKeys) {
		if (signingKeys == null || signingKeys.isEmpty()) {
			throw new IllegalArgumentException("An identity provider needs at least one signing key");
		}
		SamlXml.initialize();
		this.entityId = entityId;
		this.singleSignOnUrl = singleSignOnUrl;
		this.singleLogoutUrl = singleLogoutUrl;
		this.signingKeys = List.copyOf(signingKeys);
	}

	/** An identity provider with a freshly generated RSA-2048 key and self-signed certificate. */
	public static SamlIdentityProvider create(String entityId, String singleSignOnUrl, String singleLogoutUrl) {
		return new SamlIdentityProvider(entityId, singleSignOnUrl, singleLogoutUrl,
				List.of(IdpSigningKey.generate(commonName(entityId))));
	}

	/**
	 * The same identity provider with one more, freshly generated, signing key published in
	 * its metadata: an IdP in the middle of a certificate rollover (SAML metadata §2.4.1.1
	 * allows several signing KeyDescriptors). The current key still signs by default; sign
	 * with {@code signingKeys().get(1)} to act as the IdP after the switch.
	 */
	public SamlIdentityProvider withRolloverKey() {
		List<IdpSigningKey> keys = new ArrayList<>(this.signingKeys);
		keys.add(IdpSigningKey.generate(commonName(this.entityId) + " rollover"));
		return new SamlIdentityProvider(this.entityId, this.singleSignOnUrl, this.singleLogoutUrl, keys);
	}

	public String entityId() {
		return this.entityId;
	}

	public String singleSignOnUrl() {
		return this.singleSignOnUrl;
	}

	public String singleLogoutUrl() {
		return this.singleLogoutUrl;
	}

	/** The key that signs unless a builder is told otherwise. */
	public IdpSigningKey signingKey() {
		return this.signingKeys.get(0);
	}

	/** Every key published in metadata, the default signing key first. */
	public List<IdpSigningKey> signingKeys() {
		return this.signingKeys;
	}

	/**
	 * A response to the service provider's assertion consumer service, valid and signed
	 * (response and assertion) until a knob says otherwise.
	 * @param acsUrl becomes Destination and SubjectConfirmationData@Recipient
	 * @param audience the SP's entity ID
	 */
	public SamlResponseBuilder response(String acsUrl, String audience) {
		return new SamlResponseBuilder(this, acsUrl, audience);
	}

	/** An IdP-initiated LogoutRequest (SAML core §3.7.1) to the SP's single logout URL. */
	public LogoutRequestBuilder logoutRequest(String spSingleLogoutUrl, String nameId) {
		return new LogoutRequestBuilder(this, spSingleLogoutUrl, nameId);
	}

	/** The answer to an SP's LogoutRequest (SAML core §3.7.2). */
	public LogoutResponseBuilder logoutResponse(String spSingleLogoutUrl, String inResponseTo) {
		return new LogoutResponseBuilder(this, spSingleLogoutUrl, inResponseTo);
	}

	/**
	 * The IdP's metadata (SAML metadata §2.4.3): one signing KeyDescriptor per key, SSO and
	 * SLO on both browser bindings, Redirect first because Spring Security uses the first one
	 * it lists.
	 */
	public String metadataXml(boolean wantAuthnRequestsSigned) {
		EntityDescriptor entity = SamlXml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
		entity.setEntityID(this.entityId);
		IDPSSODescriptor idp = SamlXml.build(IDPSSODescriptor.DEFAULT_ELEMENT_NAME);
		idp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
		idp.setWantAuthnRequestsSigned(wantAuthnRequestsSigned);
		for (IdpSigningKey key : this.signingKeys) {
			KeyDescriptor descriptor = SamlXml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
			descriptor.setUse(UsageType.SIGNING);
			descriptor.setKeyInfo(keyInfo(key));
			idp.getKeyDescriptors().add(descriptor);
		}
		for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
			SingleLogoutService slo = SamlXml.build(SingleLogoutService.DEFAULT_ELEMENT_NAME);
			slo.setBinding(binding);
			slo.setLocation(this.singleLogoutUrl);
			idp.getSingleLogoutServices().add(slo);
		}
		NameIDFormat format = SamlXml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
		format.setURI(NameIDType.EMAIL);
		idp.getNameIDFormats().add(format);
		for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
			SingleSignOnService sso = SamlXml.build(SingleSignOnService.DEFAULT_ELEMENT_NAME);
			sso.setBinding(binding);
			sso.setLocation(this.singleSignOnUrl);
			idp.getSingleSignOnServices().add(sso);
		}
		entity.getRoleDescriptors().add(idp);
		return SamlXml.toXml(entity);
	}

	private static KeyInfo keyInfo(IdpSigningKey key) {
		X509KeyInfoGeneratorFactory factory = new X509KeyInfoGeneratorFactory();
		factory.setEmitEntityCertificate(true);
		try {
			return factory.newInstance().generate(key.verificationCredential());
		}
		catch (SecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String commonName(String entityId) {
		String name = entityId.replaceFirst("^[a-z]+://", "");
		return name.length() > 60 ? name.substring(0, 60) : name;
	}

}
