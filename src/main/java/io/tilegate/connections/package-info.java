/**
 * IdP connections: their metadata (from the {@code idp-metadata/} folder, an upload or a URL
 * refreshed daily), options and attribute mapping, kept in the database and read on every
 * request so that every node agrees; and, for Prometheus, the days left on the IdPs' signing
 * certificates and which metadata refreshes are failing.
 *
 * <p>Reads {@code config}, {@code directory} (the profile fields), {@code events} and
 * {@code outbound} (the guarded fetch of metadata URLs);
 * {@code saml}, {@code provisioning}, {@code scim}, {@code admin}, {@code api} and {@code demo}
 * read it.
 */
package io.tilegate.connections;
