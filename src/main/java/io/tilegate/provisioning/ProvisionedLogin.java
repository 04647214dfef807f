package io.tilegate.provisioning;

import java.util.List;
import java.util.UUID;

/**
 * What a login did to the directory.
 *
 * @param created the user did not exist and was created from this login
 * @param linked an existing user was linked to this NameID (by user name or email)
 * @param warnings attributes that could not be used, in words an admin can act on; the login
 * went ahead regardless. They are in the detail of this login's USER_CREATED or USER_UPDATED
 * event when it wrote one; a login that changed nothing writes no event, so the caller's
 * login event should carry them too
 * @param admin the user is, after this login, in one of the connection's admin groups
 */
public record ProvisionedLogin(UUID userId, String userName, boolean created, boolean linked, List<String> warnings,
		boolean admin) {

	public ProvisionedLogin {
		warnings = List.copyOf(warnings);
	}

}
