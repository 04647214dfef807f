package io.tilegate.directory;

/**
 * What a listing is sorted by, as SQL.
 * @param expression a column or expression; a case-insensitive text already lower-cased, so
 * that both databases fold case the same way (the {@code *_key} columns are lower-cased by
 * Tilegate itself)
 * @param text whether it is text, which {@link UnicodeOrder} compares by code point
 * @param nullable whether it may have no value
 */
record SortKey(String expression, boolean text, boolean nullable) {

	static SortKey instant(String column, boolean nullable) {
		return new SortKey(column, false, nullable);
	}

	static SortKey text(String expression, boolean nullable) {
		return new SortKey(expression, true, nullable);
	}

}
