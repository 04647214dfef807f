package io.tilegate.saml;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tilegate.directory.SignedInUser;
import io.tilegate.sessions.SessionBound;

import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal;

/**
 * A user signed in through a connection. Its name is the NameID, because single logout
 * matches a LogoutRequest's NameID against it; the directory user is {@link #userId()}.
 * Assertion attributes are not kept: they are in the directory now, and the session should
 * not carry a second copy.
 *
 * <p>It carries when the IdP last authenticated the user ({@code AuthnInstant}) and when the
 * session must end ({@link SessionBound}). Fields added since the first version read as
 * {@code null} from a session written before them: such a session has no bound of its own and
 * its admin is asked to sign in afresh before the console.
 */
public final class SamlPrincipal implements Saml2AuthenticatedPrincipal, SignedInUser, SessionBound, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID userId;

	private final String userName;

	private final String nameId;

	private final String connectionId;

	private final List<String> sessionIndexes;

	private final Instant signedInAt;

	private final Instant authnInstant;

	private final Instant sessionEndsAt;

	private final String sessionBoundReason;

	SamlPrincipal(UUID userId, String userName, String nameId, String connectionId, List<String> sessionIndexes,
			Instant signedInAt, Instant authnInstant, Instant sessionEndsAt, String sessionBoundReason) {
		this.userId = userId;
		this.userName = userName;
		this.nameId = nameId;
		this.connectionId = connectionId;
		this.sessionIndexes = List.copyOf(sessionIndexes);
		this.signedInAt = signedInAt;
		this.authnInstant = authnInstant;
		this.sessionEndsAt = sessionEndsAt;
		this.sessionBoundReason = sessionBoundReason;
	}

	/** When this sign-in reached Tilegate, by Tilegate's clock. */
	public Instant signedInAt() {
		return this.signedInAt;
	}

	/**
	 * When the IdP last authenticated the user ({@code AuthnInstant}), which may be long before
	 * this sign-in: an IdP session of its own signs people in again without asking.
	 */
	public Instant authnInstant() {
		return this.authnInstant;
	}

	@Override
	public Instant sessionEndsAt() {
		return this.sessionEndsAt;
	}

	@Override
	public String sessionBoundReason() {
		return this.sessionBoundReason;
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
