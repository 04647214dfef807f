package io.tilegate.directory;

/** A push refused as a whole; nothing of it was written. */
public class GroupPushException extends RuntimeException {

	private final Reason reason;

	GroupPushException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		/** A name missing or too long, or a member who is not a user of the tenant. */
		INVALID_VALUE,

		/** Another group of the connection has that name already. */
		NAME_TAKEN

	}

}
