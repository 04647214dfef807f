package io.tilegate.scim;

import java.net.http.HttpResponse;
import java.util.List;

import io.tilegate.saml.Browser;
import io.tilegate.system.JsonHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule between SAML group sync and SCIM group push, through both real endpoints: a group
 * SCIM pushed (created, adopted, replaced or patched) is SCIM's, and SAML sign-ins neither add
 * to it nor take from it; every other group of the connection stays SAML's.
 */
class ScimGroupSamlRuleTests extends ScimGroupIntegrationTest {

	@Test
	void samlSignInsLeaveAPushedGroupAloneAndKeepTheirOwn() {
		TestUser u = user("u");
		TestUser v = user("v");
		String engineering = groupName("Engineering");
		String sales = groupName("Sales");
		String engineeringId = createGroup(engineering, u);

		signIn(u, sales);
		assertThat(memberIds(engineeringId)).containsExactly(u.id());
		assertThat(memberIds(groupId(sales))).containsExactly(u.id());

		signIn(v, engineering.toUpperCase());
		assertThat(memberIds(engineeringId)).containsExactly(u.id());
		assertThat(this.scim.get("/Groups?filter=" + ScimHttp.q("displayName eq \"" + engineering + "\""))
			.json()
			.path("totalResults")
			.asInt()).isEqualTo(1);

		JsonHttpResponse removed = this.scim.patch("/Groups/" + engineeringId,
				"{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.id() + "\\\"]\"}]}");
		assertThat(removed.status()).isEqualTo(204);
		signIn(u, engineering, sales);
		assertThat(memberIds(engineeringId)).isEmpty();
		assertThat(memberIds(groupId(sales))).containsExactly(u.id());

		// SAML still owns its own groups: leaving Sales out takes the user out of it.
		signIn(u, engineering);
		assertThat(memberIds(groupId(sales))).isEmpty();
	}

	@Test
	void aPushWithTheNameOfAnAssertedGroupAdoptsIt() {
		TestUser u = user("u");
		TestUser w = user("w");
		String support = groupName("Support");
		signIn(w, support);
		String samlId = groupId(support);

		JsonHttpResponse pushed = this.scim.post("/Groups", "{\"displayName\":\"" + support.toLowerCase()
				+ "\",\"members\":[{\"value\":\"" + u.id() + "\"}]}");

		assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
		assertThat(pushed.json().path("id").asText()).isEqualTo(samlId);
		assertThat(pushed.json().path("displayName").asText()).isEqualTo(support.toLowerCase());
		assertThat(memberIds(samlId)).containsExactly(u.id());

		signIn(w, support, groupName("Other"));
		assertThat(memberIds(samlId)).containsExactly(u.id());
	}

	@Test
	void aPatchOfAnAssertedGroupAdoptsItToo() {
		TestUser w = user("w");
		TestUser x = user("x");
		String linked = groupName("Linked");
		signIn(w, linked);
		String samlId = groupId(linked);

		// Okta links a pushed group to an existing one by name, then sends its rename PATCH.
		JsonHttpResponse patched = this.scim.patch("/Groups/" + samlId,
				"{\"Operations\":[{\"op\":\"replace\",\"value\":{\"id\":\"" + samlId + "\",\"displayName\":\"" + linked
						+ "\"}}]}");
		assertThat(patched.status()).isEqualTo(204);

		signIn(w, groupName("Elsewhere"));
		signIn(x, linked);
		assertThat(memberIds(samlId)).containsExactly(w.id());
	}

	private void signIn(TestUser user, String... groups) {
		String acs = BASE + "/login/saml2/sso/" + CONNECTION;
		String audience = BASE + "/saml2/service-provider-metadata/" + CONNECTION;
		String response = idp.response(acs, audience)
			.nameId(user.userName())
			.attribute("email", user.userName())
			.attribute("groups", List.of(groups))
			.build()
			.base64();
		HttpResponse<String> acsResponse = new Browser(this.port).postResponse(CONNECTION, response, null);
		assertThat(acsResponse.statusCode()).as(acsResponse.body()).isEqualTo(302);
	}

	private String groupId(String displayName) {
		JsonHttpResponse found = this.scim
			.get("/Groups?excludedAttributes=members&filter=" + ScimHttp.q("displayName eq \"" + displayName + "\""));
		assertThat(found.json().path("totalResults").asInt()).as(displayName).isEqualTo(1);
		return found.json().path("Resources").get(0).path("id").asText();
	}

}
