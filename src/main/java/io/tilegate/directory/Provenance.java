package io.tilegate.directory;

/**
 * Who is writing to the directory, for the events a write causes elsewhere (a group created,
 * a pending manager resolved).
 *
 * @param actor as the event log names it, e.g. {@code saml:okta} or {@code admin}
 * @param connectionId the connection the write came through, or {@code null}
 */
public record Provenance(String actor, String connectionId) {
}
