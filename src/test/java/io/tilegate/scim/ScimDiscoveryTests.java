package io.tilegate.scim;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilegate.directory.CustomFields;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery endpoints, which must promise exactly what the endpoint does. */
class ScimDiscoveryTests extends ScimIntegrationTest {

	private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String TILEGATE = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:User";

	private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

	@Autowired
	CustomFields customFields;

	@Test
	void serviceProviderConfigSaysWhatWorks() {
		JsonHttpResponse response = this.scim.get("/ServiceProviderConfig");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/scim+json");
		JsonNode config = response.json();
		assertThat(config.path("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
		assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
		assertThat(config.path("bulk").path("supported").asBoolean()).isTrue();
		assertThat(config.path("bulk").path("maxOperations").asInt()).isEqualTo(1000);
		assertThat(config.path("bulk").path("maxPayloadSize").asInt()).isEqualTo(4 * 1024 * 1024);
		assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
		assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(200);
		assertThat(config.path("changePassword").path("supported").asBoolean()).isFalse();
		assertThat(config.path("sort").path("supported").asBoolean()).isTrue();
		assertThat(config.path("etag").path("supported").asBoolean()).isTrue();
		JsonNode scheme = config.path("authenticationSchemes").get(0);
		assertThat(config.path("authenticationSchemes")).hasSize(1);
		assertThat(scheme.path("type").asText()).isEqualTo("oauthbearertoken");
		assertThat(scheme.path("name").asText()).isEqualTo("OAuth Bearer Token");
		assertThat(scheme.path("description").asText()).contains("SCIM token");
		assertThat(scheme.path("primary").asBoolean()).isTrue();
		assertThat(config.path("meta").path("resourceType").asText()).isEqualTo("ServiceProviderConfig");
		assertThat(config.path("meta").path("location").asText()).isEqualTo(BASE + "/scim/v2/ServiceProviderConfig");
	}

	@Test
	void resourceTypesNameTheEndpointsAndTheirSchemas() {
		JsonNode list = this.scim.get("/ResourceTypes").json();

		assertThat(list.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(list.path("totalResults").asInt()).isEqualTo(2);
		assertThat(texts(list.path("Resources"), "id")).containsExactly("User", "Group");

		JsonNode user = this.scim.get("/ResourceTypes/User").json();
		assertThat(user.path("endpoint").asText()).isEqualTo("/Users");
		assertThat(user.path("schema").asText()).isEqualTo(USER);
		assertThat(texts(user.path("schemaExtensions"), "schema")).containsExactly(ENTERPRISE, TILEGATE);
		assertThat(texts(user.path("schemaExtensions"), "required")).containsOnly("false");
		assertThat(user.path("meta").path("location").asText()).isEqualTo(BASE + "/scim/v2/ResourceTypes/User");

		JsonNode group = this.scim.get("/ResourceTypes/Group").json();
		assertThat(group.path("endpoint").asText()).isEqualTo("/Groups");
		assertThat(group.path("schema").asText()).isEqualTo(GROUP);
		assertThat(group.path("schemaExtensions")).isEmpty();
		assertThat(this.scim.get("/ResourceTypes/Device").status()).isEqualTo(404);
	}

	@Test
	void schemasListExactlyTheAttributesServed() {
		JsonNode list = this.scim.get("/Schemas").json();

		assertThat(texts(list.path("Resources"), "id")).containsExactly(USER, ENTERPRISE, TILEGATE, GROUP,
				"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
				"urn:ietf:params:scim:schemas:core:2.0:ResourceType", "urn:ietf:params:scim:schemas:core:2.0:Schema",
				"urn:ietf:params:scim:schemas:extension:tilegate:2.0:ServiceProviderConfig");

		JsonNode user = this.scim.get("/Schemas/" + USER).json();
		assertThat(user.path("meta").path("location").asText()).isEqualTo(BASE + "/scim/v2/Schemas/" + USER);
		assertThat(texts(user.path("attributes"), "name")).containsExactly("userName", "name", "displayName",
				"nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "active",
				"password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
				"x509Certificates", "externalId");
		JsonNode userName = attribute(user, "userName");
		assertThat(userName.path("type").asText()).isEqualTo("string");
		assertThat(userName.path("required").asBoolean()).isTrue();
		assertThat(userName.path("caseExact").asBoolean()).isFalse();
		assertThat(userName.path("uniqueness").asText()).isEqualTo("server");
		assertThat(userName.path("mutability").asText()).isEqualTo("readWrite");
		assertThat(userName.path("returned").asText()).isEqualTo("default");
		assertThat(texts(attribute(user, "name").path("subAttributes"), "name")).containsExactly("formatted",
				"familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix");
		JsonNode password = attribute(user, "password");
		assertThat(password.path("mutability").asText()).isEqualTo("writeOnly");
		assertThat(password.path("returned").asText()).isEqualTo("never");
		assertThat(password.path("description").asText()).contains("never stored");
		assertThat(texts(attribute(user, "addresses").path("subAttributes"), "name")).containsExactly("formatted",
				"streetAddress", "locality", "region", "postalCode", "country", "type", "primary");
		JsonNode emails = attribute(user, "emails");
		assertThat(emails.path("multiValued").asBoolean()).isTrue();
		assertThat(emails.path("type").asText()).isEqualTo("complex");
		assertThat(texts(emails.path("subAttributes"), "name")).containsExactly("value", "display", "type", "primary");
		assertThat(texts(attribute(user, "phoneNumbers").path("subAttributes"), "name")).containsExactly("value",
				"display", "type", "primary");
		JsonNode photoValue = attribute(user, "photos").path("subAttributes").get(0);
		assertThat(photoValue.path("type").asText()).isEqualTo("reference");
		assertThat(photoValue.path("referenceTypes").get(0).asText()).isEqualTo("external");
		assertThat(attribute(user, "active").path("type").asText()).isEqualTo("boolean");
		assertThat(attribute(user, "externalId").path("caseExact").asBoolean()).isTrue();
		JsonNode groups = attribute(user, "groups");
		assertThat(groups.path("mutability").asText()).isEqualTo("readOnly");
		assertThat(groups.path("multiValued").asBoolean()).isTrue();
		assertThat(texts(groups.path("subAttributes"), "name")).containsExactly("value", "display", "$ref");

		JsonNode enterprise = this.scim.get("/Schemas/" + ENTERPRISE).json();
		assertThat(texts(enterprise.path("attributes"), "name")).containsExactly("employeeNumber", "costCenter",
				"organization", "division", "department", "manager");
		JsonNode manager = attribute(enterprise, "manager");
		assertThat(texts(manager.path("subAttributes"), "name")).containsExactly("value", "displayName", "$ref");
		assertThat(manager.path("subAttributes").get(1).path("mutability").asText()).isEqualTo("readOnly");

		JsonNode group = this.scim.get("/Schemas/" + GROUP).json();
		assertThat(texts(group.path("attributes"), "name")).containsExactly("displayName", "externalId", "members");
		assertThat(attribute(group, "displayName").path("required").asBoolean()).isTrue();
		JsonNode members = attribute(group, "members");
		assertThat(texts(members.path("subAttributes"), "name")).containsExactly("value", "display", "$ref", "type");
		assertThat(members.path("subAttributes").get(0).path("required").asBoolean()).isTrue();
		assertThat(members.path("subAttributes").get(1).path("mutability").asText()).isEqualTo("readOnly");
		assertThat(members.path("subAttributes").get(3).path("canonicalValues")).extracting(JsonNode::asText)
			.containsExactly("User");

		assertThat(this.scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Device").status()).isEqualTo(404);
	}

	@Test
	void theMetaSchemasDescribeTheDiscoveryResources() {
		JsonNode config = this.scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig").json();
		assertThat(texts(config.path("attributes"), "name")).containsExactly("documentationUri", "patch", "bulk",
				"filter", "changePassword", "sort", "etag", "authenticationSchemes");
		assertThat(texts(attribute(config, "bulk").path("subAttributes"), "name")).containsExactly("supported",
				"maxOperations", "maxPayloadSize");
		assertThat(texts(attribute(config, "bulk").path("subAttributes"), "type")).containsExactly("boolean", "integer",
				"integer");
		assertThat(texts(config.path("attributes"), "mutability")).containsOnly("readOnly");

		JsonNode resourceType = this.scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:ResourceType").json();
		assertThat(texts(resourceType.path("attributes"), "name")).containsExactly("id", "name", "description",
				"endpoint", "schema", "schemaExtensions");
		assertThat(texts(attribute(resourceType, "schemaExtensions").path("subAttributes"), "name"))
			.containsExactly("schema", "required");

		JsonNode schema = this.scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Schema").json();
		assertThat(texts(schema.path("attributes"), "name")).containsExactly("id", "name", "description", "attributes");
		JsonNode attributes = attribute(schema, "attributes");
		assertThat(attributes.path("multiValued").asBoolean()).isTrue();
		assertThat(texts(attributes.path("subAttributes"), "name")).contains("name", "type", "multiValued",
				"mutability", "returned", "uniqueness", "caseExact", "subAttributes");
		assertThat(schema.path("meta").path("location").asText())
			.isEqualTo(BASE + "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Schema");

		// What /ServiceProviderConfig serves, every attribute of it, is in its schemas.
		JsonNode served = this.scim.get("/ServiceProviderConfig").json();
		served.fieldNames().forEachRemaining((name) -> {
			if (!name.equals("schemas") && !name.equals("meta") && !name.startsWith("urn:")) {
				attribute(config, name);
			}
		});
	}

	@Test
	void aCustomFieldIsPublishedAsSoonAsItIsDefined() {
		String field = "badge" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
		JsonNode before = this.scim.get("/Schemas/" + TILEGATE).json();
		assertThat(texts(before.path("attributes"), "name")).contains("hireDate").doesNotContain(field);
		JsonNode hireDate = attribute(before, "hireDate");
		assertThat(hireDate.path("type").asText()).isEqualTo("string");
		assertThat(hireDate.path("description").asText()).contains("yyyy-MM-dd");

		this.customFields.defineCustomField(field, "Badge number", "test");

		JsonNode after = this.scim.get("/Schemas/" + TILEGATE).json();
		JsonNode custom = attribute(after, field);
		assertThat(custom.path("type").asText()).isEqualTo("string");
		assertThat(custom.path("description").asText()).isEqualTo("Badge number");
		assertThat(custom.path("multiValued").asBoolean()).isFalse();
		assertThat(custom.path("required").asBoolean()).isFalse();
		assertThat(texts(this.scim.get("/Schemas").json().path("Resources").get(2).path("attributes"), "name"))
			.contains(field);
	}

	@Test
	void discoveryNeedsATokenAndRefusesFilters() {
		for (String path : List.of("/ServiceProviderConfig", "/ResourceTypes", "/Schemas", "/Schemas/" + GROUP)) {
			JsonHttpResponse anonymous = this.scim.withToken(null).get(path);
			assertThat(anonymous.status()).as(path).isEqualTo(401);
			assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
			JsonHttpResponse filtered = this.scim.get(path + "?filter=" + ScimHttp.q("id eq \"User\""));
			assertThat(filtered.status()).as(path).isEqualTo(403);
			assertThat(filtered.json().path("schemas").get(0).asText())
				.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		}
	}

	private static JsonNode attribute(JsonNode schema, String name) {
		return StreamSupport.stream(schema.path("attributes").spliterator(), false)
			.filter((attribute) -> attribute.path("name").asText().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no attribute " + name + " in " + schema));
	}

	private static List<String> texts(JsonNode array, String field) {
		return StreamSupport.stream(array.spliterator(), false).map((node) -> node.path(field).asText()).toList();
	}

}
