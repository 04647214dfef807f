/**
 * The ground floor: everything under {@code tilegate.*} ({@code TilegateProperties}) and the
 * clock every room tells time by.
 *
 * <p>Reads no other room; every room may read it.
 */
package io.tilegate.config;
