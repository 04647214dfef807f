package io.tilegate.scim;

import java.util.ArrayList;
import java.util.Collection;
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
 * The schemas Tilegate's SCIM endpoint serves (RFC 7643 §7, §8.7): exactly the attributes it
 * keeps and returns, no more, and the meta-schemas that describe the discovery resources.
 * The same definitions decide what a request may name: an attribute that is not here is
 * refused ({@code invalidPath}), one that is read-only is refused in a PATCH
 * ({@code mutability}) and ignored in a POST or PUT, so /Schemas and the refusals cannot
 * drift apart. Tilegate's own User extension is built on every request from the custom fields
 * defined now, so an IdP refreshing its attribute list (Okta's "Refresh Application Data")
 * finds a field as soon as it is defined.
 */
@Component
class ScimSchemas {

	static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static final String TILEGATE_USER = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User";

	static final String GROUP = ScimGroupRepresentation.SCHEMA;

	static final String SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

	static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

	static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

	static final String TILEGATE_SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:ServiceProviderConfig";

	static final String HIRE_DATE = "hireDate";

	/** The core User schema: built once, as nothing in it changes while Tilegate runs. */
	static final SchemaResource CORE_USER = user();

	static final SchemaResource ENTERPRISE = enterpriseUser();

	private final CustomFields customFields;

	ScimSchemas(CustomFields customFields) {
		this.customFields = customFields;
	}

	/**
	 * Core User, enterprise User, Tilegate's User extension, core Group, then the meta-schemas
	 * and Tilegate's ServiceProviderConfig extension, in that order.
	 */
	List<SchemaResource> all() {
		return List.of(CORE_USER, ENTERPRISE, tilegateUser(), group(), serviceProviderConfig(), resourceType(),
				schema(), tilegateServiceProviderConfig());
	}

	Optional<SchemaResource> find(String urn) {
		return all().stream().filter((schema) -> schema.getId().equalsIgnoreCase(urn)).findFirst();
	}

	/** The attribute of a schema by its name in any case (RFC 7643 §2.1), or {@code null}. */
	static AttributeDefinition attribute(SchemaResource schema, String name) {
		return find(schema.getAttributes(), name);
	}

	/** The sub-attribute of a complex attribute by its name in any case, or {@code null}. */
	static AttributeDefinition subAttribute(AttributeDefinition attribute, String name) {
		return (attribute.getSubAttributes() == null) ? null : find(attribute.getSubAttributes(), name);
	}

	private static AttributeDefinition find(Collection<AttributeDefinition> attributes, String name) {
		for (AttributeDefinition attribute : attributes) {
			if (attribute.getName().equalsIgnoreCase(name)) {
				return attribute;
			}
		}
		return null;
	}

	private static SchemaResource user() {
		return new SchemaResource(USER, "User", "User Account", List.of(
				attribute("userName", Type.STRING,
						"Unique identifier for the User, typically used to sign in; unique regardless of case.")
					.setRequired(true)
					.setUniqueness(Uniqueness.SERVER)
					.build(),
				attribute("name", Type.COMPLEX, "The components of the user's name.")
					.addSubAttributes(text("formatted", "The full name, formatted for display."),
							text("familyName", "The family (last) name."),
							text("givenName", "The given (first) name."),
							text("middleName", "The middle name(s)."),
							text("honorificPrefix", "The title before the name, e.g. Ms."),
							text("honorificSuffix", "The suffix after the name, e.g. III."))
					.build(),
				text("displayName", "The name shown for the user; Tilegate's console shows it when set, and "
						+ "filters can search it."),
				text("nickName", "The casual name of the user."),
				attribute("profileUrl", Type.REFERENCE, "A URL of the user's online profile.")
					.addReferenceTypes("external")
					.build(),
				text("title", "The user's job title."),
				text("userType", "The relation of the user to the organization, e.g. Employee or Contractor."),
				text("preferredLanguage", "The user's preferred language, e.g. en-US (RFC 7231 Accept-Language)."),
				text("locale", "The user's locale for dates and numbers, e.g. en-US."),
				text("timezone", "The user's time zone in the IANA database, e.g. Europe/Paris."),
				attribute("active", Type.BOOLEAN, "Whether the user may sign in; false deactivates them.").build(),
				attribute("password", Type.STRING, "Accepted, never stored: users sign in through their IdP, "
						+ "never with a password Tilegate keeps.")
					.setMutability(Mutability.WRITE_ONLY)
					.setReturned(Returned.NEVER)
					.build(),
				multiValued("emails", "Email addresses, all kept; the profile's email is the one of type work, "
						+ "else the primary one, else the first.", valueAndKind("The email address.", "work",
								"home", "other"))
					.build(),
				multiValued("phoneNumbers", "Phone numbers, all kept; the profile's phone is the one of type work, "
						+ "else the primary one, else the first.", valueAndKind("The phone number.", "work", "home",
								"mobile", "fax", "pager", "other"))
					.build(),
				multiValued("ims", "Instant messaging addresses.", valueAndKind("The address.", "aim", "gtalk",
						"icq", "xmpp", "msn", "skype", "qq", "yahoo"))
					.build(),
				multiValued("photos", "Image URLs, all kept; the profile photo is the one of type photo, else the "
						+ "primary one, else the first.",
						attribute("value", Type.REFERENCE, "URL of the image.").addReferenceTypes("external").build(),
						text("display", "A label for the image."),
						kind("What kind of image it is.", "photo", "thumbnail"),
						attribute("primary", Type.BOOLEAN, "The preferred image.").build())
					.build(),
				multiValued("addresses", "Physical addresses, all kept; the profile's office address is the one of "
						+ "type work, else the primary one, else the first.",
						text("formatted", "The full address, formatted for display or a mailing label."),
						text("streetAddress", "The street, house number and the like."),
						text("locality", "The city or locality."), text("region", "The state or region."),
						text("postalCode", "The zip or postal code."),
						text("country", "The country, as an ISO 3166-1 alpha-2 code."),
						kind("What kind of address it is.", "work", "home", "other"),
						attribute("primary", Type.BOOLEAN, "The preferred address.").build())
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
					.build(),
				multiValued("entitlements", "Entitlements of the user, kept as sent.",
						valueAndKind("The entitlement."))
					.build(),
				multiValued("roles", "Roles of the user, kept as sent.", valueAndKind("The role.")).build(),
				multiValued("x509Certificates", "Certificates of the user, kept as sent.",
						attribute("value", Type.BINARY, "The DER-encoded certificate, in base64.").build(),
						text("display", "A label for the certificate."), kind("What kind of certificate it is."),
						attribute("primary", Type.BOOLEAN, "The preferred certificate.").build())
					.build(),
				attribute("externalId", Type.STRING, "The provisioning client's own identifier for the user.")
					.setCaseExact(true)
					.build()));
	}

	private static SchemaResource enterpriseUser() {
		return new SchemaResource(ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", List.of(
				text("employeeNumber", "The number the organization knows the user by."),
				text("costCenter", "The user's cost center."),
				text("organization", "The user's organization (company)."),
				text("division", "The user's division."),
				text("department", "The user's department."),
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

	SchemaResource tilegateUser() {
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

	/** RFC 7643 §8.7.2, with the {@code type} and {@code primary} an authentication scheme is served with. */
	private static SchemaResource serviceProviderConfig() {
		return new SchemaResource(SERVICE_PROVIDER_CONFIG, "Service Provider Configuration",
				"Schema for representing the service provider's configuration", List.of(
						readOnly(attribute("documentationUri", Type.REFERENCE, "An HTTP-addressable URL pointing "
								+ "to the service provider's human-consumable help documentation.")
							.addReferenceTypes("external")),
						supported("patch", "A complex type that specifies PATCH configuration options."),
						supported("bulk", "A complex type that specifies bulk configuration options.",
								readOnly(attribute("maxOperations", Type.INTEGER,
										"An integer value specifying the maximum number of operations.")
									.setRequired(true)),
								readOnly(attribute("maxPayloadSize", Type.INTEGER,
										"An integer value specifying the maximum payload size in bytes.")
									.setRequired(true))),
						supported("filter", "A complex type that specifies FILTER options.",
								readOnly(attribute("maxResults", Type.INTEGER,
										"An integer value specifying the maximum number of resources returned in a "
												+ "response.")
									.setRequired(true))),
						supported("changePassword", "A complex type that specifies configuration options related "
								+ "to changing a password."),
						supported("sort", "A complex type that specifies sort result options."),
						supported("etag", "A complex type that specifies ETag configuration options."),
						readOnly(attribute("authenticationSchemes", Type.COMPLEX,
								"A complex type that specifies supported authentication scheme properties.")
							.setMultiValued(true)
							.setRequired(true)
							.addSubAttributes(readOnly(attribute("type", Type.STRING, "The authentication scheme.")
								.addCanonicalValues("oauth", "oauth2", "oauthbearertoken", "httpbasic", "httpdigest")
								.setRequired(true)),
									readOnly(attribute("name", Type.STRING,
											"The common authentication scheme name, e.g., HTTP Basic.")
										.setRequired(true)),
									readOnly(attribute("description", Type.STRING,
											"A description of the authentication scheme.")
										.setRequired(true)),
									readOnly(attribute("specUri", Type.REFERENCE, "An HTTP-addressable URL pointing "
											+ "to the authentication scheme's specification.")
										.addReferenceTypes("external")),
									readOnly(attribute("documentationUri", Type.REFERENCE, "An HTTP-addressable URL "
											+ "pointing to the authentication scheme's usage documentation.")
										.addReferenceTypes("external")),
									readOnly(attribute("primary", Type.BOOLEAN,
											"Whether this is the preferred authentication scheme."))))));
	}

	/** RFC 7643 §8.7.2. */
	private static SchemaResource resourceType() {
		return new SchemaResource(RESOURCE_TYPE, "ResourceType", "Specifies the schema that describes a SCIM resource "
				+ "type", List.of(
						readOnly(attribute("id", Type.STRING, "The resource type's server unique id. May be the "
								+ "same as the 'name' attribute.")),
						readOnly(attribute("name", Type.STRING, "The resource type name.").setRequired(true)),
						readOnly(attribute("description", Type.STRING, "The resource type's human-readable "
								+ "description.")),
						readOnly(attribute("endpoint", Type.REFERENCE, "The resource type's HTTP-addressable "
								+ "endpoint relative to the Base URL, e.g., '/Users'.")
							.addReferenceTypes("uri")
							.setRequired(true)),
						readOnly(attribute("schema", Type.REFERENCE, "The resource type's primary/base schema URI.")
							.addReferenceTypes("uri")
							.setRequired(true)
							.setCaseExact(true)),
						readOnly(attribute("schemaExtensions", Type.COMPLEX, "A list of URIs of the resource type's "
								+ "schema extensions.")
							.setMultiValued(true)
							.addSubAttributes(readOnly(attribute("schema", Type.REFERENCE,
									"The URI of a schema extension.")
								.addReferenceTypes("uri")
								.setRequired(true)
								.setCaseExact(true)),
									readOnly(attribute("required", Type.BOOLEAN, "A Boolean value that specifies "
											+ "whether or not the schema extension is required for the resource "
											+ "type.")
										.setRequired(true))))));
	}

	/** RFC 7643 §8.7.2: the schema of schemas, sub-attributes described as attributes are. */
	private static SchemaResource schema() {
		return new SchemaResource(SCHEMA, "Schema", "Specifies the schema attribute", List.of(
				readOnly(attribute("id", Type.STRING, "The unique URI of the schema.").setRequired(true)
					.setCaseExact(true)),
				readOnly(attribute("name", Type.STRING, "The schema's human-readable name.")),
				readOnly(attribute("description", Type.STRING, "The schema's human-readable description.")),
				readOnly(attribute("attributes", Type.COMPLEX, "A complex attribute that includes the attributes "
						+ "of a schema.")
					.setMultiValued(true)
					.setRequired(true)
					.addSubAttributes(attributeDescription(readOnly(attribute("subAttributes", Type.COMPLEX,
							"Used to define the sub-attributes of a complex attribute.")
						.setMultiValued(true)
						.addSubAttributes(attributeDescription())))))));
	}

	/** How Tilegate's extension of the ServiceProviderConfig is described. */
	private static SchemaResource tilegateServiceProviderConfig() {
		return new SchemaResource(TILEGATE_SERVICE_PROVIDER_CONFIG, "TilegateServiceProviderConfig",
				"Tilegate's limits beside what the core ServiceProviderConfig schema can say.",
				List.of(readOnly(attribute("maxPatchMembers", Type.INTEGER,
						"The most members one Group PATCH may add or remove; split a larger change into several."))));
	}

	/** The sub-attributes that describe one attribute, then the extra ones given. */
	private static AttributeDefinition[] attributeDescription(AttributeDefinition... more) {
		List<AttributeDefinition> described = new ArrayList<>(List.of(
				readOnly(attribute("name", Type.STRING, "The attribute's name.").setRequired(true).setCaseExact(true)),
				readOnly(attribute("type", Type.STRING, "The attribute's data type.")
					.setRequired(true)
					.addCanonicalValues("string", "complex", "boolean", "decimal", "integer", "dateTime", "reference",
							"binary")),
				readOnly(attribute("multiValued", Type.BOOLEAN, "A Boolean value indicating an attribute's "
						+ "plurality.").setRequired(true)),
				readOnly(attribute("description", Type.STRING, "A human-readable description of the attribute.")),
				readOnly(attribute("required", Type.BOOLEAN, "A Boolean value indicating whether or not the "
						+ "attribute is required.")),
				readOnly(attribute("canonicalValues", Type.STRING, "A collection of canonical values.")
					.setMultiValued(true)),
				readOnly(attribute("caseExact", Type.BOOLEAN, "A Boolean value indicating whether or not a "
						+ "string attribute is case sensitive.")),
				readOnly(attribute("mutability", Type.STRING, "Indicates whether or not an attribute is modifiable.")
					.addCanonicalValues("readOnly", "readWrite", "immutable", "writeOnly")),
				readOnly(attribute("returned", Type.STRING, "Indicates when an attribute is returned in a "
						+ "response (e.g., to a query).")
					.addCanonicalValues("always", "never", "default", "request")),
				readOnly(attribute("uniqueness", Type.STRING, "Indicates how unique a value must be.")
					.addCanonicalValues("none", "server", "global")),
				readOnly(attribute("referenceTypes", Type.STRING, "Used only with an attribute of type "
						+ "'reference'. Specifies a SCIM resourceType that a reference attribute MAY refer to, e.g., "
						+ "'User'.")
					.setMultiValued(true))));
		described.addAll(List.of(more));
		return described.toArray(AttributeDefinition[]::new);
	}

	/** A ServiceProviderConfig capability: {@code supported} and the limits given. */
	private static AttributeDefinition supported(String name, String description, AttributeDefinition... limits) {
		List<AttributeDefinition> subAttributes = new ArrayList<>();
		subAttributes.add(readOnly(attribute("supported", Type.BOOLEAN, "A Boolean value specifying whether or not "
				+ "the operation is supported.").setRequired(true)));
		subAttributes.addAll(List.of(limits));
		return readOnly(attribute(name, Type.COMPLEX, description).setRequired(true)
			.addSubAttributes(subAttributes.toArray(AttributeDefinition[]::new)));
	}

	private static AttributeDefinition readOnly(AttributeDefinition.Builder attribute) {
		return attribute.setMutability(Mutability.READ_ONLY).build();
	}

	private static AttributeDefinition text(String name, String description) {
		return attribute(name, Type.STRING, description).build();
	}

	/** {@code value}, {@code display}, {@code type} and {@code primary}, as most multi-valued attributes have. */
	private static AttributeDefinition[] valueAndKind(String value, String... kinds) {
		return new AttributeDefinition[] { text("value", value), text("display", "A label for the value."),
				kind("What kind of value it is.", kinds),
				attribute("primary", Type.BOOLEAN, "The preferred value.").build() };
	}

	private static AttributeDefinition kind(String description, String... canonicalValues) {
		AttributeDefinition.Builder type = attribute("type", Type.STRING, description);
		if (canonicalValues.length > 0) {
			type.addCanonicalValues(canonicalValues);
		}
		return type.build();
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
