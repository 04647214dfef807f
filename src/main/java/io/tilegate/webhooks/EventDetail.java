package io.tilegate.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An event's detail as the log wrote it, read as JSON the first time something asks for it:
 * most events go out as the resource they name (a user.created carries the user, not its
 * detail), and parsing a detail no one reads was 8% of what the outbox cost a SCIM
 * create.
 */
final class EventDetail {

	private final String text;

	private final ObjectMapper json;

	private JsonNode tree;

	EventDetail(String text, ObjectMapper json) {
		this.text = text;
		this.json = json;
	}

	/** The detail's JSON object, or a missing node when it is absent, not an object, or not JSON. */
	JsonNode tree() {
		if (this.tree == null) {
			this.tree = parse();
		}
		return this.tree;
	}

	private JsonNode parse() {
		if (this.text == null || !this.text.startsWith("{")) {
			return MissingNode.getInstance();
		}
		try {
			return this.json.readTree(this.text);
		}
		catch (JsonProcessingException ex) {
			return MissingNode.getInstance();
		}
	}

}
