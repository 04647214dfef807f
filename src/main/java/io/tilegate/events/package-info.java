/**
 * The event log of every sign-in, refusal and provisioning change, written in the caller's
 * transaction or alone, searched by the console and the API, and purged after its retention.
 * Every event recorded is published ({@code EventRecorded}), and the changes to users and to
 * persona and space memberships are counted from them for Prometheus ({@code EventMeters}).
 *
 * <p>Reads {@code config}; every room that changes something reads it.
 */
package io.tilegate.events;
