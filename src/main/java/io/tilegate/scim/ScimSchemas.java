package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.AttributeDefinition.Uniqueness;
import com.unboundid.scim2.common.types.SchemaResource;

import io.tilegate.directory.CustomFieldView;
import io.tilegate.directory.CustomFields;

import org.springframework.stereotype.Component;

/**
 * The schemas Tilegate's SCIM endpoint serves (RFC 7643 §7): exactly the attributes it reads
 * and returns, no more. Tilegate's own User extension is built on every request from the
 * custom fields defined now, so an IdP refreshing its attribute list (Okta's "Refresh
 * Application Data") finds a field as soon as it is defined.
 */
@Component
class ScimSchemas {

	static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static final String TILEGATE_USER = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User";

	static final String GROUP = ScimGroupRepresentation.SCHEMA;

	private static final String HIRE_DATE = "hireDate";

	private final CustomFields customFields;

	ScimSchemas(CustomFields customFields) {
		this.customFields = customFields;
	}

	/** Core User, enterprise User, Tilegate's User extension, core Group, in that order. */
	List<SchemaResource> all() {
		return List.of(user(), enterpriseUser(), tilegateUser(), group());
	}

	Optional<SchemaResource> find(String urn) {
		return all().stream().filter((schema) -> schema.getId().equalsIgnoreCase(urn)).findFirst();
	}

	private static SchemaResource user() {
		return new SchemaResource(USER, "User", "User Account", List.of(
				attribute("userName", Type.STRING,
						"Unique identifier for the User, typically used to sign in; unique regardless of case.")
					.setRequired(true)
					.setUniqueness(Uniqueness.SERVER)
					.build(),
				attribute("name", Type.COMPLEX, "The components of the user's name.")
					.addSubAttributes(attribute("givenName", Type.STRING, "The given (first) name.").build(),
							attribute("familyName", Type.STRING, "The family (last) name.").build())
					.build(),
				multiValued("emails", "Email addresses; Tilegate keeps the one of type work, else the primary one.",
						attribute("value", Type.STRING, "The email address.").build(),
						attribute("type", Type.STRING, "What kind of address it is.")
							.addCanonicalValues("work", "home", "other")
							.build(),
						attribute("primary", Type.BOOLEAN, "The preferred address.").build())
					.build(),
				multiValued("phoneNumbers",
						"Phone numbers; Tilegate keeps the one of type work, else the primary one.",
						attribute("value", Type.STRING, "The phone number.").build(),
						attribute("type", Type.STRING, "What kind of number it is.")
							.addCanonicalValues("work", "home", "mobile", "fax", "pager", "other")
							.build(),
						attribute("primary", Type.BOOLEAN, "The preferred number.").build())
					.build(),
				multiValued("photos", "Image URLs; Tilegate keeps the one of type photo, else the primary one.",
						attribute("value", Type.REFERENCE, "URL of the image.").addReferenceTypes("external").build(),
						attribute("type", Type.STRING, "What kind of image it is.")
							.addCanonicalValues("photo", "thumbnail")
							.build(),
						attribute("primary", Type.BOOLEAN, "The preferred image.").build())
					.build(),
				attribute("title", Type.STRING, "The user's job title.").build(),
				attribute("active", Type.BOOLEAN, "Whether the user may sign in; false deactivates them.").build(),
				attribute("externalId", Type.STRING, "The provisioning client's own identifier for the user.")
					.setCaseExact(true)
					.build(),
				multiValued("groups", "The groups the user is a member of, changed through the Groups endpoint.",
						attribute("value", Type.STRING, "The id of the group.").setMutability(Mutability.READ_ONLY).build(),
						attribute("display", Type.STRING, "The group's display name.")
							.setMutability(Mutability.READ_ONLY)
							.build(),
						attribute("$ref", Type.REFERENCE, "The URI of the group.")
							.addReferenceTypes("Group")
							.setMutability(Mutability.READ_ONLY)
							.build())
					.setMutability(Mutability.READ_ONLY)
					.build()));
	}

	private static SchemaResource enterpriseUser() {
		return new SchemaResource(ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", List.of(
				attribute("employeeNumber", Type.STRING, "The number the organization knows the user by.").build(),
				attribute("organization", Type.STRING, "The user's organization (company).").build(),
				attribute("department", Type.STRING, "The user's department.").build(),
				attribute("manager", Type.COMPLEX, "The user's manager.")
					.addSubAttributes(
							attribute("value", Type.STRING, "The SCIM id of the manager; one not known yet is kept "
									+ "and resolved when that user is pushed.").build(),
							attribute("displayName", Type.STRING, "The manager's name.")
								.setMutability(Mutability.READ_ONLY)
								.build(),
							attribute("$ref", Type.REFERENCE, "The URI of the manager.")
								.addReferenceTypes("User")
								.build())
					.build()));
	}

	private SchemaResource tilegateUser() {
		List<AttributeDefinition> attributes = new ArrayList<>();
		attributes.add(attribute(HIRE_DATE, Type.STRING,
				"The date the user was hired, as an ISO 8601 date: yyyy-MM-dd (e.g. 2024-03-01).").build());
		Set<String> taken = new HashSet<>(Set.of(HIRE_DATE.toLowerCase(Locale.ROOT)));
		for (CustomFieldView field : this.customFields.customFields()) {
			// Attribute names are case-insensitive (RFC 7643 §2.1); a clash would make one unreachable.
			if (taken.add(field.name().toLowerCase(Locale.ROOT))) {
				attributes.add(attribute(field.name(), Type.STRING, field.label()).build());
			}
		}
		return new SchemaResource(TILEGATE_USER, "TilegateUser",
				"Tilegate's own user attributes: the hire date and one text attribute per custom field.", attributes);
	}

	private static SchemaResource group() {
		return new SchemaResource(GROUP, "Group", "Group", List.of(
				attribute("displayName", Type.STRING,
						"The name of the group; unique within the connection regardless of case.")
					.setRequired(true)
					.setUniqueness(Uniqueness.SERVER)
					.build(),
				attribute("externalId", Type.STRING, "The provisioning client's own identifier for the group.")
					.setCaseExact(true)
					.build(),
				multiValued("members", "The users in the group; groups cannot be members.",
						attribute("value", Type.STRING, "The id of a user.")
							.setRequired(true)
							.setMutability(Mutability.IMMUTABLE)
							.build(),
						attribute("display", Type.STRING, "The user's user name.")
							.setMutability(Mutability.READ_ONLY)
							.build(),
						attribute("$ref", Type.REFERENCE, "The URI of the user.")
							.addReferenceTypes("User")
							.setMutability(Mutability.IMMUTABLE)
							.build(),
						attribute("type", Type.STRING, "The kind of member: always User.")
							.addCanonicalValues("User")
							.setMutability(Mutability.IMMUTABLE)
							.build())
					.build()));
	}

	/** A single-valued, optional, case-insensitive, read-write attribute returned by default. */
	private static AttributeDefinition.Builder attribute(String name, Type type, String description) {
		return new AttributeDefinition.Builder().setName(name)
			.setType(type)
			.setDescription(description)
			.setMultiValued(false)
			.setRequired(false)
			.setCaseExact(false)
			.setMutability(Mutability.READ_WRITE)
			.setReturned(Returned.DEFAULT)
			.setUniqueness(Uniqueness.NONE);
	}

	private static AttributeDefinition.Builder multiValued(String name, String description,
			AttributeDefinition... subAttributes) {
		return attribute(name, Type.COMPLEX, description).setMultiValued(true).addSubAttributes(subAttributes);
	}

}
