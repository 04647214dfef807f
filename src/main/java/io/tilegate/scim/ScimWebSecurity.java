package io.tilegate.scim;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The SCIM endpoint's own chain: stateless, bearer tokens only, no CSRF (no cookies are
 * involved), and every refusal as a SCIM error.
 */
@Configuration(proxyBeanMethods = false)
class ScimWebSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain scimChain(HttpSecurity http, ScimTokens tokens) throws Exception {
		http.securityMatcher("/scim/v2/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCIM_CLIENT"))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.requireExplicitSave(true))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> ScimBearerAuthentication.unauthorized(response)))
			.addFilterBefore(new ScimBearerAuthentication(tokens), AnonymousAuthenticationFilter.class);
		return http.build();
	}

}
