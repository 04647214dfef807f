package io.tilegate.saml;

/** A rollover step that cannot be taken now; the message says what to do instead. */
public class SpKeyRolloverException extends RuntimeException {

	public SpKeyRolloverException(String message) {
		super(message);
	}

}
