package io.tilegate.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.security.SecurityException;
import org.opensaml.xmlsec.SignatureSigningParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.SignableXMLObject;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureSupport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.security.saml2.core.OpenSamlInitializationService;

/** OpenSAML plumbing shared by the issuer's builders: build, sign, marshal and parse. */
final class SamlXml {

	static {
		// Spring's initializer, not InitializationService directly: it installs the same
		// hardened parser pool that the service provider side parses with.
		OpenSamlInitializationService.initialize();
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private SamlXml() {
	}

	/** Makes sure OpenSAML is initialised; cheap after the first call. */
	static void initialize() {
		// the static initializer has run by now
	}

	/** A new SAML ID: xs:ID must be an NCName, so it cannot start with a digit (SAML core §1.3.4). */
	static String newId() {
		byte[] bytes = new byte[20];
		RANDOM.nextBytes(bytes);
		return "_" + HexFormat.of().formatHex(bytes);
	}

	@SuppressWarnings("unchecked")
	static <T extends XMLObject> T build(QName elementName) {
		XMLObjectBuilder<T> builder = (XMLObjectBuilder<T>) XMLObjectProviderRegistrySupport.getBuilderFactory()
			.getBuilderOrThrow(elementName);
		return builder.buildObject(elementName);
	}

	@SuppressWarnings("unchecked")
	static <T extends XMLObject> T build(QName elementName, QName type) {
		XMLObjectBuilder<T> builder = (XMLObjectBuilder<T>) XMLObjectProviderRegistrySupport.getBuilderFactory()
			.getBuilderOrThrow(type);
		return builder.buildObject(elementName, type);
	}

	static Issuer issuer(String entityId) {
		Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
		issuer.setValue(entityId);
		return issuer;
	}

	static Status status(String code) {
		Status status = build(Status.DEFAULT_ELEMENT_NAME);
		StatusCode statusCode = build(StatusCode.DEFAULT_ELEMENT_NAME);
		statusCode.setValue(code);
		status.setStatusCode(statusCode);
		return status;
	}

	/** Signs an enveloped XML signature over the object (XML-DSig with exclusive c14n, SAML core §5.4). */
	static void sign(SignableXMLObject object, IdpSigningKey key, String signatureAlgorithm, String digestAlgorithm) {
		SignatureSigningParameters parameters = new SignatureSigningParameters();
		parameters.setSigningCredential(key.credential());
		parameters.setSignatureAlgorithm(signatureAlgorithm);
		parameters.setSignatureReferenceDigestMethod(digestAlgorithm);
		parameters.setSignatureCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
		X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
		keyInfo.setEmitEntityCertificate(true);
		parameters.setKeyInfoGenerator(keyInfo.newInstance());
		try {
			SignatureSupport.signObject(object, parameters);
		}
		catch (SecurityException | MarshallingException | SignatureException ex) {
			throw new IllegalStateException("Could not sign " + object.getElementQName().getLocalPart(), ex);
		}
	}

	static Element marshal(XMLObject object) {
		if (object.getDOM() != null) {
			return object.getDOM();
		}
		try {
			return XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object).marshall(object);
		}
		catch (MarshallingException ex) {
			throw new IllegalStateException("Could not marshal " + object.getElementQName().getLocalPart(), ex);
		}
	}

	/** The object as XML text; never pretty-printed, which would break its signatures. */
	static String toXml(XMLObject object) {
		return SerializeSupport.nodeToString(marshal(object));
	}

	/**
	 * Parses with OpenSAML's shared parser pool, which refuses DOCTYPE declarations and so
	 * every XXE and entity-expansion attack.
	 */
	static XMLObject parse(String xml) {
		try {
			Document document = XMLObjectProviderRegistrySupport.getParserPool()
				.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
			Element root = document.getDocumentElement();
			Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
			if (unmarshaller == null) {
				throw new IllegalArgumentException("Not a SAML message: unknown root element " + root.getLocalName());
			}
			return unmarshaller.unmarshall(root);
		}
		catch (XMLParserException | UnmarshallingException ex) {
			throw new IllegalArgumentException("Not a well-formed SAML message: " + ex.getMessage(), ex);
		}
	}

}
