package io.tilegate.saml;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.tilegate.connections.Connections;
import io.tilegate.events.EventLog;
import io.tilegate.provisioning.JitProvisioner;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.web.authentication.OpenSaml4AuthenticationRequestResolver;
import org.springframework.security.saml2.provider.service.web.authentication.Saml2AuthenticationRequestResolver;

/**
 * The SAML service provider, assembled at Spring Security's seams. The provider is declared
 * here, never left to Boot: the default one calls an OpenSAML 4.1 constructor that 4.0.1 lacks.
 */
@Configuration(proxyBeanMethods = false)
public class SamlConfiguration {

	/**
	 * @param userSessionTimeout Spring Session's own timeout, which falls back to the servlet
	 * container's as this does
	 */
	@Bean
	OpenSaml4AuthenticationProvider samlAuthenticationProvider(SignInChecks checks, AssertionReplayCache replayCache,
			JitProvisioner provisioner, EventLog events, Connections connections, ConnectionRegistrations registrations,
			Clock clock, @Value("${spring.session.timeout:${server.servlet.session.timeout:30m}}") Duration userSessionTimeout) {
		OpenSaml4AuthenticationProvider provider = new OpenSaml4AuthenticationProvider();
		checks.enforceOn(provider);
		provider.setResponseElementsDecrypter(SpKeyDecryption.responseElements());
		provider.setResponseAuthenticationConverter(
				new SamlLoginCompletion(replayCache, provisioner, events, connections, registrations,
						userSessionTimeout, clock));
		return provider;
	}

	@Bean
	Saml2AuthenticationRequestResolver samlAuthenticationRequestResolver(ConnectionRegistrations registrations) {
		OpenSaml4AuthenticationRequestResolver resolver = new OpenSaml4AuthenticationRequestResolver(registrations);
		// The RelayState is the key of the pending request in the database, so it must be unguessable.
		resolver.setRelayStateResolver((request) -> UUID.randomUUID().toString());
		resolver.setAuthnRequestCustomizer((context) -> {
			if (FreshAdminSignIn.asked(context.getRequest())) {
				context.getAuthnRequest().setForceAuthn(true);
			}
		});
		return resolver;
	}

}
