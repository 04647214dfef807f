package io.tilegate.saml;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.SignedInUser;

import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;

/**
 * A user signed in through a connection. Its name is the NameID, because single logout
 * matches a LogoutRequest's NameID against it; the directory user is {@link #userId()}.
 * Assertion attributes are not kept: they are in the directory now, and the session should
 * not carry a second copy.
 */
public final class SamlPrincipal implements Saml2AuthenticatedPrincipal, SignedInUser, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID userId;

	private final String userName;

	private final String nameId;

	private final String connectionId;

	private final List<String> sessionIndexes;

	SamlPrincipal(UUID userId, String userName, String nameId, String connectionId, List<String> sessionIndexes) {
		this.userId = userId;
		this.userName = userName;
		this.nameId = nameId;
		this.connectionId = connectionId;
		this.sessionIndexes = List.copyOf(sessionIndexes);
	}

	@Override
	public UUID userId() {
		return this.userId;
	}

	public String userName() {
		return this.userName;
	}

	@Override
	public String getName() {
		return this.nameId;
	}

	@Override
	public Map<String, List<Object>> getAttributes() {
		return Map.of();
	}

	@Override
	public String getRelyingPartyRegistrationId() {
		return this.connectionId;
	}

	@Override
	public List<String> getSessionIndexes() {
		return this.sessionIndexes;
	}

}
