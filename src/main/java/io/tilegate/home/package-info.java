/**
 * The signed-in user's home page: their profile, manager, groups, custom fields and the spaces
 * they are in, with why; and their own photo's upload and removal.
 *
 * <p>Reads {@code access}, {@code directory}, {@code images} and {@code personas}; no room reads it.
 */
package io.tilegate.home;
