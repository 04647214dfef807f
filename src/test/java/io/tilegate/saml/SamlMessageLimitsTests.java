package io.tilegate.saml;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The nesting count sees through what could hide or fake a tag. */
class SamlMessageLimitsTests {

	private static String nesting(String xml, int max) {
		return SamlMessageLimits.nesting(xml.getBytes(StandardCharsets.UTF_8), max);
	}

	@Test
	void countsOpenElementsOnly() {
		assertThat(nesting("<a><b><c/><c/></b><b>text</b></a>", 2)).isNull();
		assertThat(nesting("<a><b><c></c></b></a>", 2)).startsWith("depth:");
	}

	@Test
	void tagsInsideCommentsCdataAndAttributeValuesDoNotCount() {
		String xml = "<?xml version=\"1.0\"?><a x=\"1 > 0\" y='<b>'><!-- <b><c><d> --><![CDATA[<b><c><d>]]></a>";
		assertThat(nesting(xml, 1)).isNull();
	}

	@Test
	void deepNestingIsFoundWithoutRecursion() {
		String xml = "<x>".repeat(200_000) + "</x>".repeat(200_000);
		assertThat(nesting(xml, 64)).startsWith("depth:");
	}

	@Test
	void doctypeAndTruncatedMarkupAreRefused() {
		assertThat(nesting("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", 10)).startsWith("malformed:");
		assertThat(nesting("<a><b", 10)).startsWith("malformed:");
		assertThat(nesting("<a><!-- never closed", 10)).startsWith("malformed:");
		assertThat(nesting("</a></b>", 10)).startsWith("malformed:");
	}

	@Test
	void multiByteCharactersAreSafe() {
		assertThat(nesting("<a title=\"Zoë ☃\"><b>Ünïcödé 日本</b></a>", 2)).isNull();
	}

}
