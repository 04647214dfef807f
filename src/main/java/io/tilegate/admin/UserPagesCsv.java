package io.tilegate.admin;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.tilegate.directory.UserListing;

/**
 * The users list as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break in double quotes), in UTF-8 with a byte-order mark. The file is meant to be opened in a spreadsheet, so
 * a cell the spreadsheet would run as a formula is written as text instead.
 */
final class UserPagesCsv {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private UserPagesCsv() {
	}

	static void header(Writer out) throws IOException {
		// Excel on Windows reads a CSV without a byte-order mark in the machine's ANSI code
		// page, which garbles every name outside ASCII; with it, Excel reads UTF-8.
		out.write('\uFEFF');
		line(out, "id", "user name", "first name", "last name", "email", "department", "title", "status",
				"last login (UTC)", "source");
	}

	static void row(Writer out, UserListing.Row row) throws IOException {
		line(out, row.id().toString(), row.userName(), row.firstName(), row.lastName(), row.email(), row.department(),
				row.title(), row.active() ? "active" : "deactivated", time(row.lastLoginAt()),
				UserPagesRow.source(row.source()));
	}

	private static void line(Writer out, String... cells) throws IOException {
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				out.write(',');
			}
			out.write(cell(cells[i]));
		}
		out.write("\r\n");
	}

	/**
	 * OWASP's advice on CSV injection: a value starting with {@code = + - @}, a tab or a
	 * carriage return gets a leading {@code '}, which spreadsheets read as "this is text".
	 */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String text = value;
		char first = text.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			text = "'" + text;
		}
		if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

	private static String time(Instant instant) {
		return (instant != null) ? UTC.format(instant.truncatedTo(ChronoUnit.SECONDS)) : "";
	}

}
