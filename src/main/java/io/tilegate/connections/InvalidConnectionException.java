package io.tilegate.connections;

/** A connection was refused; the message says why, in words an admin can act on. */
public class InvalidConnectionException extends RuntimeException {

	public InvalidConnectionException(String message) {
		super(message);
	}

	public InvalidConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
