package io.tilegate.saml;

import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.tilegate.config.TilegateProperties;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider;
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The checks a sign-in makes on a response and on each of its assertions once Spring has
 * verified their signatures: Spring's own and Tilegate's hardening, composed in this one
 * place. The sign-in enforces them; the mapping page runs the very same ones and reports
 * them, so that a check added here shows on both.
 */
@Component
class SignInChecks {

	private final HardenedResponseValidator responses;

	private final HardenedAssertionValidator assertions;

	@Autowired
	SignInChecks(ConnectionRegistrations registrations, TilegateProperties properties, Clock clock) {
		// Whoever asks has just resolved the connection for this request, so the cached copy is current.
		this((connectionId) -> registrations.lastResolved(connectionId)
			.map(ConnectionRegistrations.ResolvedConnection::allowIdpInitiated)
			.orElse(false),
				new IssueInstantWindow(clock, properties.saml().maxAssertionAge(), properties.saml().clockSkew()));
	}

	/**
	 * @param acceptsUnsolicited whether the connection of this id allows IdP-initiated login
	 */
	SignInChecks(Predicate<String> acceptsUnsolicited, IssueInstantWindow window) {
		this.responses = new HardenedResponseValidator(acceptsUnsolicited, window);
		this.assertions = new HardenedAssertionValidator(window);
	}

	/** Makes the provider refuse every sign-in that fails one of them. */
	void enforceOn(OpenSaml4AuthenticationProvider provider) {
		provider.setResponseValidator(this.responses);
		provider.setAssertionValidator(this.assertions);
	}

	/**
	 * Every reason a sign-in would refuse the response for, in the order the provider meets
	 * them, and nothing refused. As at a sign-in, the response's signatures are for the
	 * caller to verify and its assertions already decrypted.
	 */
	List<SignInFinding> report(Response response, Saml2AuthenticationToken token) {
		List<SignInFinding> findings = new ArrayList<>(this.responses.findings(responseToken(response, token)));
		for (Assertion assertion : response.getAssertions()) {
			findings.addAll(this.assertions.findings(assertion, token));
		}
		return findings;
	}

	/**
	 * Spring's provider is the only maker of a ResponseToken (its constructor is package
	 * private), and Spring's default response validator takes nothing else.
	 */
	static ResponseToken responseToken(Response response, Saml2AuthenticationToken token) {
		try {
			Constructor<ResponseToken> constructor = ResponseToken.class.getDeclaredConstructor(Response.class,
					Saml2AuthenticationToken.class);
			constructor.setAccessible(true);
			return constructor.newInstance(response, token);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("This Spring Security has no ResponseToken(Response, "
					+ "Saml2AuthenticationToken) any more, so the sign-in's checks cannot be run outside a sign-in", ex);
		}
	}

}
