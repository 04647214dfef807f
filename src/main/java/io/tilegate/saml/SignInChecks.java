package io.tilegate.saml;

import java.time.Clock;

import io.tilegate.config.TilegateProperties;

import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.stereotype.Component;

/**
 * The checks a sign-in makes on a response and on each of its assertions once Spring has
 * verified their signatures: Spring's own and Tilegate's hardening, composed in this one
 * place, so that whoever needs them gets all of them.
 */
@Component
class SignInChecks {

	private final HardenedResponseValidator responses;

	private final HardenedAssertionValidator assertions;

	SignInChecks(ConnectionRegistrations registrations, TilegateProperties properties, Clock clock) {
		TilegateProperties.Saml saml = properties.saml();
		IssueInstantWindow window = new IssueInstantWindow(clock, saml.maxAssertionAge(), saml.clockSkew());
		// Whoever asks has just resolved the connection for this request, so the cached copy is current.
		this.responses = new HardenedResponseValidator((connectionId) -> registrations.lastResolved(connectionId)
			.map(ConnectionRegistrations.ResolvedConnection::allowIdpInitiated)
			.orElse(false), window);
		this.assertions = new HardenedAssertionValidator(window);
	}

	/** Makes the provider refuse every sign-in that fails one of them. */
	void enforceOn(OpenSaml4AuthenticationProvider provider) {
		provider.setResponseValidator(this.responses);
		provider.setAssertionValidator(this.assertions);
	}

}
