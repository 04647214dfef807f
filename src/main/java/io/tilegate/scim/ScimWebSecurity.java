package io.tilegate.scim;

import io.tilegate.config.ClusterBuckets;
import io.tilegate.config.TilegateProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * The SCIM endpoint's own chain: stateless, bearer tokens only, no CSRF (no cookies are
 * involved), and every refusal as a SCIM error. Once a call is authenticated and authorized,
 * it is logged, throttled per token and held to the body limit, in that order, so the event
 * log shows the 429s and 413s too.
 */
@Configuration(proxyBeanMethods = false)
class ScimWebSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain scimChain(HttpSecurity http, ScimTokens tokens, ScimCallLog callLog, ClusterBuckets buckets,
			TilegateProperties properties) throws Exception {
		TilegateProperties.Scim limits = properties.scim();
		AuthenticationFilter bearer = new AuthenticationFilter(
				new ProviderManager(new ScimTokenAuthenticationProvider(tokens)), ScimBearerToken.CONVERTER);
		// The three-argument handler lets the call go on down the chain to its endpoint.
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		bearer.setFailureHandler((request, response, ex) -> ScimTokenAuthenticationProvider.unauthorized(response));
		http.securityMatcher("/scim/v2/**")
			.authorizeHttpRequests(
					(requests) -> requests.anyRequest().hasAuthority(ScimTokenAuthenticationProvider.AUTHORITY))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.requireExplicitSave(true))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(
						(request, response, ex) -> ScimTokenAuthenticationProvider.unauthorized(response)))
			.addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
			.addFilterAfter(new ScimCallEvents(callLog), AuthorizationFilter.class)
			.addFilterAfter(new ScimThrottle(limits.requestsPerSecond(), limits.burst(), buckets), ScimCallEvents.class)
			.addFilterAfter(new ScimBodyLimit(limits.maxBodySize().toBytes(), limits.bulkMaxPayloadSize().toBytes()), ScimThrottle.class);
		return http.build();
	}

}
