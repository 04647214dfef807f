package io.tilegate.scim;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;

import org.springframework.http.MediaType;

/**
 * How SCIM bodies are read: any content type (OneLogin and some agents send
 * {@code application/json}), parsed by the SCIM library's case-insensitive reader, and a
 * body that is not a JSON object is {@code invalidSyntax} (RFC 7644 §3.12).
 */
public final class ScimJson {

	public static final String MEDIA_TYPE_VALUE = "application/scim+json";

	public static final MediaType MEDIA_TYPE = MediaType.parseMediaType(MEDIA_TYPE_VALUE);

	private ScimJson() {
	}

	public static ObjectNode readObject(byte[] body) throws BadRequestException {
		if (body == null || body.length == 0) {
			throw BadRequestException.invalidSyntax("The request has no body; send a JSON object.");
		}
		JsonNode node;
		try {
			node = JsonUtils.getObjectReader().readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw BadRequestException.invalidSyntax("The body is not valid JSON: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw BadRequestException.invalidSyntax("The body could not be read: " + ex.getMessage());
		}
		if (node == null || !node.isObject()) {
			throw BadRequestException.invalidSyntax("The body must be a JSON object.");
		}
		return (ObjectNode) node;
	}

}
