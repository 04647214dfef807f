package io.tilegate.webhooks;

/** No endpoint secret can be sealed or opened: the encryption key is missing or unusable; the message says how to set it. */
public class EncryptionKeyMissingException extends IllegalStateException {

	EncryptionKeyMissingException(String message) {
		super(message);
	}

}
