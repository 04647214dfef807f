package io.tilegate.scim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.tilegate.directory.MembershipStep;

/**
 * A PATCH of a group (RFC 7644 §3.5.2). Adding, removing and setting members by id are
 * {@link MembershipStep}s, which the directory applies to the member ids in SQL without reading
 * the group's other members: the SCIM library's engine compares each added or removed value
 * with every member, trying to read both as dates first, and a plain remove of one member of a
 * group of 2,000 cost up to 200 ms. When every operation is such a step or leaves the members
 * alone, the others are applied by the library to the group rendered without its members.
 * Otherwise (a member path such as {@code members[display eq "x"]}, or members in a value
 * without a path) the whole PATCH is applied by the library to the group as it is rendered,
 * except the member steps, applied in one pass over the members each. Either way a member is
 * there once, ids match in any case, and removing someone who is not a member is no error.
 *
 * <p>Before that, the shapes clients send that the library reads differently from what they
 * mean are put in RFC form, and fields an operation has beyond {@code op}, {@code path} and
 * {@code value} are dropped, as a user PATCH ignores them: Microsoft's SCIM test collection
 * names its operations ({@code "name": "addMember"}), which the library would refuse.
 */
final class GroupPatch {

	private static final String CORE_PREFIX = ScimGroupRepresentation.SCHEMA + ":";

	private static final String MEMBERS = "members";

	private static final List<String> OPERATION_FIELDS = List.of("op", "path", "value");

	private final List<Step> steps;

	private final List<String> addedMemberIds;

	private final boolean membersBySteps;

	private GroupPatch(List<Step> steps, List<String> addedMemberIds, boolean membersBySteps) {
		this.steps = steps;
		this.addedMemberIds = addedMemberIds;
		this.membersBySteps = membersBySteps;
	}

