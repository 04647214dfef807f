package io.tilegate.outbound;

import java.net.URI;

/**
 * What a fetch brought back.
 *
 * @param url where the body came from, after any redirects
 * @param bytes the body, at most the fetch's size cap
 * @param contentType what the server said it is; a hint at most, never trusted
 */
public record FetchedBody(URI url, byte[] bytes, String contentType) {
}
