package io.tilegate.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tilegate.config.TilegateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The built-in demo identity provider at {@code /demo-idp}, and the one service provider it
 * knows: Tilegate's connection {@code demo}. Its key is generated at every start, so its
 * signatures are worthless outside this process; nothing here is fit for production.
 */
@Component
@Profile("demo")
public class DemoIdentityProvider {

	public static final String CONNECTION_ID = "demo";

	/** Members of this demo group are admins of the console. */
	public static final String ADMIN_GROUP = "tilegate-admins";

	private static final Logger logger = LoggerFactory.getLogger(DemoIdentityProvider.class);

	private final SamlIdentityProvider idp;

	private final String spEntityId;

	private final String acsUrl;

	private final String spSingleLogoutUrl;

	private final String spInitiatedStartUrl;

	// The SessionIndex last issued to each user, so IdP-initiated logout names that session.
	private final Map<String, String> sessionIndexes = new ConcurrentHashMap<>();

	DemoIdentityProvider(TilegateProperties properties) {
		String base = properties.base();
		this.idp = SamlIdentityProvider.create(base + "/demo-idp/metadata", base + "/demo-idp/sso",
				base + "/demo-idp/slo");
		this.spEntityId = base + "/saml2/service-provider-metadata/" + CONNECTION_ID;
		this.acsUrl = base + "/login/saml2/sso/" + CONNECTION_ID;
		this.spSingleLogoutUrl = base + "/logout/saml2/slo";
		this.spInitiatedStartUrl = base + "/saml2/authenticate/" + CONNECTION_ID;
		logger.warn("The demo identity provider is running at {}/demo-idp (profile 'demo'): anyone who can reach it "
				+ "can sign in as any demo user. Never run the 'demo' profile in production.", base);
	}

	/** Metadata of the demo IdP; Tilegate never sends signed AuthnRequests to it by requirement. */
	public String metadataXml() {
		return this.idp.metadataXml(false);
	}

	/**
	 * A response for the user, signed (response and assertion, RSA-SHA256) and valid for five
	 * minutes.
	 * @param inResponseTo the AuthnRequest's ID; null for an IdP-initiated sign-in
	 */
	public IssuedResponse signIn(DemoUser user, String inResponseTo) {
		IssuedResponse response = this.idp.response(this.acsUrl, this.spEntityId)
			.inResponseTo(inResponseTo)
			.nameId(user.userName())
			.attributes(user.attributes())
			.build();
		this.sessionIndexes.put(user.userName(), response.sessionIndex());
		return response;
	}

	/** Where to send the browser to sign the user out of Tilegate (IdP-initiated SLO). */
	public String signOutRedirect(DemoUser user) {
		return this.idp.logoutRequest(this.spSingleLogoutUrl, user.userName())
			.sessionIndex(this.sessionIndexes.remove(user.userName()))
			.buildRedirect()
			.redirectUrl(null);
	}

	/** Where to send the browser after ending the IdP side of an SP-initiated logout. */
	public String logoutResponseRedirect(String requestId, String relayState) {
		return this.idp.logoutResponse(this.spSingleLogoutUrl, requestId).buildRedirect().redirectUrl(relayState);
	}

	/** Forgets the user's IdP session after the SP asked for a logout. */
	public void endSession(String userName) {
		if (userName != null) {
			this.sessionIndexes.remove(userName);
		}
	}

	public String entityId() {
		return this.idp.entityId();
	}

	public String spEntityId() {
		return this.spEntityId;
	}

	public String acsUrl() {
		return this.acsUrl;
	}

	public String spSingleLogoutUrl() {
		return this.spSingleLogoutUrl;
	}

	public String spInitiatedStartUrl() {
		return this.spInitiatedStartUrl;
	}

}
