package io.tilegate.provisioning;

import java.util.List;
import java.util.UUID;

/**
 * A sign-in that would link a connection's NameID to an existing user the connection may not
 * vouch for; it is refused, and nothing is written. The message is for the admin: it says what
 * to change.
 */
public class LinkRefusedException extends RuntimeException {

	private final Kind kind;

	private final UUID userId;

	private final String userName;

	private LinkRefusedException(Kind kind, UUID userId, String userName, String message) {
		super(message);
		this.kind = kind;
		this.userId = userId;
		this.userName = userName;
	}

	static LinkRefusedException unverifiedDomain(String connectionId, String nameId, String email, String domain,
			String userName, UUID userId) {
		return new LinkRefusedException(Kind.EMAIL_DOMAIN_NOT_VERIFIED, userId, userName, "Sign-in " + nameId + " of "
				+ connectionId + " asserted the email " + email + " of existing user " + userName + ", but connection "
				+ connectionId + " does not list " + domain + " among its verified email domains, so it may not sign in "
				+ "as that user. If " + connectionId + "'s IdP owns " + domain + ", add the domain on the connection's "
				+ "page; otherwise the IdP asserts an address it does not own.");
	}

	static LinkRefusedException secondNameId(String connectionId, String nameId, List<String> linkedNameIds,
			String matchedBy, String userName, UUID userId) {
		return new LinkRefusedException(Kind.SECOND_NAME_ID, userId, userName, "Sign-in " + nameId + " of "
				+ connectionId + " has the same " + matchedBy + " as user " + userName + ", who already signs in through "
				+ connectionId + " as NameID " + String.join(", ", linkedNameIds) + ". A second NameID of one connection "
				+ "does not take over a user. If the IdP now names this user " + nameId + ", unlink the old NameID on the "
				+ "user's page; the next sign-in then links the new one.");
	}

	public Kind getKind() {
		return this.kind;
	}

	/** The existing user the sign-in would have been linked to. */
	public UUID getUserId() {
		return this.userId;
	}

	public String getUserName() {
		return this.userName;
	}

	public enum Kind {

		/** The asserted email is an existing user's, in a domain the connection does not list. */
		EMAIL_DOMAIN_NOT_VERIFIED,

		/** The user is linked through another NameID of the same connection already. */
		SECOND_NAME_ID

	}

}
