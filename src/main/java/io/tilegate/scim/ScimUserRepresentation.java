package io.tilegate.scim;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.UserEntry;

import org.springframework.stereotype.Component;

/**
 * A directory user as a SCIM User resource (RFC 7643 §4.1, §4.3), with Tilegate's extension
 * for the hire date and the custom fields: the directory's columns, and what the client sent
 * beside them as it sent it. Attributes without a value are left out.
 */
@Component
public class ScimUserRepresentation {

	public static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

	public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	public static final String TILEGATE = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User";

	/** The extensions whose attributes sit in an object named after them. */
	public static final Set<String> EXTENSIONS = Set.of(ENTERPRISE, TILEGATE);

	private final String users;

	ScimUserRepresentation(TilegateProperties properties) {
		this.users = properties.base() + "/scim/v2/Users/";
	}

	/** The user's URL, from the configured base URL and never from the request. */
	public String location(UUID id) {
		return this.users + id;
	}

	public ObjectNode render(UserEntry user) {
		ObjectNode resource = JsonUtils.getJsonNodeFactory().objectNode();
		ObjectNode keptAsSent = keptAsSent(user);
		ArrayNode schemas = resource.putArray("schemas").add(CORE);
		resource.put("id", user.id().toString());
		putText(resource, "externalId", user.externalId());
		resource.put("userName", user.userName());
		ObjectNode name = keptAsSent.has("name") ? (ObjectNode) keptAsSent.get("name") : object();
		putText(name, "givenName", user.firstName());
		putText(name, "familyName", user.lastName());
		if (!name.isEmpty()) {
			resource.set("name", name);
		}
		putText(resource, "displayName", user.displayName());
		putText(resource, "title", user.title());
		resource.put("active", user.active());
		keptAsSent.remove("name");
		resource.setAll(keptAsSent);
		putProfileValue(resource, "emails", user.email(), "work");
		putProfileValue(resource, "phoneNumbers", user.phone(), "work");
		putProfileValue(resource, "photos", user.photoUrl(), "photo");
		putOfficeAddress(resource, user.officeAddress());
		if (!user.groups().isEmpty()) {
			ArrayNode groups = resource.putArray("groups");
			for (UserEntry.Group group : user.groups()) {
				groups.addObject().put("value", group.id().toString()).put("display", group.displayName());
			}
		}
		ObjectNode enterprise = JsonUtils.getJsonNodeFactory().objectNode();
		putText(enterprise, "employeeNumber", user.employeeNumber());
		putText(enterprise, "costCenter", user.costCenter());
		putText(enterprise, "organization", user.company());
		putText(enterprise, "division", user.division());
		putText(enterprise, "department", user.department());
		if (user.manager() != null) {
			enterprise.putObject("manager")
				.put("value", user.manager().id().toString())
				.put("displayName", user.manager().displayName());
		}
		else if (user.pendingManager() != null) {
			// The reference as the client sent it, so that a PATCH of anything else keeps it.
			enterprise.putObject("manager").put("value", user.pendingManager());
		}
		if (!enterprise.isEmpty()) {
			schemas.add(ENTERPRISE);
			resource.set(ENTERPRISE, enterprise);
		}
		ObjectNode tilegate = JsonUtils.getJsonNodeFactory().objectNode();
		if (user.hireDate() != null) {
			tilegate.put("hireDate", user.hireDate().toString());
		}
		for (Map.Entry<String, String> value : user.customValues().entrySet()) {
			tilegate.put(value.getKey(), value.getValue());
		}
		if (!tilegate.isEmpty()) {
			schemas.add(TILEGATE);
			resource.set(TILEGATE, tilegate);
		}
		resource.putObject("meta")
			.put("resourceType", "User")
			.put("created", timestamp(user.createdAt()))
			.put("lastModified", timestamp(user.updatedAt()))
			.put("location", location(user.id()))
			.put("version", ScimEtag.of(user.version()));
		return resource;
	}

	/** As the database keeps it, so that a {@code meta.lastModified gt} filter can echo it back. */
	static String timestamp(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
	}

	private static void putText(ObjectNode node, String name, String value) {
		if (value != null) {
			node.put(name, value);
		}
	}

	/**
	 * The values as the client sent them while the profile's value is still theirs; when
	 * something else (a sign-in, the console) has changed the profile since, the profile's
	 * value alone, as that is what Tilegate now holds.
	 */
	private static void putProfileValue(ObjectNode resource, String attribute, String value, String type) {
		ObjectNode chosen = ScimUserRequest.profileChoice(resource.get(attribute), type);
		if (chosen != null && value != null && value.equals(chosen.path("value").asText("").trim())) {
			return;
		}
		resource.remove(attribute);
		if (value != null) {
			resource.putArray(attribute).addObject().put("value", value).put("type", type).put("primary", true);
		}
	}

	private static void putOfficeAddress(ObjectNode resource, String officeAddress) {
		ObjectNode chosen = ScimUserRequest.profileChoice(resource.get("addresses"), "work");
		if (chosen != null && officeAddress != null && officeAddress.equals(ScimUserRequest.officeAddress(chosen))) {
			return;
		}
		resource.remove("addresses");
		if (officeAddress != null) {
			resource.putArray("addresses").addObject().put("formatted", officeAddress).put("type", "work")
				.put("primary", true);
		}
	}

	/** What the client sent that the directory keeps as JSON; an empty object for none. */
	private static ObjectNode keptAsSent(UserEntry user) {
		if (user.scimAttributes() == null) {
			return object();
		}
		try {
			return (ObjectNode) JsonUtils.getObjectReader().readTree(user.scimAttributes());
		}
		catch (IOException | ClassCastException ex) {
			throw new IllegalStateException("The SCIM attributes of user " + user.id() + " are not a JSON object", ex);
		}
	}

	private static ObjectNode object() {
		return JsonUtils.getJsonNodeFactory().objectNode();
	}

}
