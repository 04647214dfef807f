/**
 * The demo identity provider, present only under the {@code demo} profile: four sample people, an
 * app tile, SP-initiated sign-in and single logout both ways, against Tilegate's real endpoints.
 *
 * <p>Reads {@code config}, {@code connections} and {@code directory}; no room reads it.
 */
package io.tilegate.demo;
