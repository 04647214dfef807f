package io.tilegate.directory;

/**
 * Who is writing to the directory, for the events a write causes elsewhere (a group created,
 * a pending manager resolved, a user's personas recomputed).
 *
 * @param actor as the event log names it, e.g. {@code saml:okta} or {@code admin}
 * @param connectionId the connection the write came through, or {@code null}
 * @param reason why the users it changes changed, as their {@link UserChanged} gives it, e.g.
 * {@code SAML sign-in through okta}; the SCIM entry writes and (de)activations name their own,
 * since only they know which fields changed
 */
public record Provenance(String actor, String connectionId, String reason) {

	/** A write whose reason is just who made it. */
	public Provenance(String actor, String connectionId) {
		this(actor, connectionId, (connectionId != null) ? "changed by " + actor + " through " + connectionId
				: "changed by " + actor);
	}

	/** Every write of one SAML sign-in, so that the user's recompute names the sign-in once. */
	public static Provenance samlSignIn(String connectionId) {
		return new Provenance("saml:" + connectionId, connectionId, "SAML sign-in through " + connectionId);
	}

}
