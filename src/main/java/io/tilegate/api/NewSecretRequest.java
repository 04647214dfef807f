package io.tilegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The optional body that creates a SCIM token or an API key:
 * {@code {"label": "Okta provisioning", "expiresAt": "2027-06-30"}}.
 *
 * @param label what the admin calls it in lists and in the event log
 * @param expiresAt an ISO date (meaning 00:00 UTC that day) or an ISO instant; absent for the default
 */
record NewSecretRequest(String label, String expiresAt) {

	private static final NewSecretRequest NONE = new NewSecretRequest(null, null);

	private static final int MAX_BODY = 16 * 1024;

	/**
	 * Reads the body whatever its content type, so {@code curl -d '{...}'} works without a
	 * header; an empty body asks for the defaults. Read from the stream, not as a Spring
	 * {@code @RequestBody}: for a form content type Spring would rebuild the body from form
	 * parameters and mangle the JSON.
	 */
	static NewSecretRequest read(InputStream stream, ObjectMapper json) {
		try {
			byte[] body = stream.readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				throw ApiException.badRequest("The body has more than " + MAX_BODY + " bytes; it only needs a label and "
						+ "an expiry.");
			}
			if (new String(body, StandardCharsets.UTF_8).isBlank()) {
				return NONE;
			}
			NewSecretRequest request = json.readValue(body, NewSecretRequest.class);
			return (request != null) ? request : NONE;
		}
		catch (JsonProcessingException ex) {
			throw ApiException.badRequest("The body is not a JSON object like {\"label\":\"...\",\"expiresAt\":"
					+ "\"2027-06-30\"}: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw ApiException.badRequest("The body could not be read: " + ex.getMessage());
		}
	}

	/** The expiry asked for, or {@code null} for the default. */
	Instant expiry() {
		if (this.expiresAt == null || this.expiresAt.isBlank()) {
			return null;
		}
		String value = this.expiresAt.trim();
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeException ex) {
			throw ApiException.badRequest("expiresAt '" + value + "' is neither an ISO date (2027-06-30) nor an ISO "
					+ "instant (2027-06-30T00:00:00Z).");
		}
	}

}
