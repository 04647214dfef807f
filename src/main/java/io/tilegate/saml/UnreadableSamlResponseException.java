package io.tilegate.saml;

/** What an admin pasted (or picked) cannot be read as a SAML response; the message says why. */
public class UnreadableSamlResponseException extends RuntimeException {

	public UnreadableSamlResponseException(String message) {
		super(message);
	}

	public UnreadableSamlResponseException(String message, Throwable cause) {
		super(message, cause);
	}

}
