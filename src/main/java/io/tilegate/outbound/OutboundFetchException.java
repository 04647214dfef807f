package io.tilegate.outbound;

/**
 * A fetch that brought nothing back; the message says why, for the admin who gave the URL.
 */
public class OutboundFetchException extends RuntimeException {

	/** Why the fetch failed. */
	public enum Failure {

		/** The URL or a redirect target was refused before any connection to it: scheme, address, redirect. */
		REFUSED,

		/** The answer was larger than the cap; reading stopped there. */
		TOO_LARGE,

		/** The server answered with something other than the content. */
		ANSWERED,

		/** No answer: the name did not resolve, the connection or TLS failed, or time ran out. */
		UNREACHABLE

	}

	private final Failure failure;

	private final boolean retryable;

	OutboundFetchException(Failure failure, boolean retryable, String message) {
		super(message);
		this.failure = failure;
		this.retryable = retryable;
	}

	public Failure failure() {
		return this.failure;
	}

	/**
	 * Whether the same fetch may work later: a server error, a timeout, a failed connection. A
	 * refused URL, a body too large or an answer such as 404 will not change by waiting.
	 */
	public boolean retryable() {
		return this.retryable;
	}

}
