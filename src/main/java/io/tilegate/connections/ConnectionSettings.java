package io.tilegate.connections;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a caller may set on a connection; {@code null} leaves a value as it is (or takes the
 * default for a new connection).
 *
 * @param metadataXml the IdP's SAML metadata
 * @param preset attribute-name preset: okta, onelogin or entra
 * @param attributeOverrides field key to attribute name, replacing the preset's for that field
 * @param adminGroups groups whose members get the admin role when they sign in through the
 * connection
 * @param displayName what the sign-in buttons call the connection ("Acme Okta"); blank shows
 * the connection id again
 * @param maxSessionAge the longest a session signed in through the connection lasts, however
 * busy; {@link Duration#ZERO} goes back to the default, the user session timeout
 * @param emailDomains the email domains the IdP owns, replacing the connection's list: only
 * these are linked by email
 */
public record ConnectionSettings(String metadataXml, String preset, Map<String, String> attributeOverrides,
		Boolean allowIdpInitiated, Boolean linkByEmail, Boolean samlUpdatesScimManaged, List<String> adminGroups,
		String displayName, Duration maxSessionAge, List<String> emailDomains) {

	public ConnectionSettings(String metadataXml, String preset, Map<String, String> attributeOverrides,
			Boolean allowIdpInitiated, Boolean linkByEmail, Boolean samlUpdatesScimManaged, List<String> adminGroups,
			String displayName) {
		this(metadataXml, preset, attributeOverrides, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged, adminGroups,
				displayName, null, null);
	}

	public ConnectionSettings(String metadataXml, String preset, Map<String, String> attributeOverrides,
			Boolean allowIdpInitiated, Boolean linkByEmail, Boolean samlUpdatesScimManaged, List<String> adminGroups) {
		this(metadataXml, preset, attributeOverrides, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged, adminGroups,
				null);
	}

	public ConnectionSettings(String metadataXml, String preset, Map<String, String> attributeOverrides,
			Boolean allowIdpInitiated, Boolean linkByEmail, Boolean samlUpdatesScimManaged) {
		this(metadataXml, preset, attributeOverrides, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged, null);
	}

	public static ConnectionSettings metadataOnly(String metadataXml) {
		return new ConnectionSettings(metadataXml, null, null, null, null, null, null, null, null, null);
	}

}
