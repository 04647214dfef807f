package io.tilegate.connections;

/**
 * What provisioning needs of a connection, without its metadata.
 *
 * @param version changes whenever anything about the connection changes
 */
public record ConnectionPolicy(String id, long version, AttributeMapping mapping, boolean linkByEmail,
		boolean samlUpdatesScimManaged) {
}
