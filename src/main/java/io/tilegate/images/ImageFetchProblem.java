package io.tilegate.images;

import java.time.Instant;

/**
 * Why the IdP's image of a person could not be stored: the last fetch gave up, or what it
 * fetched was refused. Cleared by the next image stored from the IdP, or when the IdP stops
 * sending a photo.
 *
 * @param sourceUrl the URL the IdP named
 * @param reason for an admin: what went wrong and what to change in the IdP
 */
public record ImageFetchProblem(String sourceUrl, String reason, Instant failedAt) {
}
