package io.tilegate.admin;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.tilegate.admin.ConsoleBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection page's sections over HTTP: each shows its own form alone, a save returns to
 * the section it came from, and a refused one is shown again there with what was typed, so an
 * edit elsewhere on the page is never on the page to be lost.
 */
class ConnectionPageSectionsTests extends AdminConsoleIntegrationTest {

	private static final String PAGE = "/admin/connections/" + CONNECTION;

	@Test
	void aSectionShowsItsOwnFormAloneWithTheOthersOneClickAway() {
		String options = this.admin.get(PAGE + "?section=options").body();

		assertThat(options).contains("id=\"options\"")
			.contains("<input type=\"hidden\" name=\"section\" value=\"options\">")
			.doesNotContain("id=\"attribute-mapping\"")
			.doesNotContain("id=\"scim-tokens\"")
			.doesNotContain("id=\"paste-into-idp\"")
			.containsPattern("href=\"" + PAGE + "\\?section=mapping\"\\s+id=\"section-mapping\"")
			.contains("id=\"section-options\" aria-current=\"page\" class=\"active\">Options</a>");
	}

	@Test
	void withoutASectionOrWithOneThatDoesNotExistThePageShowsEverything() {
		for (String page : new String[] { PAGE, PAGE + "?section=nonsense" }) {
			assertThat(this.admin.get(page).body()).contains("id=\"options\"")
				.contains("id=\"attribute-mapping\"")
				.contains("id=\"scim-tokens\"")
				.contains("id=\"paste-into-idp\"")
				.doesNotContain("name=\"section\"");
		}
	}

	@Test
	void aSaveReturnsToTheSectionItCameFrom() {
		this.admin.get(PAGE + "?section=options");

		HttpResponse<String> saved = this.admin.submit(PAGE + "/options",
				Map.of("allowIdpInitiated", "true", "linkByEmail", "true", "section", "options"));

		assertThat(location(saved)).isEqualTo(PAGE + "?section=options");
		assertThat(this.admin.follow(saved).body()).contains("Options saved.").doesNotContain("id=\"attribute-mapping\"");
	}

	@Test
	void aRefusedSaveIsShownAgainInItsSectionWithWhatWasTyped() {
		this.admin.get(PAGE + "?section=mapping");

		HttpResponse<String> refused = this.admin.submit(PAGE + "/mapping",
				Map.of("preset", "pingfederate", "override.email", "mail", "section", "mapping"));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Choose the attribute preset")
			.contains("value=\"mail\"")
			.contains("id=\"attribute-mapping\"")
			.doesNotContain("id=\"options\"");
	}

}
