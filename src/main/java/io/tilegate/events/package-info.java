/**
 * The event log of every sign-in, refusal and provisioning change, written in the caller's
 * transaction or alone, searched by the console and the API, and purged after its retention.
 *
 * <p>Reads {@code config}; every room that changes something reads it.
 */
package io.tilegate.events;
