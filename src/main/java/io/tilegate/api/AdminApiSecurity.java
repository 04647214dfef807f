package io.tilegate.api;

import io.tilegate.access.AdminAccounts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API's own chain: every call needs the admin role, signed in as a script signs in
 * ({@link AdminApiAccess}).
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurity {

	@Bean
	@Order(2)
	SecurityFilterChain adminApiChain(HttpSecurity http, AdminApiAccess access) throws Exception {
		http.securityMatcher("/api/v1/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(AdminAccounts.AUTHORITY));
		access.configure(http);
		return http.build();
	}

}