	/**
	 * @param maxMembers the most members the operations may name together
	 * @throws BadRequestException {@code invalidSyntax} when the body is no PatchOp message,
	 * {@code invalidValue} when it names more members than that
	 */
	static GroupPatch read(ObjectNode body, int maxMembers) throws BadRequestException {
		JsonNode operations = body.get("Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PATCH body needs an 'Operations' array (RFC 7644 §3.5.2).");
		}
		int named = 0;
		List<String> added = new ArrayList<>();
		List<MemberChange> memberChanges = new ArrayList<>();
		boolean membersBySteps = true;
		for (JsonNode operation : operations) {
			if (!operation.isObject()) {
				throw BadRequestException.invalidSyntax("Each PATCH operation must be an object; " + operation + " is not.");
			}
			((ObjectNode) operation).retain(OPERATION_FIELDS);
			normalise((ObjectNode) operation);
			MemberChange change = MemberChange.of((ObjectNode) operation);
			memberChanges.add(change);
			if (change == null) {
				named += membersNamed((ObjectNode) operation, added);
				membersBySteps &= !touchesMembers((ObjectNode) operation);
			}
			else {
				named += change.ids().size();
				if (change.kind() != MembershipStep.Kind.REMOVE) {
					added.addAll(change.ids());
				}
			}
		}
		// Before the library reads the operations: with thousands of members, reading them is
		// already work a refusal should not wait for.
		if (named > maxMembers) {
			throw BadRequestException.invalidValue("This PATCH names " + named + " members in all its operations; "
					+ "Tilegate takes at most " + maxMembers + " in one request (tilegate.scim.max-patch-members). "
					+ "Send them in several requests of at most " + maxMembers + ". Nothing was changed.");
		}
		List<PatchOperation> parsed;
		try {
			// All of them, also those applied here, so that each is refused as the library refuses it.
			parsed = JsonUtils.nodeToValue(body.deepCopy().retain("schemas", "Operations"), PatchRequest.class)
				.getOperations();
		}
		catch (JsonProcessingException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			throw BadRequestException.invalidSyntax("The PATCH operations could not be read: " + ex.getMessage());
		}
		List<Step> steps = new ArrayList<>();
		for (int i = 0; i < parsed.size(); i++) {
			MemberChange change = memberChanges.get(i);
			steps.add((change != null) ? change : parsed.get(i)::apply);
		}
		return new GroupPatch(steps, List.copyOf(added), membersBySteps);
	}

	/** The ids the operations add or set as members, as sent (trimmed). */
	List<String> addedMemberIds() {
		return this.addedMemberIds;
	}

	/**
	 * Whether every operation is a {@link MembershipStep} or leaves the members alone: then
	 * {@link #membershipSteps()} and {@link #applyOthersTo} together are the whole PATCH.
	 */
	boolean membersBySteps() {
		return this.membersBySteps;
	}

	/** The member changes, in order. */
	List<MembershipStep> membershipSteps() {
		return this.steps.stream()
			.filter(MemberChange.class::isInstance)
			.map((step) -> ((MemberChange) step).step())
			.toList();
	}

	/** Applies every operation in order to the rendered group, which it changes. */
	ObjectNode applyTo(ObjectNode group) throws ScimException {
		for (Step step : this.steps) {
			step.applyTo(group);
		}
		return group;
	}

	/**
	 * Applies the operations other than the member changes in order to the group rendered
	 * without its members, which it changes.
	 */
	ObjectNode applyOthersTo(ObjectNode group) throws ScimException {
		for (Step step : this.steps) {
			if (!(step instanceof MemberChange)) {
				step.applyTo(group);
			}
		}
		return group;
	}

	/**
	 * Whether an operation that is no {@link MemberChange} reads or writes members, so that the
	 * library must see them: a path into them, or a value without a path that has them.
	 */
	private static boolean touchesMembers(ObjectNode operation) {
		JsonNode path = operation.get("path");
		if (path == null || path.isNull()) {
			JsonNode value = operation.get("value");
			if (value == null || !value.isObject()) {
				return false;
			}
			Iterator<String> names = value.fieldNames();
			while (names.hasNext()) {
				String name = names.next();
				// The core schema's URN may hold its attributes as an object.
				if (name.toLowerCase(Locale.ROOT).endsWith(MEMBERS)
						|| name.equalsIgnoreCase(ScimGroupRepresentation.SCHEMA)) {
					return true;
				}
			}
			return false;
		}
		String text = path.asText().trim().toLowerCase(Locale.ROOT);
		return text.equals(MEMBERS) || text.startsWith(MEMBERS + "[") || text.startsWith(MEMBERS + ".");
	}

	/**
	 * How many members a (normalised) operation that the library applies names: each value of
	 * {@code members}, with or without a path, and one for a path into it such as
	 * {@code members[display eq "x"]}.
	 * @param added where to put the ids an add or replace names
	 */
	private static int membersNamed(ObjectNode operation, List<String> added) {
		JsonNode path = operation.get("path");
		JsonNode value = operation.get("value");
		String op = operation.path("op").asText();
		boolean adds = "add".equals(op) || "replace".equals(op);
		if (path == null || path.isNull()) {
			JsonNode members = (value != null && value.isObject()) ? value.get(MEMBERS) : null;
			return count(members, adds ? added : null);
		}
		String text = path.asText().trim().toLowerCase(Locale.ROOT);
		if (text.equals(MEMBERS)) {
			return count(value, adds ? added : null);
		}
		return (text.startsWith(MEMBERS + "[") || text.startsWith(MEMBERS + ".")) ? 1 : 0;
	}

	private static int count(JsonNode members, List<String> ids) {
		if (members == null || members.isNull()) {
			return 0;
		}
		JsonNode list = members.isArray() ? members : JsonUtils.getJsonNodeFactory().arrayNode().add(members);
		if (ids != null) {
			for (JsonNode member : list) {
				JsonNode id = member.isObject() ? member.get("value") : null;
				if (id != null && id.isTextual()) {
					ids.add(id.textValue().trim());
				}
			}
		}
		return list.size();
	}

	private static void normalise(ObjectNode operation) {
		// Entra capitalises the op ("Add"); the library knows only three spellings of each.
		JsonNode op = operation.get("op");
		if (op != null && op.isTextual()) {
			operation.put("op", op.textValue().toLowerCase(Locale.ROOT));
		}
		// The core schema's attributes sit at the top level, not under their URN.
		JsonNode path = operation.get("path");
		if (path != null && path.isTextual() && path.textValue().regionMatches(true, 0, CORE_PREFIX, 0,
				CORE_PREFIX.length())) {
			operation.put("path", path.textValue().substring(CORE_PREFIX.length()));
			path = operation.get("path");
		}
		// One member sent as an object rather than an array of one: the library would make
		// members a single object instead of adding to the list.
		JsonNode value = operation.get("value");
		String opName = operation.path("op").asText();
		if (path != null && MEMBERS.equalsIgnoreCase(path.asText()) && value != null && value.isObject()
				&& ("add".equals(opName) || "replace".equals(opName))) {
			operation.putArray("value").add(value);
		}
	}

	/** What one operation does to the rendered group. */
	@FunctionalInterface
	private interface Step {

		void applyTo(ObjectNode group) throws ScimException;

	}

	/**
	 * An add, a remove or a replace of members by id, in the shapes Okta, Entra and OneLogin
	 * send: {@code add members [{"value": id}, ...]}, {@code remove members [{"value": id},
	 * ...]}, {@code remove members[value eq "id" or ...]}, {@code replace members [...]} and
	 * {@code remove members} (all of them). Any other shape, or a value that is not a user's id
	 * as a string, is left to the library, which refuses it as before.
	 * @param values the values added or set, as sent
	 * @param ids the ids added, removed or set, trimmed
	 */
	private record MemberChange(MembershipStep.Kind kind, List<JsonNode> values, List<String> ids) implements Step {

		static MemberChange of(ObjectNode operation) {
			String op = operation.path("op").asText();
			JsonNode path = operation.get("path");
			JsonNode value = operation.get("value");
			if (path == null || !path.isTextual()) {
				return null;
			}
			String target = path.textValue().trim();
			if (target.equalsIgnoreCase(MEMBERS)) {
				MembershipStep.Kind kind = switch (op) {
					case "add" -> MembershipStep.Kind.ADD;
					case "remove" -> MembershipStep.Kind.REMOVE;
					case "replace" -> MembershipStep.Kind.REPLACE;
					default -> null;
				};
				if (kind == MembershipStep.Kind.REMOVE && (value == null || value.isNull())) {
					return new MemberChange(MembershipStep.Kind.REPLACE, List.of(), List.of());
				}
				if (kind == null || value == null || !value.isArray()
						|| (value.isEmpty() && kind != MembershipStep.Kind.REPLACE)) {
					return null;
				}
				List<JsonNode> values = new ArrayList<>();
				List<String> ids = new ArrayList<>();
				for (JsonNode member : value) {
					String id = userId(member, kind != MembershipStep.Kind.REMOVE);
					if (id == null) {
						return null;
					}
					values.add(member);
					ids.add(id);
				}
				return new MemberChange(kind, values, ids);
			}
			if (op.equals("remove") && (value == null || value.isNull())
					&& target.regionMatches(true, 0, MEMBERS + "[", 0, MEMBERS.length() + 1)) {
				List<String> ids = removedByFilter(target);
				return (ids != null) ? new MemberChange(MembershipStep.Kind.REMOVE, List.of(), ids) : null;
			}
			return null;
		}

		MembershipStep step() {
			return new MembershipStep(this.kind, this.ids);
		}

		@Override
		public void applyTo(ObjectNode group) {
			JsonNode current = group.get(MEMBERS);
			ArrayNode members = (current != null && current.isArray()) ? (ArrayNode) current : null;
			if (this.kind == MembershipStep.Kind.REPLACE) {
				members = group.putArray(MEMBERS);
			}
			if (this.kind != MembershipStep.Kind.REMOVE) {
				if (members == null) {
					members = group.putArray(MEMBERS);
				}
				Set<String> present = new HashSet<>();
				members.forEach((member) -> present.add(key(member.path("value").asText())));
				for (int i = 0; i < this.values.size(); i++) {
					if (present.add(key(this.ids.get(i)))) {
						members.add(this.values.get(i).deepCopy());
					}
				}
				return;
			}
			if (members == null) {
				return;
			}
			Set<String> removed = new HashSet<>();
			this.ids.forEach((id) -> removed.add(key(id)));
			ArrayNode kept = JsonUtils.getJsonNodeFactory().arrayNode();
			members.forEach((member) -> {
				if (!removed.contains(key(member.path("value").asText()))) {
					kept.add(member);
				}
			});
			group.set(MEMBERS, kept);
		}

		/**
		 * The id of {@code {"value": id}}, or {@code null} for any other shape; what is added
		 * must also be a user, not a group (a type, when sent, says User).
		 */
		private static String userId(JsonNode member, boolean added) {
			JsonNode id = member.isObject() ? member.get("value") : null;
			if (id == null || !id.isTextual() || id.textValue().isBlank()) {
				return null;
			}
			JsonNode type = member.get("type");
			if (added && type != null && !type.isNull() && !"User".equalsIgnoreCase(type.asText())) {
				return null;
			}
			return id.textValue().trim();
		}

		/** The ids of {@code members[value eq "a" or value eq "b" ...]}, else {@code null}. */
		private static List<String> removedByFilter(String path) {
			Path parsed;
			try {
				parsed = Path.fromString(path);
			}
			catch (BadRequestException ex) {
				return null;
			}
			if (parsed.getSchemaUrn() != null || parsed.size() != 1
					|| !MEMBERS.equalsIgnoreCase(parsed.getElement(0).getAttribute())
					|| parsed.getElement(0).getValueFilter() == null) {
				return null;
			}
			List<String> ids = new ArrayList<>();
			return collectIds(parsed.getElement(0).getValueFilter(), ids) ? ids : null;
		}

		private static boolean collectIds(Filter filter, List<String> ids) {
			if (filter.getFilterType() == FilterType.OR) {
				for (Filter term : filter.getCombinedFilters()) {
					if (!collectIds(term, ids)) {
						return false;
					}
				}
				return true;
			}
			if (filter.getFilterType() != FilterType.EQUAL) {
				return false;
			}
			Path attribute = filter.getAttributePath();
			JsonNode id = filter.getComparisonValue();
			if (attribute.getSchemaUrn() != null || attribute.size() != 1
					|| !"value".equalsIgnoreCase(attribute.getElement(0).getAttribute())
					|| attribute.getElement(0).getValueFilter() != null || id == null || !id.isTextual()) {
				return false;
			}
			ids.add(id.textValue().trim());
			return true;
		}

		/** Ids are UUIDs, which the library matches regardless of case. */
		private static String key(String id) {
			return id.trim().toLowerCase(Locale.ROOT);
		}

	}

}
