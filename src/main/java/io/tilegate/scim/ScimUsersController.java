package io.tilegate.scim;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.ProfileChange;
import io.tilegate.directory.UserEntry;
import io.tilegate.directory.UserEntryUpdate;
import io.tilegate.directory.UserPage;
import io.tilegate.directory.UserSummary;
import io.tilegate.sessions.SignedInSessions;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * {@code /scim/v2/Users} (RFC 7644 §3): create, read, list with filter, order and paging (by
 * GET or by POST to {@code .search}), replace, patch and delete the users of the calling
 * token's tenant.
 */
@RestController
@RequestMapping("/scim/v2/Users")
class ScimUsersController {

	private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	private final ScimUsers users;

	private final ScimUserRepresentation representation;

	private final TilegateProperties.Scim limits;

	private final SignedInSessions sessions;

	ScimUsersController(ScimUsers users, ScimUserRepresentation representation, TilegateProperties properties,
			SignedInSessions sessions) {
		this.sessions = sessions;
		this.users = users;
		this.representation = representation;
		this.limits = properties.scim();
	}

	@PostMapping
	ResponseEntity<JsonNode> create(@AuthenticationPrincipal ScimClient client,
			@RequestBody(required = false) byte[] body, @RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource("User", null);
		UserEntryUpdate created = this.users.create(client, ScimJson.readObject(body), call);
		return resource(HttpStatus.CREATED, created.entry(), ScimProjection.of(attributes, excludedAttributes));
	}

	@GetMapping("/{id}")
	ResponseEntity<JsonNode> get(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource("User", id);
		ScimProjection projection = ScimProjection.of(attributes, excludedAttributes);
		UserEntry user = this.users.get(client, uuid(id), !projection.omits("groups"));
		call.user(user.id(), user.userName());
		return resource(HttpStatus.OK, user, projection);
	}

	@GetMapping
	ResponseEntity<JsonNode> list(@AuthenticationPrincipal ScimClient client,
			@RequestParam(required = false) String filter, @RequestParam(required = false) String startIndex,
			@RequestParam(required = false) String count, @RequestParam(required = false) String sortBy,
			@RequestParam(required = false) String sortOrder, @RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall.of(request).resource("User", null);
		return list(client, ScimListRequest.of(filter, startIndex, count, sortBy, sortOrder, attributes,
				excludedAttributes, this.limits));
	}

	/** RFC 7644 §3.4.3: the list a GET asks for, asked in a body. */
	@PostMapping("/.search")
	ResponseEntity<JsonNode> search(@AuthenticationPrincipal ScimClient client,
			@RequestBody(required = false) byte[] body, HttpServletRequest request) throws ScimException {
		ScimCall.of(request).resource("User", null);
		return list(client, ScimListRequest.read(ScimJson.readObject(body), this.limits));
	}

	private ResponseEntity<JsonNode> list(ScimClient client, ScimListRequest query) throws ScimException {
		ScimProjection projection = query.projection();
		UserPage page = this.users.list(client, query, !projection.omits("groups"));
		ObjectNode list = JsonUtils.getJsonNodeFactory().objectNode();
		list.putArray("schemas").add(LIST_RESPONSE);
		list.put("totalResults", page.total());
		list.put("startIndex", query.startIndex());
		list.put("itemsPerPage", page.users().size());
		ArrayNode resources = list.putArray("Resources");
		for (UserEntry user : page.users()) {
			resources.add(projection.apply(this.representation.render(user), ScimUserRepresentation.EXTENSIONS));
		}
		return ResponseEntity.ok().contentType(ScimJson.MEDIA_TYPE).body(list);
	}

	@PutMapping("/{id}")
	ResponseEntity<JsonNode> replace(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestBody(required = false) byte[] body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource("User", id);
		UserEntryUpdate update = this.users.replace(client, uuid(id), ScimJson.readObject(body), ifMatch, call);
		return resource(HttpStatus.OK, update.entry(), ScimProjection.of(attributes, excludedAttributes));
	}

	@PatchMapping("/{id}")
	ResponseEntity<JsonNode> patch(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestBody(required = false) byte[] body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource("User", id);
		UserEntryUpdate update = this.users.patch(client, uuid(id), ScimJson.readObject(body), ifMatch, call);
		// 200 with the user rather than 204: Okta reads the answer of every PATCH.
		return resource(HttpStatus.OK, update.entry(), ScimProjection.of(attributes, excludedAttributes));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal ScimClient client, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws ScimException {
		ScimCall call = ScimCall.of(request).resource("User", id);
		UserSummary deleted = this.users.delete(client, uuid(id), ifMatch);
		// The directory announces no change of a user it deleted, so the deleting door ends
		// their sessions, now that the deletion has committed.
		this.sessions.endSessionsOf(deleted.id());
		call.user(deleted.id(), deleted.userName()).outcome("deleted");
		return ResponseEntity.noContent().build();
	}


	private ResponseEntity<JsonNode> resource(HttpStatus status, UserEntry user, ScimProjection projection) {
		ObjectNode resource = projection.apply(this.representation.render(user), ScimUserRepresentation.EXTENSIONS);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType(ScimJson.MEDIA_TYPE)
			.eTag(ScimEtag.of(user.version()));
		if (status == HttpStatus.CREATED) {
			response.location(URI.create(this.representation.location(user.id())));
		}
		return response.body(resource);
	}



	/** A malformed id names no user: 404, as for an id that is unknown. */
	private static UUID uuid(String id) {
		try {
			return (id.length() == 36) ? UUID.fromString(id) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
