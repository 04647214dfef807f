package io.tilegate.sessions;

import io.tilegate.directory.SignedInUser;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SingleIndexResolver;
import org.springframework.stereotype.Component;

/**
 * What Spring Session writes to {@code PRINCIPAL_NAME}: the Tilegate user id of whoever signed
 * in, not Spring's default {@code Authentication.getName()}, which for a SAML user is the
 * NameID of one connection. A deactivation names the user by id whichever connection, or the
 * console, they signed in through, and a deleted user has no identity links left to turn back
 * into NameIDs; so the one indexed column holds the id, and a single logout that names a
 * NameID and SessionIndex narrows that user's few sessions by what their principal carries.
 *
 * <p>The break-glass admin is nobody in the directory; their sessions are indexed as
 * {@code account:<name>}, which no user id (a UUID) can equal.
 */
@Component
class SessionOwnerIndex extends SingleIndexResolver<Session> {

	static final String ACCOUNT_PREFIX = "account:";

	SessionOwnerIndex() {
		super(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
	}

	@Override
	public String resolveIndexValueFor(Session session) {
		String explicit = session.getAttribute(getIndexName());
		if (explicit != null) {
			return explicit;
		}
		return ownerOf(authenticationOf(session));
	}

	static String ownerOf(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		if (authentication.getPrincipal() instanceof SignedInUser user) {
			return user.userId().toString();
		}
		return ACCOUNT_PREFIX + authentication.getName();
	}

	static Authentication authenticationOf(Session session) {
		return authenticationIn(session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY));
	}

	static Authentication authenticationIn(Object securityContext) {
		return (securityContext instanceof SecurityContext security) ? security.getAuthentication() : null;
	}

}
