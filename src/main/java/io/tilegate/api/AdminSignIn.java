package io.tilegate.api;

/**
 * The outcome of checking an admin API caller's credentials: who they are, or why they were
 * refused (for the event log only; the caller gets the same 401 whatever it was).
 */
record AdminSignIn(AdminActor actor, String refusal) {

	static AdminSignIn as(AdminActor actor) {
		return new AdminSignIn(actor, null);
	}

	static AdminSignIn refused(String reason) {
		return new AdminSignIn(null, reason);
	}

}
