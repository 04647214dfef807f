package io.tilegate.access;

/**
 * The outcome of checking an admin API caller's credentials: who they are, or why they were
 * refused (for the event log only; the caller gets the same 401 whatever it was).
 */
public record AdminSignIn(AdminActor actor, String refusal) {

	public static AdminSignIn as(AdminActor actor) {
		return new AdminSignIn(actor, null);
	}

	public static AdminSignIn refused(String reason) {
		return new AdminSignIn(null, reason);
	}

}
