package io.tilegate.scim;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.DesiredGroup;
import io.tilegate.directory.GroupChange;
import io.tilegate.directory.GroupMember;
import io.tilegate.directory.GroupPage;
import io.tilegate.directory.GroupPush;
import io.tilegate.directory.GroupPushException;
import io.tilegate.directory.PushScope;
import io.tilegate.directory.PushedGroup;
import io.tilegate.directory.PushedGroups;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /scim/v2/Groups} (RFC 7644 §3): the groups of the token's connection, which an IdP
 * pushes (Okta Group Push, Entra and OneLogin group provisioning). Each call is one
 * transaction in {@link PushedGroups}; a refused call changes nothing.
 *
 * <p>A successful PATCH answers 204 No Content with the new ETag (RFC 7644 §3.5.2 allows it):
 * Okta, Entra and OneLogin all take it, and a member change of a large group does not render
 * the whole member list back.
 */
@RestController
@RequestMapping("/scim/v2/Groups")
class ScimGroupsController {

	private static final String RESOURCE = ScimGroups.RESOURCE;

	private final PushedGroups groups;

	private final ScimGroups writes;

	private final TilegateProperties properties;

	ScimGroupsController(PushedGroups groups, ScimGroups writes, TilegateProperties properties) {
		this.groups = groups;
		this.writes = writes;
		this.properties = properties;
	}

