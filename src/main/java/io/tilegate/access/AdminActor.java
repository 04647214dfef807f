package io.tilegate.access;

import java.util.UUID;

/**
 * Who is calling the admin API, as the event log names them: {@code admin} for the
 * break-glass admin, {@code api-key:<label>:<id>} for an API key. Never a secret.
 *
 * @param name the actor of every event this caller causes
 * @param apiKeyId the API key used, or {@code null} for a password sign-in
 */
public record AdminActor(String name, UUID apiKeyId) {

	public static AdminActor account(String userName) {
		return new AdminActor(userName, null);
	}

	public static AdminActor apiKey(AdminApiKey key) {
		return new AdminActor("api-key:" + key.getLabel() + ":" + key.getId(), key.getId());
	}

}
