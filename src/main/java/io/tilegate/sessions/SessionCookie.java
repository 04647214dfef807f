package io.tilegate.sessions;

import org.springframework.boot.autoconfigure.session.DefaultCookieSerializerCustomizer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.stereotype.Component;

/**
 * The session cookie carries no SameSite attribute, as Tomcat's own JSESSIONID did before
 * sessions moved to the database; Spring Session would write {@code SameSite=Lax}.
 *
 * <p>Sign-in needs neither: the IdP's cross-site POST to the ACS arrives without the cookie
 * under Lax (spring-security#10828), and Tilegate finds its pending AuthnRequest by RelayState
 * in the database, not in the session. Single logout does need the cookie on a cross-site POST:
 * Spring keeps the LogoutRequest it sent in the session to match the IdP's LogoutResponse, and
 * an IdP's own LogoutRequest names the session only through the cookie. Okta answers by POST;
 * an explicit Lax would stop those in every browser, while without the attribute Chrome still
 * sends a fresh cookie on such a POST for two minutes and Firefox and Safari send it always.
 * Every form and every API call riding on the session checks a CSRF token, so SameSite is not
 * what stops cross-site requests here.
 */
@Component
class SessionCookie implements DefaultCookieSerializerCustomizer {

	@Override
	public void customize(DefaultCookieSerializer cookieSerializer) {
		cookieSerializer.setSameSite(null);
	}

}
