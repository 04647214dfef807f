package io.tilegate.directory;

import java.util.Objects;

/**
 * Who pushes groups, and so what they may see and change: the groups of one connection, with
 * members from that connection's tenant.
 *
 * @param connectionId the connection whose groups these are
 * @param tenantId the tenant whose users may be members
 * @param actor as the event log names the pusher, never a secret
 */
public record PushScope(String connectionId, String tenantId, String actor) {

	public PushScope {
		Objects.requireNonNull(connectionId, "connectionId");
		Objects.requireNonNull(tenantId, "tenantId");
	}

}
