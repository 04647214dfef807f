package io.tilegate.provisioning;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;

/**
 * Reads a hire date the way IdPs send it: ISO {@code yyyy-MM-dd}, US {@code MM/dd/yyyy}
 * (Okta's and Workday's default profile format) or an ISO date-time, of which only the date
 * as written counts. Converting a midnight time-stamp to UTC first would move people hired
 * on the 1st to the 31st.
 */
final class HireDateParser {

	private static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
			DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
			DateTimeFormatter.ISO_DATE_TIME);

	private HireDateParser() {
	}

	static Optional<LocalDate> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String text = value.trim();
		for (DateTimeFormatter format : FORMATS) {
			try {
				return Optional.of(LocalDate.from(format.parse(text)));
			}
			catch (DateTimeParseException ex) {
				// try the next format
			}
		}
		return Optional.empty();
	}

}
