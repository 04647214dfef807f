package io.tilegate.saml;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.security.saml2.core.Saml2Error;

/**
 * Refuses signatures made or digested with SHA-1 (or anything else off the list): SHA-1
 * collisions are practical, and OpenSAML 4.0.1 as Spring configures it accepts RSA-SHA1.
 */
final class SignatureAlgorithmPolicy {

	private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
			SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
			SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
			SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);

	private static final Set<String> DIGEST_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_DIGEST_SHA256,
			SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512);

	private SignatureAlgorithmPolicy() {
	}

	/** The errors for one signature; empty when it is absent or acceptable. */
	static List<Saml2Error> check(Signature signature, String what) {
		List<Saml2Error> errors = new ArrayList<>();
		if (signature == null) {
			return errors;
		}
		String algorithm = signature.getSignatureAlgorithm();
		if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
			errors.add(new Saml2Error(RefusalReason.WEAK_ALGORITHM, "The " + what + " is signed with " + algorithm
					+ ", which Tilegate does not accept. Set the IdP's signature algorithm to RSA-SHA256."));
		}
		Element dom = signature.getDOM();
		if (dom != null) {
			NodeList digests = dom.getElementsByTagNameNS(SignatureConstants.XMLSIG_NS, "DigestMethod");
			for (int i = 0; i < digests.getLength(); i++) {
				String digest = ((Element) digests.item(i)).getAttribute("Algorithm");
				if (!DIGEST_ALGORITHMS.contains(digest)) {
					errors.add(new Saml2Error(RefusalReason.WEAK_ALGORITHM, "The " + what + "'s signature uses digest "
							+ digest + ", which Tilegate does not accept. Set the IdP's digest algorithm to SHA-256."));
				}
			}
		}
		return errors;
	}

}
