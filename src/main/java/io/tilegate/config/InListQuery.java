package io.tilegate.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A query of the rows whose key is among many values, asked in chunks: a bind parameter per
 * value keeps the values out of the SQL text, and PostgreSQL's driver refuses a statement of
 * more than 32,767 parameters, so a long list is split rather than sent whole.
 */
public final class InListQuery {

	static final int CHUNK = 500;

	private InListQuery() {
	}

	/**
	 * @param select the query, with {@code (?)} where the list of values goes: {@code ... id in (?)}
	 * @return what every chunk's query answered, in the order asked
	 */
	public static <T> List<T> of(JdbcTemplate jdbc, String select, Class<T> type, Collection<?> values) {
		if (!select.contains("(?)")) {
			throw new IllegalArgumentException("No (?) for the values in " + select);
		}
		List<?> all = List.copyOf(values);
		List<T> found = new ArrayList<>();
		for (int from = 0; from < all.size(); from += CHUNK) {
			List<?> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
			String sql = select.replace("(?)", "(" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")");
			found.addAll(jdbc.queryForList(sql, type, chunk.toArray()));
		}
		return found;
	}

}
