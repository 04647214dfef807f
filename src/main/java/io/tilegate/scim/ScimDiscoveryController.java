package io.tilegate.scim;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.BaseScimResource;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.config.TilegateProperties;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the SCIM endpoint can do (RFC 7644 §4), for clients that look before they push. It says
 * only what works: PATCH, filters (up to the configured page size), ETags, bulk (within its
 * configured limits) and sorting yes; password changes no.
 */
@RestController
@RequestMapping("/scim/v2")
class ScimDiscoveryController {

	private static final URI BEARER_TOKEN_SPEC = URI.create("https://www.rfc-editor.org/info/rfc6750");

	/** Tilegate's limits beside what the core ServiceProviderConfig schema can say. */
	private static final String TILEGATE_EXTENSION = "urn:ietf:params:scim:schemas:extension:tilegate:2.0:ServiceProviderConfig";

	private final ScimSchemas schemas;

	private final TilegateProperties properties;

	ScimDiscoveryController(ScimSchemas schemas, TilegateProperties properties) {
		this.schemas = schemas;
		this.properties = properties;
	}

	@GetMapping("/ServiceProviderConfig")
	ResponseEntity<JsonNode> serviceProviderConfig(@RequestParam(required = false) String filter)
			throws ForbiddenException {
		refuseFilter(filter);
		ServiceProviderConfigResource config = new ServiceProviderConfigResource(null, new PatchConfig(true),
				new BulkConfig(true, this.properties.scim().bulkMaxOperations(),
						(int) Math.min(this.properties.scim().bulkMaxPayloadSize().toBytes(), Integer.MAX_VALUE)),
				new FilterConfig(true, this.properties.scim().maxResults()), new ChangePasswordConfig(false),
				new SortConfig(true), new ETagConfig(true),
				List.of(new AuthenticationScheme("OAuth Bearer Token",
						"Authentication with the SCIM token created in Tilegate's admin pages", BEARER_TOKEN_SPEC, null,
						"oauthbearertoken", true)));
		ObjectNode body = JsonUtils.valueToNode(withMeta(config, "ServiceProviderConfig", "/ServiceProviderConfig"));
		// RFC 7643 has nowhere to say how many members a PATCH may name; an extension, which a
		// client that does not know it ignores, does.
		((ArrayNode) body.get("schemas")).add(TILEGATE_EXTENSION);
		body.putObject(TILEGATE_EXTENSION).put("maxPatchMembers", this.properties.scim().maxPatchMembers());
		return ok(body);
	}

	@GetMapping("/ResourceTypes")
	ResponseEntity<JsonNode> resourceTypes(@RequestParam(required = false) String filter) throws ForbiddenException {
		refuseFilter(filter);
		return ok(list(resourceTypes()));
	}

	@GetMapping("/ResourceTypes/{name}")
	ResponseEntity<JsonNode> resourceType(@PathVariable String name, @RequestParam(required = false) String filter)
			throws ForbiddenException, ResourceNotFoundException {
		refuseFilter(filter);
		return ok(resourceTypes().stream()
			.filter((type) -> type.getId().equalsIgnoreCase(name))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(
					"There is no resource type '" + name + "'; Tilegate serves User and Group.")));
	}

	@GetMapping("/Schemas")
	ResponseEntity<JsonNode> schemas(@RequestParam(required = false) String filter) throws ForbiddenException {
		refuseFilter(filter);
		return ok(list(this.schemas.all().stream().map(this::withMeta).toList()));
	}

	@GetMapping("/Schemas/{urn}")
	ResponseEntity<JsonNode> schema(@PathVariable String urn, @RequestParam(required = false) String filter)
			throws ForbiddenException, ResourceNotFoundException {
		refuseFilter(filter);
		return ok(withMeta(this.schemas.find(urn)
			.orElseThrow(() -> new ResourceNotFoundException("There is no schema '" + urn + "' here; GET /Schemas "
					+ "lists the ones Tilegate serves."))));
	}

	private List<ResourceTypeResource> resourceTypes() {
		ResourceTypeResource user = new ResourceTypeResource("User", "User", "User Account", URI.create("/Users"),
				URI.create(ScimSchemas.USER),
				List.of(new ResourceTypeResource.SchemaExtension(URI.create(ScimSchemas.ENTERPRISE_USER), false),
						new ResourceTypeResource.SchemaExtension(URI.create(ScimSchemas.TILEGATE_USER), false)));
		ResourceTypeResource group = new ResourceTypeResource("Group", "Group", "Group", URI.create("/Groups"),
				URI.create(ScimSchemas.GROUP), null);
		return List.of(withMeta(user, "ResourceType", "/ResourceTypes/User"),
				withMeta(group, "ResourceType", "/ResourceTypes/Group"));
	}

	private SchemaResource withMeta(SchemaResource schema) {
		return withMeta(schema, "Schema", "/Schemas/" + schema.getId());
	}

	private <T extends BaseScimResource> T withMeta(T resource, String resourceType, String path) {
		Meta meta = new Meta();
		meta.setResourceType(resourceType);
		meta.setLocation(URI.create(this.properties.base() + "/scim/v2" + path));
		resource.setMeta(meta);
		return resource;
	}

	/**
	 * RFC 7644 §4: a filter here SHOULD get 403, so that no client takes an unfiltered answer
	 * for a filtered one.
	 */
	private static void refuseFilter(String filter) throws ForbiddenException {
		if (filter != null) {
			throw new ForbiddenException("The discovery endpoints cannot be filtered; ask without 'filter'.");
		}
	}

	private static <T> ListResponse<T> list(List<T> resources) {
		return new ListResponse<>(resources.size(), resources, 1, resources.size());
	}

	private static ResponseEntity<JsonNode> ok(Object body) {
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(JsonUtils.valueToNode(body));
	}

}
