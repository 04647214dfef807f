package io.tilegate.directory;

import org.springframework.stereotype.Component;

/**
 * The {@code order by} of a listing, the same on H2 and PostgreSQL. RFC 7644 §3.4.2.3 asks
 * for text in "Unicode alphabetic sort order, with no specific locale implied", and a page
 * read from one database must follow the page before it read from the other: so text is
 * compared by code point. H2 compares strings that way (by UTF-16 unit, which differs only
 * for characters beyond U+FFFF against U+E000 to U+FFFF). PostgreSQL compares by the
 * database's collation, which for a locale like en_US.UTF-8 puts "émile" before "fred";
 * its "C" collation compares UTF-8 bytes, which is code point order. H2 knows no
 * {@code collate} clause, hence the clause per database.
 *
 * <p>Values without one come last, and first when descending (RFC 7644 §3.4.2.3), where
 * each database would otherwise put them apart. Ties are broken by id in the same direction,
 * so that a descending order is the ascending one reversed and paging never repeats or skips.
 *
 * <p>Case-insensitive keys are lower-cased before they get here. {@code lower()} in
 * PostgreSQL follows the database's {@code LC_CTYPE}; with {@code C} it folds only ASCII,
 * so such a database may order "Émile" and "émile" apart where H2 ties them.
 */
@Component
class UnicodeOrder {

	private final boolean postgres;

	UnicodeOrder(DatabaseProduct database) {
		this.postgres = database.postgres();
	}

	/**
	 * @param scope the column every row of the listing has the same value in (the tenant, the
	 * connection): it leads the order, changing nothing in it, because H2 walks an index in
	 * order only when the order names the index's columns from its first, and otherwise sorts
	 * the whole tenant for every page
	 * @param id the id column that breaks ties
	 */
	String orderBy(String scope, SortKey key, boolean descending, String id) {
		String direction = descending ? " desc" : " asc";
		StringBuilder sql = new StringBuilder(" order by ").append(scope).append(direction).append(", ")
			.append(key.expression());
		if (key.text() && this.postgres) {
			sql.append(" collate \"C\"");
		}
		sql.append(direction);
		if (key.nullable()) {
			sql.append(descending ? " nulls first" : " nulls last");
		}
		return sql.append(", ").append(id).append(direction).toString();
	}

}
