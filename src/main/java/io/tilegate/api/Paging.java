package io.tilegate.api;

/** The {@code page} and {@code size} parameters of a paged list, refused when out of range. */
final class Paging {

	private Paging() {
	}

	static void check(int page, int size, int maxSize) {
		if (page < 0) {
			throw ApiException.badRequest("page is counted from 0; " + page + " is not a page.");
		}
		if (size < 1 || size > maxSize) {
			throw ApiException.badRequest("size must be between 1 and " + maxSize + "; it was " + size + ".");
		}
		if ((long) page * size > Integer.MAX_VALUE) {
			throw ApiException.badRequest("page " + page + " of size " + size + " is beyond any list.");
		}
	}

}
