package io.tilegate.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One CSV cell: RFC 4180 quoting, and what a spreadsheet would run as a formula written as
 * text (OWASP "CSV injection"). The export's own test covers the file around the cells.
 */
class UserPagesCsvTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"plain|ada@example.com|ada@example.com",
			"comma|Doe, Jr.|\"Doe, Jr.\"",
			"quote|The \"Analyst\"|\"The \"\"Analyst\"\"\"",
			"equals|=1+2|'=1+2",
			"plus|+44 20 7946 0000|'+44 20 7946 0000",
			"minus|-2|'-2",
			"at|@SUM(A1)|'@SUM(A1)",
			"formula with comma|=HYPERLINK(\"http://x\",\"y\")|\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
			"inner equals|a=b|a=b" })
	void aCellIsQuotedWhereRfc4180NeedsItAndFormulasAreText(String name, String value, String cell) {
		assertThat(UserPagesCsv.cell(value)).isEqualTo(cell);
	}

	@Test
	void aLeadingTabOrCarriageReturnIsWrittenAsTextToo() {
		assertThat(UserPagesCsv.cell("\t=cmd")).isEqualTo("'\t=cmd");
		assertThat(UserPagesCsv.cell("\r=cmd")).isEqualTo("\"'\r=cmd\"");
	}

	@Test
	void aLineBreakIsQuoted() {
		assertThat(UserPagesCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
	}

	@Test
	void anAbsentOrEmptyValueIsAnEmptyCell() {
		assertThat(UserPagesCsv.cell("")).isEmpty();
		assertThat(UserPagesCsv.cell(null)).isEmpty();
	}

}
