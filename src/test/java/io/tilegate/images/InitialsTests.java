package io.tilegate.images;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The letters shown for a person who has no image. */
class InitialsTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Ada Lovelace                  | AL
			ada lovelace                  | AL
			Ludwig van Beethoven          | LB
			Mary O'Brien                  | MO
			Cher                          | C
			Jean-Luc                      | JL
			grace.hopper@example.com      | GH
			grace_hopper                  | GH
			jdoe@example.com              | J
			'  Ada   Lovelace  '          | AL
			Łukasz Żuk                    | ŁŻ
			Иван Петров                   | ИП
			Γιώργος Παπαδόπουλος          | ΓΠ
			王小明                         | 王
			محمد علي                      | مع
			김 민준                        | 김민
			ǆuro ǉubić                    | ǅǈ
			ßen Anders                    | ßA
			🎉 Anna                        | A
			Anna 🎉                        | A
			🎉Anna Smith✨                 | AS
			(Bob) [Marley]                | BM
			R2 D2                         | RD
			007                           | 0
			""")
	void initialsOfANameInAnyScript(String name, String initials) {
		assertThat(Initials.of(name)).isEqualTo(initials);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			🎉🎉
			'   '
			'-._'
			""")
	void aNameWithoutALetterHasAPlaceholder(String name) {
		assertThat(Initials.of(name)).isEqualTo(Initials.NONE);
		assertThat(Initials.of(null)).isEqualTo(Initials.NONE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Ébène Ñandú                        | ÉÑ
			""")
	void accentsStayOnTheirLetterWhetherComposedOrNot(String composed, String initials) {
		String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
		assertThat(decomposed).isNotEqualTo(composed);
		assertThat(Initials.of(composed)).isEqualTo(initials);
		assertThat(Initials.of(decomposed)).isEqualTo(initials);
		assertThat(Initials.of("\u0301Ebene")).as("a stray combining mark is no letter").isEqualTo("E");
	}

}
