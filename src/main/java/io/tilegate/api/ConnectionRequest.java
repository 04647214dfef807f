package io.tilegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tilegate.connections.ConnectionSettings;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;

/**
 * What an admin sends to create or change a connection: either the IdP's metadata XML as the
 * body, or {@code {"id", "metadataXml" | "metadataUrl", "preset", "allowIdpInitiated",
 * "linkByEmail", "samlUpdatesScimManaged", "attributes": {field: attribute}, "adminGroups": [name],
 * "displayName", "maxSessionAgeMinutes", "emailDomains": [domain]}}. An absent value stays as it is (or takes the default on
 * a new connection).
 *
 * @param attributes per-field overrides of the preset; replaces all of the connection's overrides
 * @param adminGroups groups whose members sign in as admins; replaces the connection's list
 * @param displayName what the sign-in buttons say; {@code ""} shows the connection id again
 * @param maxSessionAgeMinutes the longest a session signed in through the connection lasts;
 * {@code 0} goes back to the user session timeout
 * @param emailDomains the email domains the IdP owns, in which a sign-in may be linked to an
 * existing user by email; replaces the connection's list
 */
record ConnectionRequest(String id, String metadataXml, String metadataUrl, String preset, Boolean allowIdpInitiated,
		Boolean linkByEmail, Boolean samlUpdatesScimManaged, Map<String, String> attributes, List<String> adminGroups,
		String displayName, Long maxSessionAgeMinutes, List<String> emailDomains) {

	/**
	 * Reads the body: XML when the content type says so, JSON otherwise (so {@code curl -d}
	 * works without a header). Read from the stream, capped, so a huge upload is a clear 413
	 * rather than a server running out of memory.
	 */
	static ConnectionRequest read(InputStream stream, String contentType, long contentLength, long maxSize,
			ObjectMapper json) {
		if (contentLength > maxSize) {
			throw tooLarge(maxSize);
		}
		byte[] body;
		try {
			body = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
		}
		catch (IOException ex) {
			throw ApiException.badRequest("The body could not be read: " + ex.getMessage());
		}
		if (body.length > maxSize) {
			throw tooLarge(maxSize);
		}
		if (isXml(contentType)) {
			return new ConnectionRequest(null, new String(body, StandardCharsets.UTF_8), null, null, null, null, null,
					null, null, null, null, null);
		}
		if (new String(body, StandardCharsets.UTF_8).isBlank()) {
			throw ApiException.badRequest("The body is empty; send the IdP's metadata XML (Content-Type: "
					+ "application/xml) or a JSON object with metadataXml or metadataUrl.");
		}
		try {
			ConnectionRequest request = json.readerFor(ConnectionRequest.class)
				.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.readValue(body);
			if (request == null) {
				throw ApiException.badRequest("The body is JSON null, not a connection.");
			}
			return request;
		}
		catch (UnrecognizedPropertyException ex) {
			throw ApiException.badRequest("Unknown property '" + ex.getPropertyName() + "'; a connection takes id, "
					+ "metadataXml, metadataUrl, preset, allowIdpInitiated, linkByEmail, samlUpdatesScimManaged, "
					+ "attributes, adminGroups, displayName, maxSessionAgeMinutes and emailDomains.");
		}
		catch (JsonProcessingException ex) {
			throw ApiException.badRequest("The body is neither metadata XML (send it with Content-Type: "
					+ "application/xml) nor a JSON connection: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw ApiException.badRequest("The body could not be read: " + ex.getMessage());
		}
	}

	private static boolean isXml(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml");
		}
		catch (InvalidMimeTypeException ex) {
			return false;
		}
	}

	private static ApiException tooLarge(long maxSize) {
		return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + maxSize
				+ " bytes; IdP metadata is a few kilobytes. Download it again from the IdP's SAML setup page.");
	}

	/** @throws ApiException when the body asks for two sources of metadata */
	ConnectionSettings settings(String fetchedXml) {
		if (this.metadataXml != null && this.metadataUrl != null) {
			throw ApiException.badRequest("Give either metadataXml or metadataUrl, not both.");
		}
		if (this.maxSessionAgeMinutes != null && this.maxSessionAgeMinutes < 0) {
			throw ApiException.badRequest("maxSessionAgeMinutes is a number of minutes from 1 to 43200 (30 days), or 0 "
					+ "for the user session timeout; " + this.maxSessionAgeMinutes + " is not.");
		}
		return new ConnectionSettings((fetchedXml != null) ? fetchedXml : this.metadataXml, this.preset,
				this.attributes, this.allowIdpInitiated, this.linkByEmail, this.samlUpdatesScimManaged, this.adminGroups,
				this.displayName,
				(this.maxSessionAgeMinutes != null) ? Duration.ofMinutes(Math.min(this.maxSessionAgeMinutes, 1L << 40))
						: null,
				this.emailDomains);
	}

}
