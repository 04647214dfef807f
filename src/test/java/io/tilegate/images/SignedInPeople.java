package io.tilegate.images;

import java.util.UUID;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.Directory;

/** People signed in over SAML to the running Tilegate of an {@link AdminApiIntegrationTest}. */
public final class SignedInPeople {

	private SignedInPeople() {
	}

	/**
	 * A browser signed in as a person (created by the sign-in if new), through connection
	 * {@value AdminApiIntegrationTest#CONNECTION}, which trusts {@code idp}.
	 */
	public static PhotoBrowser signIn(int port, SamlIdentityProvider idp, String userName) {
		String response = idp
			.response(AdminApiIntegrationTest.BASE + "/login/saml2/sso/" + AdminApiIntegrationTest.CONNECTION,
					AdminApiIntegrationTest.BASE + "/saml2/service-provider-metadata/"
							+ AdminApiIntegrationTest.CONNECTION)
			.nameId(userName)
			.attribute("firstName", "Jane")
			.attribute("lastName", "Doe")
			.attribute("email", userName)
			.build()
			.base64();
		return new PhotoBrowser(port).signInWithSaml(AdminApiIntegrationTest.CONNECTION, response);
	}

	public static UUID idOf(Directory directory, String userName) {
		return directory.findByUserName(userName).orElseThrow().id();
	}

	public static String uniqueUser() {
		return "person-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

}
