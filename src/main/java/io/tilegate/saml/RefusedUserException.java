package io.tilegate.saml;

import java.io.Serial;
import java.util.UUID;

import org.springframework.security.saml2.core.Saml2Error;
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException;

/**
 * A valid response for a user who may not sign in: the refusal is recorded against that user,
 * so it shows in their sign-in history and under the events' user filter.
 */
final class RefusedUserException extends Saml2AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID userId;

	private final String userName;

	RefusedUserException(Saml2Error error, UUID userId, String userName) {
		super(error);
		this.userId = userId;
		this.userName = userName;
	}

	UUID userId() {
		return this.userId;
	}

	String userName() {
		return this.userName;
	}

}
