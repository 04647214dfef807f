package io.tilegate.images;

import java.util.UUID;

import io.tilegate.api.AdminApiIntegrationTest;
import io.tilegate.demo.SamlIdentityProvider;
import io.tilegate.directory.Directory;

/**
 * A person signed in over SAML to the running Tilegate of an {@link AdminApiIntegrationTest},
 * through connection {@value AdminApiIntegrationTest#CONNECTION}, with their browser.
 */
public record SignedInPerson(String userName, UUID id, PhotoBrowser browser) {

	/** A new person, made by their first sign-in. */
	public static SignedInPerson signInNew(int port, SamlIdentityProvider idp, Directory directory) {
		String userName = "person-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		PhotoBrowser browser = signIn(port, idp, userName);
		return new SignedInPerson(userName, directory.findByUserName(userName).orElseThrow().id(), browser);
	}

	/** Another browser signed in as this person. */
	public PhotoBrowser signInAgain(int port, SamlIdentityProvider idp) {
		return signIn(port, idp, this.userName);
	}

	private static PhotoBrowser signIn(int port, SamlIdentityProvider idp, String userName) {
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

}
