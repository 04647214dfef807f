package io.tilegate.directory;

/**
 * How an identity link was made, so that an admin can find the links that trusted an email
 * rather than the IdP's NameID.
 */
public enum LinkMethod {

	/** The NameID's first sign-in created the user. */
	CREATED,

	/** The NameID was an existing user's name, such as one a SCIM client provisioned. */
	USER_NAME,

	/** The asserted email was an existing user's, in a domain the connection lists. */
	EMAIL;

	/** How the admin pages and events call it. */
	public String describe() {
		return switch (this) {
			case CREATED -> "created at first sign-in";
			case USER_NAME -> "same user name";
			case EMAIL -> "same email";
		};
	}

}
