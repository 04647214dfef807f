package io.tilegate.access;

import java.util.UUID;

/**
 * Who is calling the admin API, as the event log names them: {@code admin} for the
 * break-glass admin, {@code api-key:<label>:<id>} for an API key. Never a secret.
 *
 * @param name the actor of every event this caller causes
 * @param apiKeyId the API key used, or {@code null} for a password sign-in
 * @param userId the directory user whose admin rights this call rides on: an admin signed in
 * through an IdP, or whoever made the API key used; {@code null} for the break-glass admin
 */
public record AdminActor(String name, UUID apiKeyId, UUID userId) {

	public static AdminActor account(String userName) {
		return new AdminActor(userName, null, null);
	}

	/** An admin who signed in to the console through an IdP. */
	public static AdminActor user(String name, UUID userId) {
		return new AdminActor(name, null, userId);
	}

	/** A key made by a key answers for the admin who made the first, and goes with them. */
	public static AdminActor apiKey(AdminApiKey key) {
		return new AdminActor("api-key:" + key.getLabel() + ":" + key.getId(), key.getId(), key.getCreatedByUserId());
	}

}
