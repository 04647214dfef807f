/**
 * Fetches of URLs that someone else wrote: an admin's IdP metadata URL, an IdP's profile photo
 * URL. Each is treated as an attempt to reach inside the network until shown otherwise: HTTPS
 * only, no private, loopback, link-local or metadata-service destination, checked on the
 * addresses the connection then goes to (so a second DNS answer cannot swap them), redirects
 * followed by hand and each target checked the same way, no proxy, timeouts and a size cap.
 *
 * <p>Reads no other room; {@code connections} and {@code photos} read it.
 */
package io.tilegate.outbound;
