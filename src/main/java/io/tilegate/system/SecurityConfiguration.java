package io.tilegate.system;

import java.time.Clock;

import io.tilegate.access.AdminAccounts;
import io.tilegate.access.AdminSessions;
import io.tilegate.admin.AdminWebSecurity;
import io.tilegate.directory.Directory;
import io.tilegate.events.EventLog;
import io.tilegate.sessions.SessionBounds;
import io.tilegate.saml.SamlWebSecurity;
import io.tilegate.sessions.SignedInSessions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

	@Bean
	SecurityFilterChain browserChain(HttpSecurity http, SamlWebSecurity saml, AdminWebSecurity admin,
			Directory directory, EventLog events, SignedInSessions sessions, Clock clock) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/login/refused", "/error", "/favicon.ico", "/favicon.svg", "/css/**", "/js/**",
					"/saml2/service-provider-metadata/**", "/demo-idp", "/demo-idp/**", AdminSessions.SIGN_IN_PAGE)
			.permitAll()
			.requestMatchers("/admin", "/admin/**")
			.hasAuthority(AdminAccounts.AUTHORITY)
			.anyRequest()
			.authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new EndedSessionNotice(sessions, admin.signInPage()),
						PathPatternRequestMatcher.withDefaults().matcher("/admin/**"))
				.defaultAuthenticationEntryPointFor(new EndedSessionNotice(sessions, admin.signInPage()),
						PathPatternRequestMatcher.withDefaults().matcher("/admin"))
				.defaultAuthenticationEntryPointFor(new EndedSessionNotice(sessions, signInPage()),
						AnyRequestMatcher.INSTANCE))
			.requestCache((cache) -> cache.requestCache(savedRequests()))
			// The demo IdP's POST-binding endpoints receive SAML messages, which carry no CSRF token.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/demo-idp/sso", "/demo-idp/slo"))
			.logout((logout) -> logout.addLogoutHandler(saml.signOutEvent())
				.addLogoutHandler(admin.signOutEvent())
				.logoutSuccessHandler(saml.signOut()))
			// Images only from Tilegate itself: people's photos are served redrawn at /images, so a
			// page never needs another site's image, and an IdP's photo URL slipped into one would
			// neither load nor tell that site who is looking.
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(
						"default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
								+ "img-src 'self'; form-action 'self' https: http:; frame-ancestors 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		saml.configure(http);
		admin.configure(http);
		http.addFilterBefore(new SessionBounds(clock, events), AuthorizationFilter.class)
			.addFilterBefore(new ActiveUserSessions(directory, events), AuthorizationFilter.class);
		return http.build();
	}

	/**
	 * Remembers the page a signed-out user asked for, without Spring's "?continue" marker: the
	 * user returns there through the SAML RelayState, not through this cache.
	 */
	private static HttpSessionRequestCache savedRequests() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setMatchingRequestParameterName(null);
		return cache;
	}

	/** A relative redirect: an absolute one would be built from the request's Host header. */
	private static LoginUrlAuthenticationEntryPoint signInPage() {
		LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
		entryPoint.setFavorRelativeUris(true);
		return entryPoint;
	}

}
