package io.tilegate.demo;

import io.tilegate.connections.Connections;
import io.tilegate.saml.SamlIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the demo profile there is no demo IdP to reach and no demo connection to trust. */
class DemoProfileOffTests extends SamlIntegrationTest {

	@Autowired
	Connections allConnections;

	@Test
	void theDemoIdentityProviderDoesNotExist() {
		assertThat(this.browser.get("/demo-idp").statusCode()).isEqualTo(404);
		assertThat(this.browser.get("/demo-idp", java.util.Map.of("Accept", "text/html")).body())
			.contains("This page does not exist");
		assertThat(this.browser.get("/demo-idp/metadata").statusCode()).isEqualTo(404);
		assertThat(this.allConnections.find("demo")).isEmpty();
	}

}
