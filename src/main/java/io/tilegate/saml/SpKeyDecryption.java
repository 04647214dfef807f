package io.tilegate.saml;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.EncryptedElementType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.credential.CredentialSupport;
import org.opensaml.xmlsec.encryption.EncryptedKey;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.keyinfo.impl.CollectionKeyInfoCredentialResolver;

import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException;

/**
 * Decrypts with the SP key the IdP encrypted to, tried first. During a key rollover two SP keys
 * decrypt, and OpenSAML tries them in turn, logging four ERROR lines for each key that is not
 * the one used. An IdP usually names the certificate it encrypted to in the {@code EncryptedKey}'s
 * {@code KeyInfo} (the demo IdP does): that key goes first, and the log stays quiet. One that
 * names none gets every key in the order of the metadata.
 */
final class SpKeyDecryption {

	private static final ChainingEncryptedKeyResolver ENCRYPTED_KEYS = new ChainingEncryptedKeyResolver(
			Arrays.asList(new InlineEncryptedKeyResolver(), new EncryptedElementTypeEncryptedKeyResolver(),
					new SimpleRetrievalMethodEncryptedKeyResolver()));

	private SpKeyDecryption() {
	}

	/**
	 * The encrypted assertions of a response Spring Security has checked the signature of, as
	 * its own decrypter does them, with the same error when one cannot be decrypted.
	 */
	static Consumer<ResponseToken> responseElements() {
		return (token) -> {
			Response response = token.getResponse();
			Collection<Saml2X509Credential> keys = token.getToken()
				.getRelyingPartyRegistration()
				.getDecryptionX509Credentials();
			for (EncryptedAssertion encrypted : response.getEncryptedAssertions()) {
				try {
					response.getAssertions().add((Assertion) decrypter(keys, encrypted).decrypt(encrypted));
				}
				catch (Exception ex) {
					throw new Saml2AuthenticationException(
							new Saml2Error(Saml2ErrorCodes.DECRYPTION_ERROR, ex.getMessage()), ex);
				}
			}
		};
	}

	/** A decrypter for this element that tries the key its IdP named first. */
	static Decrypter decrypter(Collection<Saml2X509Credential> keys, EncryptedElementType encrypted) {
		Decrypter decrypter = new Decrypter(null, new CollectionKeyInfoCredentialResolver(inOrder(keys, encrypted)),
				ENCRYPTED_KEYS);
		decrypter.setRootInNewDocument(true);
		return decrypter;
	}

	static List<Credential> inOrder(Collection<Saml2X509Credential> keys, EncryptedElementType encrypted) {
		Set<X509Certificate> named = namedCertificates(encrypted);
		List<Credential> first = new ArrayList<>();
		List<Credential> then = new ArrayList<>();
		for (Saml2X509Credential key : keys) {
			Credential credential = CredentialSupport.getSimpleCredential(key.getCertificate(), key.getPrivateKey());
			(named.contains(key.getCertificate()) ? first : then).add(credential);
		}
		first.addAll(then);
		return first;
	}

	private static Set<X509Certificate> namedCertificates(EncryptedElementType encrypted) {
		Set<X509Certificate> named = new HashSet<>();
		if (encrypted.getEncryptedData() == null) {
			return named;
		}
		for (EncryptedKey key : ENCRYPTED_KEYS.resolve(encrypted.getEncryptedData())) {
			if (key.getKeyInfo() == null) {
				continue;
			}
			try {
				named.addAll(KeyInfoSupport.getCertificates(key.getKeyInfo()));
			}
			catch (CertificateException ex) {
				// A certificate that does not parse names no key: every key is tried, as before.
			}
		}
		return named;
	}

}
