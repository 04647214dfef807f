package io.tilegate.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

import io.tilegate.directory.GroupCriteria;

/**
 * A parsed {@code /Groups} filter as directory criteria, which the directory turns into one
 * query. Only what IdPs look groups up by is supported, and the rest is refused rather than
 * answered wrongly: {@code eq} on {@code displayName} (regardless of case), {@code externalId},
 * {@code id} and {@code members.value} (also written {@code members[value eq "…"]}), combined
 * with {@code and} and {@code or}.
 */
final class GroupFilterTranslation {

	private static final String SUPPORTED = "Groups can be filtered with 'eq' on displayName, externalId, id or "
			+ "members.value (also written members[value eq \"…\"]), combined with 'and' and 'or'";

	private GroupFilterTranslation() {
	}

	/** @param filter as {@link ScimFilters#parse} read it; {@code null} for every group */
	static GroupCriteria criteria(Filter filter) throws BadRequestException {
		if (filter == null) {
			return GroupCriteria.all();
		}
		return translate(filter, "", filter);
	}

	private static GroupCriteria translate(Filter filter, String prefix, Filter whole) throws BadRequestException {
		if (filter.getFilterType() == FilterType.AND || filter.getFilterType() == FilterType.OR) {
			List<GroupCriteria> parts = new ArrayList<>();
			for (Filter part : filter.getCombinedFilters()) {
				parts.add(translate(part, prefix, whole));
			}
			return (filter.getFilterType() == FilterType.AND) ? new GroupCriteria.AllOf(parts)
					: new GroupCriteria.AnyOf(parts);
		}
		if (filter.getFilterType() == FilterType.COMPLEX_VALUE && prefix.isEmpty()
				&& "members".equals(attribute(filter.getAttributePath(), whole))) {
			return translate(filter.getValueFilter(), "members.", whole);
		}
		if (filter.getFilterType() == FilterType.EQUAL) {
			String attribute = prefix + attribute(filter.getAttributePath(), whole);
			if (!filter.getComparisonValue().isTextual()) {
				throw BadRequestException.invalidFilter("The filter '" + whole + "' compares " + attribute
						+ " with a value that is not a string; put the value in double quotes.");
			}
			String value = filter.getComparisonValue().textValue();
			switch (attribute) {
				case "displayname":
					return new GroupCriteria.DisplayNameIs(value);
				case "externalid":
					return new GroupCriteria.ExternalIdIs(value);
				case "id":
					return new GroupCriteria.IdIs(value);
				case "members.value":
					return new GroupCriteria.HasMember(value);
				default:
					break;
			}
		}
		throw unsupported(whole);
	}

	/** The attribute's lower-cased dotted name, without the core Group schema's URN. */
	private static String attribute(Path path, Filter whole) throws BadRequestException {
		if (path.getSchemaUrn() != null && !ScimGroupRepresentation.SCHEMA.equalsIgnoreCase(path.getSchemaUrn())) {
			throw unsupported(whole);
		}
		StringBuilder name = new StringBuilder();
		for (Path.Element element : path) {
			if (element.getValueFilter() != null) {
				throw unsupported(whole);
			}
			if (!name.isEmpty()) {
				name.append('.');
			}
			name.append(element.getAttribute().toLowerCase(Locale.ROOT));
		}
		return name.toString();
	}

	private static BadRequestException unsupported(Filter whole) {
		return BadRequestException.invalidFilter(SUPPORTED + "; '" + whole + "' is not supported.");
	}

}
