package io.tilegate.images;

/**
 * An image Tilegate will not store; nothing was changed. The message is written for the person
 * who sent it: what is wrong and what to send instead.
 */
public class RefusedImageException extends RuntimeException {

	/** Why, in the terms an HTTP answer needs. */
	public enum Reason {

		/** Over {@link ImageSanitizer#MAX_BYTES}. */
		TOO_LARGE,

		/** Not a JPEG, PNG or GIF, whatever its name or declared type said. */
		UNSUPPORTED_FORMAT,

		/** Declares more than {@link ImageSanitizer#MAX_PIXELS} pixels. */
		TOO_MANY_PIXELS,

		/** Starts like a JPEG, PNG or GIF, but is damaged, truncated or empty. */
		UNREADABLE

	}

	private final Reason reason;

	public RefusedImageException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
