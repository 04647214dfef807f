package io.tilegate.api;

import java.time.Clock;

import io.tilegate.admin.AdminAccounts;
import io.tilegate.events.EventLog;
import io.tilegate.system.TilegateProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The admin API's own chain: stateless, no cookies and so no CSRF tokens, no redirects;
 * HTTP Basic as an admin account or an admin API key, and every refusal as JSON.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurity {

	@Bean
	@Order(2)
	SecurityFilterChain adminApiChain(HttpSecurity http, AdminAccounts accounts, AdminApiKeys keys, EventLog events,
			Clock clock, TilegateProperties properties) throws Exception {
		// Not a bean: the browser chain's global authentication must not learn about passwords.
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts.userDetails());
		passwords.setPasswordEncoder(accounts.passwordEncoder());
		passwords.setHideUserNotFoundExceptions(false);
		AdminApiAuthentication authentication = new AdminApiAuthentication(passwords, keys,
				new AdminSignInThrottle(clock), events, properties.baseUrl());
		http.securityMatcher("/api/v1/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(AdminAccounts.AUTHORITY))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.requireExplicitSave(true))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> AdminApiAuthentication.unauthorized(response)))
			.addFilterBefore(authentication, AnonymousAuthenticationFilter.class);
		return http.build();
	}

}
