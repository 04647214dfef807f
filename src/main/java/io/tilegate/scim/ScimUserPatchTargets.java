package io.tilegate.scim;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.SchemaResource;

/**
 * What a PATCH of a user may target: the attributes of the User schemas that /Schemas serves
 * (RFC 7644 §3.5.2). An attribute they do not have, or one under a schema URN Tilegate does
 * not serve, is {@code invalidPath}; a read-only one ({@code id}, {@code meta},
 * {@code groups}, the manager's {@code displayName}) is {@code mutability}. Refused before any
 * operation applies, so a refused PATCH writes nothing, where it used to answer 200 and keep
 * nothing.
 */
final class ScimUserPatchTargets implements ScimPatchDialect.Targets {

	private final String id;

	private final Supplier<SchemaResource> tilegateUser;

	/**
	 * @param id the user's id, which a no-path value may repeat
	 * @param tilegateUser Tilegate's User extension as defined now, asked for only when a target
	 * is in it
	 */
	ScimUserPatchTargets(String id, Supplier<SchemaResource> tilegateUser) {
		this.id = id;
		this.tilegateUser = tilegateUser;
	}

	@Override
	public void check(Path path, int index) throws BadRequestException {
		SchemaResource schema = schema(path.getSchemaUrn(), "The path '" + path + "' of operation " + index);
		if (path.size() == 0) {
			return;
		}
		String name = path.getElement(0).getAttribute();
		if (schema == ScimSchemas.CORE_USER && isCommon(name)) {
			throw readOnly(name, index);
		}
		AttributeDefinition attribute = known(ScimSchemas.attribute(schema, name), path, index);
		refuseReadOnly(attribute, path, index);
		if (path.getElement(0).getValueFilter() != null) {
			checkFilter(attribute, path.getElement(0).getValueFilter(), path, index);
		}
		if (path.size() > 1) {
			AttributeDefinition sub = known(ScimSchemas.subAttribute(attribute, path.getElement(1).getAttribute()), path,
					index);
			refuseReadOnly(sub, path, index);
		}
	}

	@Override
	public void checkValue(ObjectNode value, int index) throws BadRequestException {
		Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			if (name.regionMatches(true, 0, "urn:", 0, 4)) {
				SchemaResource schema = schema(name, "The value of operation " + index);
				if (field.getValue().isObject()) {
					Iterator<String> names = field.getValue().fieldNames();
					while (names.hasNext()) {
						check(Path.root(schema.getId()).attribute(names.next()), index);
					}
				}
				continue;
			}
			// What describes the user rather than changes them, as a client that sends the
			// whole resource repeats it: RFC 7644 §3.5.1 lets a PUT carry it too.
			if (name.equalsIgnoreCase("meta") || name.equalsIgnoreCase("schemas")
					|| (name.equalsIgnoreCase("id") && field.getValue().asText("").equals(this.id))) {
				continue;
			}
			check(Path.root().attribute(name), index);
		}
	}

	private SchemaResource schema(String urn, String what) throws BadRequestException {
		if (urn == null || urn.equalsIgnoreCase(ScimSchemas.USER) || urn.equalsIgnoreCase(ScimUserRequest.CORE_1_0)) {
			return ScimSchemas.CORE_USER;
		}
		if (urn.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER) || urn.equalsIgnoreCase(ScimUserRequest.ENTERPRISE_1_0)) {
			return ScimSchemas.ENTERPRISE;
		}
		if (urn.equalsIgnoreCase(ScimSchemas.TILEGATE_USER)) {
			return this.tilegateUser.get();
		}
		throw BadRequestException.invalidPath(what + " names the schema " + urn + ", which Tilegate does not serve "
				+ "for users; nothing was written. Its User schemas are " + ScimSchemas.USER + ", "
				+ ScimSchemas.ENTERPRISE_USER + " and " + ScimSchemas.TILEGATE_USER + " (GET /Schemas).");
	}

	/** Each attribute a value filter compares must be a sub-attribute of the one it filters. */
	private static void checkFilter(AttributeDefinition attribute, Filter filter, Path path, int index)
			throws BadRequestException {
		if (filter.isCombiningFilter()) {
			for (Filter term : filter.getCombinedFilters()) {
				checkFilter(attribute, term, path, index);
			}
		}
		else if (filter.isNotFilter()) {
			checkFilter(attribute, filter.getInvertedFilter(), path, index);
		}
		else if (filter.getAttributePath() != null && filter.getAttributePath().size() > 0) {
			known(ScimSchemas.subAttribute(attribute, filter.getAttributePath().getElement(0).getAttribute()), path,
					index);
		}
	}

	private static AttributeDefinition known(AttributeDefinition attribute, Path path, int index)
			throws BadRequestException {
		if (attribute == null) {
			throw BadRequestException.invalidPath("The path '" + path + "' of operation " + index + " names an "
					+ "attribute Tilegate's User schemas do not have; nothing was written. GET /Schemas lists the "
					+ "attributes Tilegate keeps.");
		}
		return attribute;
	}

	private static void refuseReadOnly(AttributeDefinition attribute, Path path, int index)
			throws BadRequestException {
		if (attribute.getMutability() == Mutability.READ_ONLY) {
			throw readOnly(path.toString(), index);
		}
	}

	private static boolean isCommon(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "id", "meta", "schemas" -> true;
			default -> false;
		};
	}

	private static BadRequestException readOnly(String target, int index) {
		return BadRequestException.mutability("Operation " + index + " targets " + target + ", which is read-only "
				+ "(RFC 7643 §3.1, §4.1); nothing was written. Group memberships change through /Groups, and the id "
				+ "and meta are Tilegate's.");
	}

}
