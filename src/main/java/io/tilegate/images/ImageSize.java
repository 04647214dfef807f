package io.tilegate.images;

import java.util.Optional;

/** The sizes Tilegate keeps of each image: square, cropped to the centre. */
public enum ImageSize {

	/** Lists, event rows, the header. */
	SMALL(96),

	/** A person's own page and their record in the console. */
	LARGE(512);

	private final int pixels;

	ImageSize(int pixels) {
		this.pixels = pixels;
	}

	public int pixels() {
		return this.pixels;
	}

	/** The size a URL names by its pixels ({@code 96}, {@code 512}); empty for any other number. */
	public static Optional<ImageSize> ofPixels(int pixels) {
		for (ImageSize size : values()) {
			if (size.pixels == pixels) {
				return Optional.of(size);
			}
		}
		return Optional.empty();
	}

}
