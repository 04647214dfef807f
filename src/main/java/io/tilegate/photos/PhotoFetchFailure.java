package io.tilegate.photos;

/** A try at a photo that failed in a way a later try may not: the server was down, slow or busy. */
class PhotoFetchFailure extends RuntimeException {

	PhotoFetchFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
