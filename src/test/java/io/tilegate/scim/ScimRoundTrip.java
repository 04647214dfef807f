package io.tilegate.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client reads back what it wrote: every attribute of a body sent, in the resource read
 * afterwards, with the same value. What the server adds (the manager's displayName, meta) may
 * be there too; what the RFC lets a server ignore in a body (id, meta, groups, schemas) and
 * the never-stored password are not compared.
 */
final class ScimRoundTrip {

	private static final Set<String> NOT_KEPT = Set.of("id", "meta", "groups", "schemas", "password");

	private ScimRoundTrip() {
	}

	static JsonNode json(String body) {
		try {
			return new ObjectMapper().readTree(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void assertReadsBack(JsonNode sent, JsonNode read) {
		Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (!NOT_KEPT.contains(field.getKey()) && !isEmpty(field.getValue())) {
				assertContains(field.getKey(), field.getValue(), read.get(field.getKey()));
			}
		}
	}

	private static void assertContains(String path, JsonNode sent, JsonNode read) {
		assertThat(read).as(path + " was sent but is not read back").isNotNull();
		if (sent.isObject()) {
			assertThat(read.isObject()).as(path + " reads back as " + read).isTrue();
			sent.fields().forEachRemaining((field) -> assertContains(path + "." + field.getKey(), field.getValue(),
					read.get(field.getKey())));
		}
		else if (sent.isArray()) {
			assertThat(read.size()).as(path + " reads back as " + read).isEqualTo(sent.size());
			for (int i = 0; i < sent.size(); i++) {
				assertContains(path + "[" + i + "]", sent.get(i), read.get(i));
			}
		}
		else {
			assertThat(read).as(path).isEqualTo(sent);
		}
	}

	private static boolean isEmpty(JsonNode value) {
		return value.isNull() || (value.isContainerNode() && value.isEmpty());
	}

}
