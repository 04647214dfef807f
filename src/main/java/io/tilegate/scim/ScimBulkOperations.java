package io.tilegate.scim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.BatchedCreate;
import io.tilegate.directory.CustomFields;
import io.tilegate.directory.GroupPushException;
import io.tilegate.directory.Provenance;
import io.tilegate.directory.UserEntries;
import io.tilegate.directory.UserEntry;
import io.tilegate.directory.UserEntryEdit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Runs the operations of a {@code /Bulk} request in order, each as the call it stands for:
 * through the same handler of {@link ScimUsersController} or {@link ScimGroupsController}, so
 * with the same checks, transaction, events and persona recompute, and answered as that call
 * would be. One operation failing rolls back that operation only.
 *
 * <p>Consecutive user creates are the exception, for speed: each is read and checked as a
 * single create is, then up to {@value #CREATES_PER_TRANSACTION} are written in one
 * transaction, their rows in JDBC batches ({@link UserEntries#createEntries}). A batch that the
 * database refuses as a whole (a user name taken by a concurrent create) rolls back, and its
 * creates are run again one by one, so each failure is answered alone.
 */
@Component
class ScimBulkOperations {

	private static final Logger logger = LoggerFactory.getLogger(ScimBulkOperations.class);

	static final int CREATES_PER_TRANSACTION = 100;

	private final ScimUsersController users;

	private final ScimGroupsController groups;

	private final ScimErrors errors;

	private final UserEntries entries;

	private final CustomFields customFields;

	private final ScimUserRepresentation representation;

	private final TilegateProperties properties;

	ScimBulkOperations(ScimUsersController users, ScimGroupsController groups, ScimErrors errors, UserEntries entries,
			CustomFields customFields, ScimUserRepresentation representation, TilegateProperties properties) {
		this.users = users;
		this.groups = groups;
		this.errors = errors;
		this.entries = entries;
		this.customFields = customFields;
		this.representation = representation;
		this.properties = properties;
	}

	/**
	 * What one operation came to, as the {@code BulkResponse} lists it (RFC 7644 §3.7.3).
	 * @param location {@code null} for a failed POST
	 * @param version the resource's ETag after the operation, when it has one
	 * @param error the SCIM error body of a failed operation, else {@code null}
	 * @param resourceId the resource's id, when known, for the event log
	 * @param outcome a short word on what happened, for the event log
	 */
	record Result(String method, String bulkId, String path, String location, String version, int status,
			JsonNode error, String resourceId, String outcome) {

		boolean failed() {
			return this.error != null;
		}

	}

	List<Result> run(ScimClient client, ScimBulkRequest bulk, HttpServletRequest request) {
		return new Run(client, bulk, request).run();
	}

	/** One request's operations being run, with what their bulkIds stand for so far. */
	private final class Run {

		private final ScimClient client;

		private final ScimBulkRequest bulk;

		private final HttpServletRequest request;

		private final List<Result> results = new ArrayList<>();

		/** bulkId to the id of the resource its POST created. */
		private final Map<String, String> created = new HashMap<>();

		/** bulkId to the operation's position, for every POST of the request. */
		private final Map<String, Integer> declared = new HashMap<>();

		/** User creates read and checked, not written yet, by position. */
		private final Map<Integer, UserEntryEdit> pending = new LinkedHashMap<>();

		private int failures;

		Run(ScimClient client, ScimBulkRequest bulk, HttpServletRequest request) {
			this.client = client;
			this.bulk = bulk;
			this.request = request;
			for (int i = 0; i < bulk.operations().size(); i++) {
				String bulkId = bulk.operations().get(i).bulkId();
				if (bulkId != null) {
					this.declared.putIfAbsent(bulkId, i);
				}
			}
		}

		List<Result> run() {
			List<ScimBulkRequest.Operation> operations = this.bulk.operations();
			for (int i = 0; i < operations.size() && !stopped(); i++) {
				ScimBulkRequest.Operation operation = operations.get(i);
				if (!operation.createsUser() || references(operation).stream().anyMatch(this::pendingCreate)) {
					writePending();
				}
				if (stopped()) {
					break;
				}
				if (operation.malformed() != null) {
					add(failure(operation, null, operation.malformed()));
					continue;
				}
				Resolved resolved;
				try {
					resolved = resolve(operation);
					if (operation.createsUser()) {
						// Read and checked now, as a single create is, and refused alone.
						this.pending.put(i, ScimUserRequest.read(resolved.data(),
								ScimBulkOperations.this.customFields::customFieldNames));
					}
				}
				catch (ScimException ex) {
					// Whatever was read before it is answered before it.
					writePending();
					if (!stopped()) {
						add(failure(operation, null, ex));
					}
					continue;
				}
				if (operation.createsUser()) {
					if (this.pending.size() >= CREATES_PER_TRANSACTION) {
						writePending();
					}
					continue;
				}
				add(call(operation, resolved));
			}
			writePending();
			return this.results;
		}

		private boolean stopped() {
			return this.failures >= this.bulk.failOnErrors();
		}

		private void add(Result result) {
			this.results.add(result);
			if (result.failed()) {
				this.failures++;
			}
			else if (result.bulkId() != null && result.resourceId() != null) {
				this.created.put(result.bulkId(), result.resourceId());
			}
		}

		private boolean pendingCreate(String bulkId) {
			Integer position = this.declared.get(bulkId);
			return position != null && this.pending.containsKey(position);
		}

		/** Writes the user creates read so far, as one batch, or one by one if the batch fails. */
		private void writePending() {
			if (this.pending.isEmpty()) {
				return;
			}
			List<Integer> positions = List.copyOf(this.pending.keySet());
			List<UserEntryEdit> edits = List.copyOf(this.pending.values());
			this.pending.clear();
			List<BatchedCreate> outcomes;
			try {
				outcomes = ScimBulkOperations.this.entries.createEntries(this.client.tenantId(), edits,
						this.bulk.failOnErrors() - this.failures,
						new Provenance(this.client.actor(), this.client.connectionId()));
			}
			catch (RuntimeException ex) {
				// Rolled back as a whole; alone, each create fails or succeeds on its own. Said in
				// the log, as nothing else shows that these creates were committed one at a time.
				logger.warn("A batch of {} user creates in a /Bulk request was rolled back ({}); they are written one by one",
						positions.size(), ex.getClass().getSimpleName());
				for (int position : positions) {
					if (stopped()) {
						return;
					}
					ScimBulkRequest.Operation operation = this.bulk.operations().get(position);
					try {
						add(call(operation, resolve(operation)));
					}
					catch (ScimException resolveFailed) {
						add(failure(operation, null, resolveFailed));
					}
				}
				return;
			}
			for (int i = 0; i < outcomes.size(); i++) {
				ScimBulkRequest.Operation operation = this.bulk.operations().get(positions.get(i));
				BatchedCreate outcome = outcomes.get(i);
				if (outcome.refused() != null) {
					add(failure(operation, null, ScimUsers.refusal(outcome.refused())));
					continue;
				}
				UserEntry user = outcome.created().entry();
				add(new Result("POST", operation.bulkId(), operation.path(),
						ScimBulkOperations.this.representation.location(user.id()), ScimEtag.of(user.version()), 201,
						null, user.id().toString(), "created"));
			}
		}

		/** Runs the operation through the handler of its own call. */
		private Result call(ScimBulkRequest.Operation operation, Resolved resolved) {
			OperationRequest alone = new OperationRequest(this.request);
			byte[] body = (resolved.data() != null) ? resolved.data().toString().getBytes(StandardCharsets.UTF_8) : null;
			String id = resolved.id();
			String version = operation.version();
			ResponseEntity<?> answer;
			try {
				answer = switch (operation.resource() + " " + operation.method()) {
					case "Users POST" -> ScimBulkOperations.this.users.create(this.client, body, null, null, alone);
					case "Users PUT" ->
						ScimBulkOperations.this.users.replace(this.client, id, body, version, null, null, alone);
					case "Users PATCH" ->
						ScimBulkOperations.this.users.patch(this.client, id, body, version, null, null, alone);
					case "Users DELETE" -> ScimBulkOperations.this.users.delete(this.client, id, version, alone);
					case "Groups POST" -> ScimBulkOperations.this.groups.create(this.client, body, null, null, alone);
					case "Groups PUT" ->
						ScimBulkOperations.this.groups.replace(this.client, id, body, version, null, null, alone);
					case "Groups PATCH" -> ScimBulkOperations.this.groups.patch(this.client, id, body, version, alone);
					case "Groups DELETE" -> ScimBulkOperations.this.groups.delete(this.client, id, version, alone);
					default -> throw new IllegalStateException("No bulk handler for " + operation.method() + " "
							+ operation.resource());
				};
			}
			catch (ScimException ex) {
				return failure(operation, resolved.path(), ex);
			}
			catch (GroupPushException ex) {
				return failure(operation, resolved.path(), ScimBulkOperations.this.groups.refused(ex));
			}
			catch (OptimisticLockingFailureException ex) {
				return failure(operation, resolved.path(), ScimBulkOperations.this.errors.concurrent(ex));
			}
			catch (RuntimeException ex) {
				return failure(operation, resolved.path(), ScimBulkOperations.this.errors.unexpected(ex));
			}
			ScimCall call = ScimCall.of(alone);
			String resourceId = (id != null) ? id : call.resourceId();
			String location = (answer.getHeaders().getLocation() != null) ? answer.getHeaders().getLocation().toString()
					: ScimBulkOperations.this.properties.base() + ScimResourcePaths.BASE + "/" + operation.resource()
							+ "/" + resourceId;
			return new Result(operation.method(), operation.bulkId(), resolved.path(), location,
					answer.getHeaders().getETag(), answer.getStatusCode().value(), null, resourceId, call.outcome());
		}

		private Result failure(ScimBulkRequest.Operation operation, String resolvedPath, ScimException ex) {
			return failure(operation, resolvedPath, ScimErrors.body(ex.getScimError()));
		}

		/**
		 * @param resolvedPath the path with its id resolved, or {@code null} when it is not
		 * known: a failed operation has a location only when it names its resource
		 */
		private Result failure(ScimBulkRequest.Operation operation, String resolvedPath, ResponseEntity<JsonNode> error) {
			String location = (resolvedPath != null && !"POST".equals(operation.method()))
					? ScimBulkOperations.this.properties.base() + ScimResourcePaths.BASE + resolvedPath : null;
			return new Result(operation.method(), operation.bulkId(),
					(resolvedPath != null) ? resolvedPath : operation.path(), location, null,
					error.getStatusCode().value(), error.getBody(), null, "failed");
		}

		/**
		 * The operation with every {@code bulkId:} reference, in its path and its data, replaced
		 * by the id of the resource that bulkId's POST created (RFC 7644 §3.7.2).
		 * @throws ScimException 400 for a bulkId no operation of the request declares, 409 for
		 * one whose operation failed or comes later
		 */
		private Resolved resolve(ScimBulkRequest.Operation operation) throws ScimException {
			String id = (operation.id() != null) ? resolve(operation.id()) : null;
			ObjectNode data = operation.data();
			if (data != null && !references(operation).isEmpty()) {
				data = data.deepCopy();
				replaceReferences(data);
			}
			String path = "/" + operation.resource() + ((id != null) ? "/" + id : "");
			return new Resolved(id, path, data);
		}

		private String resolve(String value) throws ScimException {
			if (!value.startsWith(ScimBulkRequest.BULK_ID_PREFIX)) {
				return value;
			}
			String bulkId = value.substring(ScimBulkRequest.BULK_ID_PREFIX.length());
			String id = this.created.get(bulkId);
			if (id != null) {
				return id;
			}
			Integer position = this.declared.get(bulkId);
			if (position == null) {
				throw BadRequestException.invalidValue("No operation of this request has the bulkId '" + bulkId
						+ "' that " + value + " refers to.");
			}
			boolean ran = position < this.results.size() + this.pending.size();
			throw new ResourceConflictException(ran
					? "The operation with bulkId '" + bulkId + "' failed, so " + value + " refers to nothing."
					: "The operation with bulkId '" + bulkId + "' comes later in the request; Tilegate runs operations "
							+ "in order, so send it before the operations that refer to it.");
		}

		private void replaceReferences(JsonNode node) throws ScimException {
			if (node.isObject()) {
				ObjectNode object = (ObjectNode) node;
				for (String name : List.copyOf(object.properties().stream().map(Map.Entry::getKey).toList())) {
					JsonNode value = object.get(name);
					if (value.isTextual()) {
						object.set(name, TextNode.valueOf(resolve(value.asText())));
					}
					else {
						replaceReferences(value);
					}
				}
			}
			else if (node.isArray()) {
				for (int i = 0; i < node.size(); i++) {
					JsonNode element = node.get(i);
					if (element.isTextual()) {
						((ArrayNode) node).set(i,
								TextNode.valueOf(resolve(element.asText())));
					}
					else {
						replaceReferences(element);
					}
				}
			}
		}

		/** The bulkIds the operation refers to, in its path or anywhere in its data. */
		private Set<String> references(ScimBulkRequest.Operation operation) {
			Set<String> bulkIds = new HashSet<>();
			if (operation.id() != null && operation.id().startsWith(ScimBulkRequest.BULK_ID_PREFIX)) {
				bulkIds.add(operation.id().substring(ScimBulkRequest.BULK_ID_PREFIX.length()));
			}
			if (operation.data() != null) {
				collectReferences(operation.data(), bulkIds);
			}
			return bulkIds;
		}

	}

	private static void collectReferences(JsonNode node, Set<String> bulkIds) {
		if (node.isTextual()) {
			if (node.asText().startsWith(ScimBulkRequest.BULK_ID_PREFIX)) {
				bulkIds.add(node.asText().substring(ScimBulkRequest.BULK_ID_PREFIX.length()));
			}
			return;
		}
		for (JsonNode child : node) {
			collectReferences(child, bulkIds);
		}
	}

	/**
	 * The operation's id and data with their references replaced.
	 * @param path {@code /Users/{id}} with the id as resolved
	 */
	private record Resolved(String id, String path, ObjectNode data) {
	}

	/**
	 * The bulk request, as seen by the handler of one operation: its own attributes, so that
	 * what the handler notes of its call ({@link ScimCall}) is that operation's, not the bulk
	 * request's.
	 */
	private static final class OperationRequest extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		OperationRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

	}

}
