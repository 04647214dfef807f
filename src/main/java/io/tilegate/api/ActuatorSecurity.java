package io.tilegate.api;

import io.tilegate.access.AdminAccounts;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The operations endpoints under {@code /actuator}, on the application's port or on
 * {@code MANAGEMENT_SERVER_PORT} alike. Health and its liveness and readiness groups are open,
 * for load balancers and Kubernetes probes, which hold no credentials; they answer UP or DOWN
 * and nothing more ({@code show-details: never}). Everything else, the Prometheus scrape
 * included, needs the admin role, signed in as a script signs in to the admin API: an admin
 * API key ({@code Authorization: Bearer tgadmin_…}, which Prometheus can send), the
 * break-glass admin's Basic credentials, or an admin's console session. A separate management
 * port keeps the endpoints off the port the proxy publishes; it does not open them.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

	@Bean
	@Order(3)
	SecurityFilterChain actuatorChain(HttpSecurity http, AdminApiAccess access) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.hasAuthority(AdminAccounts.AUTHORITY));
		access.configure(http);
		return http.build();
	}

}
