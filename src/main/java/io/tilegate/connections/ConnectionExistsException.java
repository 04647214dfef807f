package io.tilegate.connections;

/** A new connection was asked for with the id of one that exists. */
public class ConnectionExistsException extends InvalidConnectionException {

	public ConnectionExistsException(String id) {
		super("Connection '" + id + "' already exists; change it with PUT /api/v1/connections/" + id + ".");
	}

}
