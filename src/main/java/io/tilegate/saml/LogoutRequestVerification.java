package io.tilegate.saml;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.tilegate.saml.ConnectionRegistrations.ResolvedConnection;
import org.opensaml.saml.common.SAMLObject;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.core.Saml2ErrorCodes;
import org.springframework.security.saml2.core.Saml2X509Credential;

/**
 * The checks a LogoutRequest that arrives without a browser must pass before any session
 * ends: nothing but its signature says who sent it, so it must be signed by the connection's
 * IdP with an accepted algorithm, meant for Tilegate, fresh, and name a user.
 */
final class LogoutRequestVerification {

	private final IssueInstantWindow window;

	private final Clock clock;

	private final String singleLogoutUrl;

	private final Supplier<List<Saml2X509Credential>> decryption;

	LogoutRequestVerification(IssueInstantWindow window, Clock clock, String singleLogoutUrl,
			Supplier<List<Saml2X509Credential>> decryption) {
		this.window = window;
		this.clock = clock;
		this.singleLogoutUrl = singleLogoutUrl;
		this.decryption = decryption;
	}

	/** Who the request signs out, or the reason it is refused. */
	Verified verify(LogoutRequest request, ResolvedConnection connection) {
		Saml2Error signature = signatureError(request.getSignature(), connection);
		if (signature != null) {
			return Verified.refused(signature);
		}
		// SAML core §3.2.2: Destination is optional, but when present it must be where it arrived.
		if (request.getDestination() != null && !this.singleLogoutUrl.equals(request.getDestination())) {
			return Verified.refused(new Saml2Error(Saml2ErrorCodes.INVALID_DESTINATION, "LogoutRequest "
					+ request.getID() + " is for " + request.getDestination() + ", not Tilegate's single logout URL "
					+ this.singleLogoutUrl + ". Check the SP's single logout URL in the IdP (from TILEGATE_BASE_URL)."));
		}
		Saml2Error age = this.window.check(request.getIssueInstant(), "LogoutRequest");
		if (age != null) {
			return Verified.refused(age);
		}
		Instant notOnOrAfter = request.getNotOnOrAfter();
		if (notOnOrAfter != null
				&& !Instant.now(this.clock).isBefore(notOnOrAfter.plus(this.window.clockSkew()))) {
			return Verified.refused(new Saml2Error(RefusalReason.EXPIRED_LOGOUT_REQUEST, "LogoutRequest "
					+ request.getID() + " expired at " + notOnOrAfter + " (its NotOnOrAfter, SAML core §3.7.1)."));
		}
		return nameId(request);
	}

	private Saml2Error signatureError(Signature signature, ResolvedConnection connection) {
		if (signature == null) {
			return new Saml2Error(RefusalReason.UNSIGNED_LOGOUT_REQUEST, "The LogoutRequest is not signed. Over SOAP "
					+ "only its XML signature says which IdP sent it (SAML bindings §3.2.2.1); set the IdP to sign "
					+ "logout requests.");
		}
		try {
			new SAMLSignatureProfileValidator().validate(signature);
		}
		catch (SignatureException ex) {
			return new Saml2Error(Saml2ErrorCodes.INVALID_SIGNATURE,
					"The LogoutRequest's signature does not follow the SAML signature profile: " + ex.getMessage());
		}
		List<Saml2Error> weak = SignatureAlgorithmPolicy.check(signature, "LogoutRequest");
		if (!weak.isEmpty()) {
			return weak.get(0);
		}
		// Only the certificates of the connection's metadata: a key inside the message proves nothing.
		for (Saml2X509Credential trusted : connection.registration()
			.getAssertingPartyMetadata()
			.getVerificationX509Credentials()) {
			try {
				SignatureValidator.validate(signature, new BasicX509Credential(trusted.getCertificate()));
				return null;
			}
			catch (SignatureException ex) {
				// try the next certificate: an IdP rolling its key publishes two
			}
		}
		return new Saml2Error(Saml2ErrorCodes.INVALID_SIGNATURE, "The LogoutRequest's signature does not verify "
				+ "with any certificate in connection " + connection.id() + "'s metadata. If the IdP changed its "
				+ "signing key, update the connection's metadata.");
	}

	private Verified nameId(LogoutRequest request) {
		if (request.getNameID() != null && hasText(request.getNameID().getValue())) {
			return Verified.of(request.getNameID().getValue());
		}
		if (request.getEncryptedID() != null) {
			Decrypter decrypter = SpKeyDecryption.decrypter(this.decryption.get(), request.getEncryptedID());
			try {
				SAMLObject decrypted = decrypter.decrypt(request.getEncryptedID());
				if (decrypted instanceof NameID nameId && hasText(nameId.getValue())) {
					return Verified.of(nameId.getValue());
				}
			}
			catch (Exception ex) {
				// Broad: OpenSAML reports a key or algorithm it cannot use in several ways.
				return Verified.refused(new Saml2Error(Saml2ErrorCodes.DECRYPTION_ERROR, "The LogoutRequest's "
						+ "EncryptedID cannot be decrypted with Tilegate's key (" + ex.getMessage() + "). The IdP "
						+ "must encrypt with the certificate in Tilegate's SP metadata."));
			}
		}
		return Verified.refused(new Saml2Error(RefusalReason.MISSING_NAME_ID, "The LogoutRequest names no user: "
				+ "it has no NameID (or an EncryptedID that holds one), which SAML core §3.7.1 requires."));
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/** The NameID to sign out, or why not. */
	record Verified(String nameId, Saml2Error error) {

		static Verified of(String nameId) {
			return new Verified(nameId, null);
		}

		static Verified refused(Saml2Error error) {
			return new Verified(null, error);
		}

	}

}
