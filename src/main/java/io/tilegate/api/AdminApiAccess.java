package io.tilegate.api;

import java.time.Clock;
import java.util.Set;

import io.tilegate.access.AdminAccounts;
import io.tilegate.access.AdminApiKeys;
import io.tilegate.access.AdminSignInThrottle;
import io.tilegate.config.TilegateProperties;
import io.tilegate.directory.Directory;
import io.tilegate.events.EventLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * How a script signs in as an admin, for every chain that scripts call: stateless, no cookies
 * and so no CSRF tokens, no redirects; HTTP Basic as an admin account or an admin API key, a
 * console session's admin for a browser, and every refusal as JSON. The admin API's chain and
 * the operations endpoints' chain ({@link ActuatorSecurity}) each add what they match and who
 * may call what.
 */
@Component
class AdminApiAccess {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final AdminAccounts accounts;

	private final AdminApiKeys keys;

	private final EventLog events;

	private final AdminSignInThrottle throttle;

	private final TilegateProperties properties;

	private final Directory directory;

	private final Clock clock;

	AdminApiAccess(AdminAccounts accounts, AdminApiKeys keys, EventLog events, AdminSignInThrottle throttle,
			TilegateProperties properties, Directory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
		this.accounts = accounts;
		this.keys = keys;
		this.events = events;
		this.throttle = throttle;
		this.properties = properties;
	}

	private static boolean isSignedInSession(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null
				&& session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
	}

	void configure(HttpSecurity http) throws Exception {
		// Not a bean: the browser chain's global authentication must not learn about passwords.
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(this.accounts.userDetails());
		passwords.setPasswordEncoder(this.accounts.passwordEncoder());
		passwords.setHideUserNotFoundExceptions(false);
		AuthenticationFilter credentials = new AuthenticationFilter(
				new ProviderManager(new AdminApiAuthenticationProvider(passwords, this.keys, this.throttle,
						this.directory)),
				AdminApiCredentials.CONVERTER);
		// The three-argument handler lets the call go on down the chain to its endpoint.
		credentials.setSuccessHandler((request, response, authentication) -> {
		});
		credentials.setFailureHandler(new AdminApiSignInRefusals(this.throttle, this.events));
		// For this request only: a script's credentials must never land in a console session.
		credentials.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
		// The console's session is read, never created or written: a browser signed in to Tilegate
		// gets 403 here unless it is an admin's.
		HttpSessionSecurityContextRepository browserSessions = new HttpSessionSecurityContextRepository();
		browserSessions.setAllowSessionCreation(false);
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Only a call that rides on a signed-in browser session needs a CSRF token; a script's
			// Authorization header is not sent by a browser on its own.
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher((request) -> !SAFE_METHODS.contains(request.getMethod())
					&& request.getHeader(HttpHeaders.AUTHORIZATION) == null && isSignedInSession(request)))
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context
				.securityContextRepository(new DelegatingSecurityContextRepository(
						new RequestAttributeSecurityContextRepository(), browserSessions))
				.requireExplicitSave(true))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> AdminApiSignInRefusals.unauthorized(response))
				.accessDeniedHandler((request, response, ex) -> ApiErrors.write(response, HttpStatus.FORBIDDEN,
						(ex instanceof CsrfException)
								? "A call made with the console's session cookie needs its CSRF token in the "
										+ "X-CSRF-TOKEN header; scripts should send an API key instead."
								: "This call needs the admin role, and you are signed in without it.")))
			// In this order: the site, then the credentials, then a console session without any.
			.addFilterBefore(new CrossSiteApiCalls(this.properties.baseUrl()), AnonymousAuthenticationFilter.class)
			.addFilterBefore(credentials, AnonymousAuthenticationFilter.class)
			.addFilterBefore(new ConsoleSessionAdmin(this.clock), AnonymousAuthenticationFilter.class);
	}

}
