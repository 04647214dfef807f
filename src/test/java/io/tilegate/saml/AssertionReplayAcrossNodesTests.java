package io.tilegate.saml;

import io.tilegate.TilegateApplication;
import io.tilegate.connections.ConnectionOrigin;
import io.tilegate.connections.ConnectionSettings;
import io.tilegate.connections.Connections;
import io.tilegate.demo.IssuedResponse;
import io.tilegate.demo.SamlIdentityProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay cache lives in the database, so a response used once is refused by every node
 * sharing that database, and still after a restart: here, real Tilegate instances on one
 * database.
 */
class AssertionReplayAcrossNodesTests {

	private static final String BASE = "https://intranet.example.com";

	@Test
	void aResponseUsedOnOneNodeIsRefusedOnAnotherAndAfterARestart() {
		String database = "jdbc:h2:mem:replay-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
		SamlIdentityProvider idp = SamlIdentityProvider.create("https://idp.nodes.test/metadata",
				"https://idp.nodes.test/sso", "https://idp.nodes.test/slo");
		IssuedResponse issued = idp
			.response(BASE + "/login/saml2/sso/nodes", BASE + "/saml2/service-provider-metadata/nodes")
			.nameId("node.user@example.com")
			.build();

		try (ConfigurableApplicationContext first = start(database);
				ConfigurableApplicationContext second = start(database)) {
			first.getBean(Connections.class)
				.save("nodes", ConnectionSettings.metadataOnly(idp.metadataXml(false)), ConnectionOrigin.API, "test");

			assertThat(new Browser(port(first)).postResponse("nodes", issued.base64(), null).statusCode())
				.isEqualTo(302);
			var onOtherNode = new Browser(port(second)).postResponse("nodes", issued.base64(), null);
			assertThat(onOtherNode.statusCode()).isEqualTo(403);
			assertThat(onOtherNode.body()).contains("this sign-in response was already used");
		}
		try (ConfigurableApplicationContext restarted = start(database)) {
			var afterRestart = new Browser(port(restarted)).postResponse("nodes", issued.base64(), null);
			assertThat(afterRestart.statusCode()).isEqualTo(403);
			assertThat(afterRestart.body()).contains("this sign-in response was already used");
		}
	}

	private static ConfigurableApplicationContext start(String database) {
		return new SpringApplicationBuilder(TilegateApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database, "--tilegate.base-url=" + BASE,
				"--tilegate.idp-metadata-dir=target/no-idp-metadata", "--spring.main.banner-mode=off");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
