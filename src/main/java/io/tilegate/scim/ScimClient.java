package io.tilegate.scim;

import java.util.UUID;

/**
 * Who is calling the SCIM endpoint: the token, the connection it belongs to, and that
 * connection's tenant. Everything a SCIM call reads or writes is scoped by these.
 */
public record ScimClient(UUID tokenId, String connectionId, String tenantId) {

	/** What the event log names as the actor of a SCIM change; never the secret. */
	public String actor() {
		return "scim:" + this.connectionId + ":" + this.tokenId;
	}

}