	@PostMapping
	ResponseEntity<JsonNode> create(@AuthenticationPrincipal ScimClient client,
			@RequestBody(required = false) byte[] body, @RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimGroupRepresentation.Incoming incoming = ScimGroupRepresentation.read(ScimJson.readObject(body));
		GroupPush push = this.writes.create(scope(client), new DesiredGroup(incoming.displayName(),
				incoming.externalId(), (incoming.memberIds() != null) ? incoming.memberIds() : List.of()),
				ScimCall.of(request));
		PushedGroup group = push.group();
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create(ScimGroupRepresentation.location(group, base())))
			.eTag(ScimGroupRepresentation.etag(group))
			.contentType(ScimJson.MEDIA_TYPE)
			.body(render(group, ScimProjection.of(attributes, excludedAttributes)));
	}

	@GetMapping("/{id}")
	ResponseEntity<JsonNode> get(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall.of(request).resource(RESOURCE, id);
		ScimProjection projection = ScimProjection.of(attributes, excludedAttributes);
		PushedGroup group = this.groups.find(scope(client), groupId(id), !projection.omits("members"))
			.orElseThrow(() -> notFound(id));
		return ResponseEntity.ok()
			.eTag(ScimGroupRepresentation.etag(group))
			.contentType(ScimJson.MEDIA_TYPE)
			.body(render(group, projection));
	}

	/**
	 * RFC 7644 §3.4.2. Without {@code startIndex} and {@code count} (OneLogin) the first
	 * page of the default size; {@code count} is capped, never refused.
	 */
	@GetMapping
	ResponseEntity<JsonNode> list(@AuthenticationPrincipal ScimClient client,
			@RequestParam(required = false) String filter, @RequestParam(required = false) String startIndex,
			@RequestParam(required = false) String count, @RequestParam(required = false) String sortBy,
			@RequestParam(required = false) String sortOrder, @RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) throws ScimException {
		return list(client, ScimListRequest.of(filter, startIndex, count, sortBy, sortOrder, attributes,
				excludedAttributes, this.properties.scim()));
	}

	/** RFC 7644 §3.4.3: the list a GET asks for, asked in a body. */
	@PostMapping("/.search")
	ResponseEntity<JsonNode> search(@AuthenticationPrincipal ScimClient client,
			@RequestBody(required = false) byte[] body) throws ScimException {
		return list(client, ScimListRequest.read(ScimJson.readObject(body), this.properties.scim()));
	}

	private ResponseEntity<JsonNode> list(ScimClient client, ScimListRequest query) throws ScimException {
		ScimProjection projection = query.projection();
		GroupPage page = this.groups.search(scope(client),
				GroupFilterTranslation.criteria(ScimFilters.parse(query.filter(), this.properties.scim())),
				query.groupOrder(), query.offset(), query.count(), !projection.omits("members"));
		List<ObjectNode> resources = page.groups().stream().map((group) -> render(group, projection)).toList();
		return ResponseEntity.ok()
			.contentType(ScimJson.MEDIA_TYPE)
			.body(JsonUtils.valueToNode(new ListResponse<>(page.total(), resources, query.startIndex(),
					resources.size())));
	}

	/**
	 * Replaces the name, and the members and external id when the body has them: a PUT that
	 * leaves {@code members} out keeps them (RFC 7644 §3.5.1 lets the server choose), so a
	 * client renaming a group by PUT does not empty it by accident. {@code "members": []}
	 * empties it.
	 */
	@PutMapping("/{id}")
	ResponseEntity<JsonNode> replace(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestBody(required = false) byte[] body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource(RESOURCE, id);
		ScimGroupRepresentation.Incoming incoming = ScimGroupRepresentation.read(ScimJson.readObject(body));
		GroupPush push = this.writes.update(scope(client), groupId(id), (current) -> {
			ScimEtag.check(ifMatch, current.version());
			return new DesiredGroup(incoming.displayName(),
					incoming.hasExternalId() ? incoming.externalId() : current.externalId(),
					(incoming.memberIds() != null) ? incoming.memberIds() : memberIds(current));
		}, call, HttpStatus.OK).orElseThrow(() -> notFound(id));
		return ResponseEntity.ok()
			.eTag(ScimGroupRepresentation.etag(push.group()))
			.contentType(ScimJson.MEDIA_TYPE)
			.body(render(push.group(), ScimProjection.of(attributes, excludedAttributes)));
	}

	@PatchMapping("/{id}")
	ResponseEntity<JsonNode> patch(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestBody(required = false) byte[] body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			HttpServletRequest request) throws ScimException {
		ScimCall call = ScimCall.of(request).resource(RESOURCE, id);
		GroupPatch patch = GroupPatch.read(ScimJson.readObject(body), this.properties.scim().maxPatchMembers());
		PushScope scope = scope(client);
		Optional<GroupPush> pushed;
		if (patch.membersBySteps()) {
			pushed = this.writes.change(scope, groupId(id), (current) -> {
				ScimEtag.check(ifMatch, current.version());
				ScimGroupRepresentation.Incoming after = patched(current,
						patch.applyOthersTo(ScimGroupRepresentation.render(current, base())));
				return new GroupChange(after.displayName(), after.externalId(), patch.membershipSteps());
			}, call);
		}
		else {
			pushed = this.writes.update(scope, groupId(id), (current) -> {
				ScimEtag.check(ifMatch, current.version());
				// Before any operation runs, whatever its shape: a refusal costs a query per 500 ids.
				this.groups.checkMembers(scope, current, patch.addedMemberIds());
				ScimGroupRepresentation.Incoming after = patched(current,
						patch.applyTo(ScimGroupRepresentation.render(current, base())));
				return new DesiredGroup(after.displayName(), after.externalId(),
						(after.memberIds() != null) ? after.memberIds() : List.of());
			}, call, HttpStatus.NO_CONTENT);
		}
		GroupPush push = pushed.orElseThrow(() -> notFound(id));
		return ResponseEntity.noContent().eTag(ScimGroupRepresentation.etag(push.group())).build();
	}

	/** What a PATCH left of the group, which must still have its id. */
	private static ScimGroupRepresentation.Incoming patched(PushedGroup current, ObjectNode patched)
			throws BadRequestException {
		JsonNode patchedId = patched.get("id");
		if (patchedId == null || !current.id().toString().equals(patchedId.asText())) {
			throw BadRequestException.mutability("A group's id is set by Tilegate and cannot be changed.");
		}
		return ScimGroupRepresentation.read(patched);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws ScimException {
		ScimCall.of(request).resource(RESOURCE, id);
		if (!this.writes.delete(scope(client), groupId(id), (current) -> ScimEtag.check(ifMatch, current.version()))) {
			throw notFound(id);
		}
		ScimCall.of(request).outcome("deleted");
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(GroupPushException.class)
	ResponseEntity<JsonNode> refused(GroupPushException ex) {
		ScimException error = switch (ex.reason()) {
			case INVALID_VALUE -> BadRequestException.invalidValue(ex.getMessage());
			case NAME_TAKEN -> ResourceConflictException.uniqueness(ex.getMessage());
		};
		return ScimErrors.body(error.getScimError());
	}

	private ObjectNode render(PushedGroup group, ScimProjection projection) {
		return projection.apply(ScimGroupRepresentation.render(group, base()), Set.of());
	}

	private static List<String> memberIds(PushedGroup group) {
		return group.members().stream().map(GroupMember::userId).map(UUID::toString).toList();
	}

	private static PushScope scope(ScimClient client) {
		return new PushScope(client.connectionId(), client.tenantId(), client.actor());
	}

	/** An id that is no UUID names no group: 404, like any unknown id. */
	private static UUID groupId(String id) throws ResourceNotFoundException {
		try {
			if (id.length() == 36) {
				return UUID.fromString(id);
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to 404
		}
		throw notFound(id);
	}

	private static ResourceNotFoundException notFound(String id) {
		return new ResourceNotFoundException("This connection has no group with id '" + id + "'.");
	}

	private String base() {
		return this.properties.base();
	}

}
