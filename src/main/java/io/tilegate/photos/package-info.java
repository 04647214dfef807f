/**
 * The profile photos IdPs name by URL (SAML {@code photo}, SCIM {@code photos}), brought in
 * the background into the person's profile image: a changed URL queues a fetch in the
 * database (db-scheduler) in the same transaction as the change, and any node fetches it
 * later through the guarded outbound fetch, never inside the sign-in or the SCIM call; a
 * failing server is retried with backoff, and a fetch that gives up is shown and recorded.
 *
 * <p>Reads {@code config}, {@code directory} (the user's current photo URL, and the
 * {@code ProfilePhotoChanged} it follows), {@code images} (where the image goes) and
 * {@code outbound}; no room reads it.
 */
package io.tilegate.photos;
