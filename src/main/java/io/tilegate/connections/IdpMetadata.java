package io.tilegate.connections;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.xml.sax.SAXParseException;

import org.springframework.security.saml2.Saml2Exception;
import org.springframework.security.saml2.core.Saml2X509Credential;
import org.springframework.security.saml2.provider.service.registration.AssertingPartyMetadata;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration;
import org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrations;

/**
 * An IdP's SAML metadata, read and checked: it must be one identity provider with an SSO
 * endpoint and at least one signing certificate, or nothing can be trusted from it.
 */
public final class IdpMetadata {

	/** Metadata is a few kilobytes; a megabyte is a mistake or an attack. */
	public static final int MAX_METADATA_CHARS = 1_000_000;

	private final String xml;

	private final AssertingPartyMetadata assertingParty;

	private IdpMetadata(String xml, AssertingPartyMetadata assertingParty) {
		this.xml = xml;
		this.assertingParty = assertingParty;
	}

	public static IdpMetadata parse(String xml) {
		if (xml == null || xml.isBlank()) {
			throw new InvalidConnectionException("The metadata is empty.");
		}
		if (xml.length() > MAX_METADATA_CHARS) {
			throw new InvalidConnectionException("The metadata is larger than 1 MB; IdP metadata is a few kilobytes. "
					+ "Download it again from the IdP's SAML setup page.");
		}
		RelyingPartyRegistration.Builder builder;
		try {
			builder = RelyingPartyRegistrations
				.fromMetadata(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Saml2Exception | IllegalArgumentException ex) {
			if (String.valueOf(ex.getMessage()).contains("missing verification certificates")) {
				throw noSigningCertificate();
			}
			SAXParseException unreadable = unreadableXml(ex);
			if (unreadable != null) {
				throw new InvalidConnectionException(notXml(xml, unreadable), ex);
			}
			throw new InvalidConnectionException("This is not SAML IdP metadata: " + reason(ex), ex);
		}
		catch (RuntimeException ex) {
			throw new InvalidConnectionException("The metadata could not be read: " + reason(ex), ex);
		}
		AssertingPartyMetadata party = builder.registrationId("check").build().getAssertingPartyMetadata();
		if (party.getSingleSignOnServiceLocation() == null || party.getSingleSignOnServiceLocation().isBlank()) {
			throw new InvalidConnectionException(
					"The metadata names no SingleSignOnService endpoint, so users could not be sent to sign in.");
		}
		boolean canVerify = party.getVerificationX509Credentials()
			.stream()
			.anyMatch(Saml2X509Credential::isVerificationCredential);
		if (!canVerify) {
			throw noSigningCertificate();
		}
		return new IdpMetadata(xml, party);
	}

	private static InvalidConnectionException noSigningCertificate() {
		return new InvalidConnectionException("The metadata has no signing certificate (KeyDescriptor use=\"signing\"), "
				+ "so no response could be verified. Download the metadata again after the IdP app has a certificate.");
	}

	/**
	 * What the admin can do about metadata the XML reader gave up on, in place of the reader's
	 * own words ("Content is not allowed in prolog"), which mean nothing to them. The line is
	 * kept: it is where to look in the file.
	 */
	private static String notXml(String xml, SAXParseException ex) {
		String again = " Download the metadata again from the IdP's SAML set-up page";
		String where = (ex.getLineNumber() > 0) ? " (the XML reader stopped at line " + ex.getLineNumber() + ")" : "";
		if (String.valueOf(ex.getMessage()).contains("DOCTYPE")) {
			return "The metadata has a DOCTYPE declaration, which Tilegate refuses: it can make an XML reader fetch "
					+ "files or expand entities without end. IdP metadata has none:" + again + ".";
		}
		if (!xml.strip().startsWith("<")) {
			return "This file is not XML." + again + where + ".";
		}
		return "This file is not whole, well-formed XML" + where + "." + again
				+ " and upload it as it is, without editing it.";
	}

	private static SAXParseException unreadableXml(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SAXParseException parse) {
				return parse;
			}
		}
		return null;
	}

	private static String reason(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
		return message.length() > 300 ? message.substring(0, 300) + "…" : message;
	}

	public String xml() {
		return this.xml;
	}

	public String entityId() {
		return this.assertingParty.getEntityId();
	}

	/** The certificates the IdP signs with, each once, in the metadata's order. */
	public List<SigningCertificate> signingCertificates() {
		return this.assertingParty.getVerificationX509Credentials()
			.stream()
			.filter(Saml2X509Credential::isVerificationCredential)
			.map((credential) -> SigningCertificate.of(credential.getCertificate()))
			.distinct()
			.toList();
	}

	/** A fresh registration builder for this metadata, to be completed with the SP's side. */
	public RelyingPartyRegistration.Builder registrationBuilder() {
		return RelyingPartyRegistration.withAssertingPartyMetadata(this.assertingParty);
	}

}
