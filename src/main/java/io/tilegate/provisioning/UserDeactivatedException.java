package io.tilegate.provisioning;

import java.util.UUID;

/** A deactivated user tried to sign in; only an admin can let them back in. */
public class UserDeactivatedException extends RuntimeException {

	private final UUID userId;

	private final String userName;

	public UserDeactivatedException(UUID userId, String userName) {
		super("User " + userName + " is deactivated in Tilegate; a sign-in never reactivates a user. "
				+ "An admin can reactivate them on the user's page.");
		this.userId = userId;
		this.userName = userName;
	}

	public UUID getUserId() {
		return this.userId;
	}

	public String getUserName() {
		return this.userName;
	}

}
