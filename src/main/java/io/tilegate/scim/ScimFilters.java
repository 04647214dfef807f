package io.tilegate.scim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import io.tilegate.config.TilegateProperties;

/**
 * Reads a {@code filter} query parameter with the SCIM library's parser, behind limits that
 * keep a hostile filter cheap to refuse, and after rewriting the one shape Entra sends that
 * RFC 7644 §3.4.2.2 has no grammar for.
 */
public final class ScimFilters {

	/**
	 * Entra looks users up with {@code emails[type eq "work"].value eq "x"}: a sub-attribute
	 * of a filtered value. The RFC grammar only allows the filter inside the brackets, so it is
	 * rewritten to the equivalent {@code emails[(type eq "work") and value eq "x"]}.
	 */
	private static final Pattern FILTERED_SUB_ATTRIBUTE = Pattern.compile(
			"([A-Za-z][\\w:.-]*)\\[([^\\[\\]]*)\\]\\.([A-Za-z]\\w*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+"
					+ "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s()\\[\\]]+)",
			Pattern.CASE_INSENSITIVE);

	/** Deeper than any client sends; deep enough to refuse 1,000 nested parentheses at once. */
	private static final int MAX_NESTING = 10;

	private ScimFilters() {
	}

	/**
	 * @return the parsed filter, or {@code null} when there is none
	 * @throws BadRequestException {@code invalidFilter} when it is too long, too deeply
	 * nested, combines too many terms, or does not parse
	 */
	public static Filter parse(String expression, TilegateProperties.Scim limits) throws BadRequestException {
		if (expression == null || expression.isBlank()) {
			return null;
		}
		if (expression.length() > limits.maxFilterLength()) {
			throw BadRequestException.invalidFilter("The filter has " + expression.length()
					+ " characters; at most " + limits.maxFilterLength() + " are accepted.");
		}
		checkNesting(expression);
		Filter filter;
		try {
			filter = Filter.fromString(rewriteFilteredSubAttributes(expression));
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter("The filter '" + expression + "' is not valid: " + ex.getMessage());
		}
		int terms = terms(filter);
		if (terms > limits.maxFilterTerms()) {
			throw BadRequestException.invalidFilter("The filter combines " + terms + " comparisons; at most "
					+ limits.maxFilterTerms() + " are accepted.");
		}
		return filter;
	}

	static String rewriteFilteredSubAttributes(String expression) {
		Matcher matcher = FILTERED_SUB_ATTRIBUTE.matcher(expression);
		StringBuilder rewritten = new StringBuilder();
		while (matcher.find()) {
			String replacement = matcher.group(1) + "[(" + matcher.group(2) + ") and " + matcher.group(3) + " "
					+ matcher.group(4) + " " + matcher.group(5) + "]";
			matcher.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(rewritten);
		return rewritten.toString();
	}

	/**
	 * A linear scan before parsing, so that a deeply nested filter never reaches a recursive
	 * parser, and one whose brackets, parentheses or quotes do not pair up is refused: the
	 * parser takes some of those, such as an unclosed {@code [}, for a complete filter.
	 */
	private static void checkNesting(String expression) throws BadRequestException {
		char[] opened = new char[MAX_NESTING];
		int[] openedAt = new int[MAX_NESTING];
		int depth = 0;
		int quoteAt = -1;
		for (int i = 0; i < expression.length(); i++) {
			char c = expression.charAt(i);
			if (quoteAt >= 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					quoteAt = -1;
				}
				continue;
			}
			switch (c) {
				case '"' -> quoteAt = i;
				case '(', '[' -> {
					if (depth == MAX_NESTING) {
						throw BadRequestException.invalidFilter(
								"The filter nests parentheses more than " + MAX_NESTING + " deep.");
					}
					opened[depth] = c;
					openedAt[depth] = i;
					depth++;
				}
				case ')', ']' -> {
					char opener = (c == ')') ? '(' : '[';
					if (depth == 0) {
						throw BadRequestException.invalidFilter("The filter closes '" + c + "' at position " + (i + 1)
								+ " without an open '" + opener + "'.");
					}
					if (opened[depth - 1] != opener) {
						throw BadRequestException.invalidFilter("The filter closes '" + c + "' at position " + (i + 1)
								+ " while the '" + opened[depth - 1] + "' at position " + (openedAt[depth - 1] + 1)
								+ " is open.");
					}
					depth--;
				}
				default -> {
				}
			}
		}
		if (quoteAt >= 0) {
			throw BadRequestException.invalidFilter("The quoted value that starts at position " + (quoteAt + 1)
					+ " of the filter has no closing '\"'.");
		}
		if (depth > 0) {
			throw BadRequestException.invalidFilter("The filter opens '" + opened[depth - 1] + "' at position "
					+ (openedAt[depth - 1] + 1) + " and never closes it.");
		}
	}

	private static int terms(Filter filter) {
		if (filter.isCombiningFilter()) {
			return filter.getCombinedFilters().stream().mapToInt(ScimFilters::terms).sum();
		}
		if (filter.isNotFilter()) {
			return terms(filter.getInvertedFilter());
		}
		if (filter.isComplexValueFilter()) {
			return terms(filter.getValueFilter());
		}
		return 1;
	}

}
