package io.tilegate.scim;

import java.util.List;

import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static io.tilegate.scim.ScimUserErrorTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter whose brackets, parentheses or quotes do not pair up is refused as
 * {@code invalidFilter}, on users and groups alike, rather than read as whatever the parser
 * makes of it; brackets and escaped quotes inside a quoted value stay text.
 */
class ScimFilterSyntaxTests extends ScimIntegrationTest {

	@Test
	void anUnpairedBracketParenthesisOrQuoteIsInvalidFilterOnUsers() {
		for (String filter : List.of("emails[type eq \"work\"", "emails[type eq \"work\" and value eq \"a@example.com\"",
				"(userName eq \"a\"", "((userName eq \"a\") or userName eq \"b\"", "userName eq \"a\")",
				"userName eq \"a\"]", "emails[type eq \"work\")", "(emails[type eq \"work\"]", "emails[(type eq \"work\"]",
				"userName eq \"unclosed", "userName eq \"escaped at the end\\\"")) {
			JsonHttpResponse response = this.scim.get("/Users?filter=" + ScimHttp.q(filter));
			assertError(response, 400, "invalidFilter");
			assertThat(response.json().path("detail").asText()).as(filter).containsAnyOf("'['", "'('", "')'", "']'",
					"quoted value");
		}
	}

	@Test
	void anUnpairedBracketOrParenthesisIsInvalidFilterOnGroups() {
		for (String filter : List.of("members[value eq \"x\"", "(displayName eq \"x\"", "displayName eq \"x\")",
				"displayName eq \"x\"]", "displayName eq \"x")) {
			assertError(this.scim.get("/Groups?filter=" + ScimHttp.q(filter)), 400, "invalidFilter");
		}
	}

	@Test
	void bracketsAndEscapedQuotesInsideAValueAreText() {
		for (String filter : List.of("userName eq \"a(b]c[\"", "userName eq \"say \\\"hi\\\" (\"",
				"emails[type eq \"work\"].value eq \"x@example.com\"", "(userName eq \"a\") or (emails[value co \")\"])",
				"not (userName eq \"a\")")) {
			JsonHttpResponse response = this.scim.get("/Users?filter=" + ScimHttp.q(filter));
			assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
		}
		assertThat(this.scim.get("/Groups?filter=" + ScimHttp.q("displayName eq \"[Ops]\"")).status()).isEqualTo(200);
	}

}
