package io.tilegate.saml;

import java.net.http.HttpResponse;

import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.ReceivedSamlMessage;
import io.tilegate.system.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SAML state that lives in plain SQL (pending AuthnRequests, the replay cache, repeated
 * sign-ins, the event log) on a real PostgreSQL, through the real endpoints.
 */
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class SamlLoginPostgresTests extends SamlIntegrationTest {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@Test
	void spInitiatedSignInThenAReplayThenAnIdenticalReturn() {
		String user = uniqueUser();
		HttpResponse<String> start = this.browser.get("/saml2/authenticate/" + CONNECTION + "?returnTo=/spaces/1");
		ReceivedSamlMessage request = SamlLoginFlowTests.authnRequestFrom(start);
		IssuedResponse issued = response(user).attribute("groups", "A", "B").inResponseTo(request.id()).build();

		HttpResponse<String> acs = this.browser.postResponse(CONNECTION, issued.base64(),
				SamlLoginFlowTests.relayState(start));
		assertThat(acs.headers().firstValue("Location")).hasValue("/spaces/1");
		assertThat(this.browser.get("/").body()).contains(user);

		// Its AuthnRequest is used up, so a replay fails before it reaches the replay cache.
		assertRefused(new Browser(this.port).postResponse(CONNECTION, issued.base64(), null),
				"does not match a sign-in started here", "no saved authentication request");

		IssuedResponse fromTile = response(user).attribute("groups", "A", "B").build();
		Browser again = new Browser(this.port);
		assertThat(again.postResponse(CONNECTION, fromTile.base64(), null).statusCode()).isEqualTo(302);
		assertThat(again.get("/").body()).contains(user);
		assertRefused(new Browser(this.port).postResponse(CONNECTION, fromTile.base64(), null),
				"this sign-in response was already used", "was already used");
	}

}
