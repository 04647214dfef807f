/**
 * The signed-in user's home page: their profile, manager, groups, custom fields and the spaces
 * they are in, with why.
 *
 * <p>Reads {@code access}, {@code directory} and {@code personas}; no room reads it.
 */
package io.tilegate.home;
