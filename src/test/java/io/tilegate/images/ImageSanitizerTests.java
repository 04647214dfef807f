package io.tilegate.images;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.tilegate.images.ImageSanitizer.SanitizedImage;
import io.tilegate.images.RefusedImageException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The sanitizer alone, no Spring: every image a test makes here is made by ImageIO or by hand. */
class ImageSanitizerTests {

	private final ImageSanitizer sanitizer = new ImageSanitizer();

	@Test
	void aJpegAPngAndAGifComeBackRedrawnAtBothSizes() {
		for (byte[] original : new byte[][] { TestImages.jpeg(800, 600), TestImages.png(640, 480),
				TestImages.gif(300, 200) }) {
			SanitizedImage image = this.sanitizer.sanitize(original);

			for (ImageSize size : ImageSize.values()) {
				ImageBytes stored = image.size(size);
				assertThat(stored.contentType()).isEqualTo("image/jpeg");
				assertThat(Arrays.copyOf(stored.bytes(), 3)).containsExactly(0xFF, 0xD8, 0xFF);
				assertThat(stored.bytes()).isNotEqualTo(original);
				assertThat(stored.contentHash()).isEqualTo(ImageSanitizer.sha256(stored.bytes())).hasSize(64);
				BufferedImage decoded = TestImages.read(stored.bytes());
				assertThat(decoded.getWidth()).isEqualTo(size.pixels());
				assertThat(decoded.getHeight()).isEqualTo(size.pixels());
			}
		}
	}

	@Test
	void aCmykJpegIsReadInItsColours() {
		byte[] cmyk = TestImages.cmykJpeg(200, 200);

		BufferedImage large = TestImages.read(this.sanitizer.sanitize(cmyk)
			.size(ImageSize.LARGE)
			.bytes());

		assertThat(large.getWidth()).isEqualTo(512);
		Color left = new Color(large.getRGB(60, 256));
		Color right = new Color(large.getRGB(450, 256));
		assertThat(left.getBlue()).as("cyan is blue and green, little red: %s", left).isGreaterThan(left.getRed() + 60);
		assertThat(right.getRed()).as("yellow is red and green, little blue: %s", right)
			.isGreaterThan(right.getBlue() + 60);
	}

	@Test
	void keepsTheCentreSquareOfALandscapePhoto() {
		// 1200 × 400: the centre 400 × 400 square straddles the middle, a quarter in each corner.
		BufferedImage large = TestImages.read(this.sanitizer.sanitize(TestImages.png(1200, 400)).size(ImageSize.LARGE).bytes());

		assertColour(large, 60, 60, TestImages.TOP_LEFT);
		assertColour(large, 450, 60, TestImages.TOP_RIGHT);
		assertColour(large, 60, 450, TestImages.BOTTOM_LEFT);
		assertColour(large, 450, 450, TestImages.BOTTOM_RIGHT);
	}

	@Test
	void aJpegLosesItsExifAndGpsPositionButKeepsItsOrientation() {
		// Orientation 6: the camera stored the picture turned left, and asks viewers to turn it right.
		byte[] phone = TestImages.withExif(TestImages.jpeg(600, 600), 6);
		assertThat(TestImages.contains(phone, "Exif".getBytes(StandardCharsets.US_ASCII))).isTrue();

		SanitizedImage image = this.sanitizer.sanitize(phone);

		for (ImageSize size : ImageSize.values()) {
			byte[] stored = image.size(size).bytes();
			assertThat(TestImages.contains(stored, "Exif".getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(TestImages.contains(stored, "TestPhone".getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(TestImages.contains(stored, new byte[] { (byte) 0xFF, (byte) 0xE1 })).as("no APP1 segment")
				.isFalse();
		}
		BufferedImage upright = TestImages.read(image.size(ImageSize.LARGE).bytes());
		// Turned a quarter clockwise, what was stored bottom-left is now top-left.
		assertColour(upright, 60, 60, TestImages.BOTTOM_LEFT);
		assertColour(upright, 450, 60, TestImages.TOP_LEFT);
		assertColour(upright, 450, 450, TestImages.TOP_RIGHT);
		assertColour(upright, 60, 450, TestImages.BOTTOM_RIGHT);
	}

	@Test
	void aPngFollowedByAZipComesBackAsTheImageAlone() {
		byte[] polyglot = TestImages.concat(TestImages.png(300, 300), TestImages.zip());

		SanitizedImage image = this.sanitizer.sanitize(polyglot);

		for (ImageSize size : ImageSize.values()) {
			byte[] stored = image.size(size).bytes();
			assertThat(TestImages.contains(stored, new byte[] { 'P', 'K', 3, 4 })).isFalse();
			assertThat(TestImages.contains(stored, "payload.html".getBytes(StandardCharsets.US_ASCII))).isFalse();
			// A JPEG ends at its end-of-image marker: nothing follows.
			assertThat(Arrays.copyOfRange(stored, stored.length - 2, stored.length)).containsExactly(0xFF, 0xD9);
		}
	}

	@Test
	void aTransparentPngStaysAPngWithItsTransparency() {
		SanitizedImage image = this.sanitizer.sanitize(TestImages.transparentPng(400, 400));

		ImageBytes large = image.size(ImageSize.LARGE);
		assertThat(large.contentType()).isEqualTo("image/png");
		BufferedImage decoded = TestImages.read(large.bytes());
		assertThat(decoded.getRGB(40, 256) >>> 24).isZero();
		assertColour(decoded, 470, 256, TestImages.TOP_RIGHT);
		assertThat(decoded.getRGB(470, 256) >>> 24).isEqualTo(0xFF);
	}

	@Test
	void anAnimatedGifKeepsItsFirstFrame() {
		BufferedImage first = TestImages.read(this.sanitizer.sanitize(TestImages.animatedGif(120)).size(ImageSize.SMALL).bytes());

		assertColour(first, 48, 48, TestImages.TOP_LEFT);
	}

	@Test
	void aSmallImageIsDrawnUpToBothSizes() {
		SanitizedImage image = this.sanitizer.sanitize(TestImages.png(40, 30));

		assertThat(TestImages.read(image.size(ImageSize.LARGE).bytes()).getWidth()).isEqualTo(512);
		assertThat(TestImages.read(image.size(ImageSize.SMALL).bytes()).getWidth()).isEqualTo(96);
	}

	@Test
	void anSvgIsRefusedWhateverItIsCalled() {
		assertThatExceptionOfType(RefusedImageException.class)
			.isThrownBy(() -> this.sanitizer.sanitize(TestImages.SVG.getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
			.withMessageContaining("an SVG drawing")
			.withMessageContaining("not a JPEG, PNG or GIF");
	}

	@Test
	void anHtmlPageNamedPngIsRefused() {
		assertThatExceptionOfType(RefusedImageException.class)
			.isThrownBy(() -> this.sanitizer.sanitize(TestImages.HTML.getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
			.withMessageContaining("an HTML page");
	}

	@Test
	void aFileThatStartsLikeAPngButIsNotOneIsRefused() {
		byte[] truncated = Arrays.copyOf(TestImages.png(200, 200), 40);

		assertThatExceptionOfType(RefusedImageException.class).isThrownBy(() -> this.sanitizer.sanitize(truncated))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNREADABLE))
			.withMessageContaining("starts like a PNG image but could not be read");
	}

	@Test
	void fiveMegabytesAreAcceptedAndOneByteMoreIsRefused() {
		byte[] png = TestImages.png(64, 64);
		byte[] exactly = Arrays.copyOf(png, ImageSanitizer.MAX_BYTES);
		byte[] over = Arrays.copyOf(png, ImageSanitizer.MAX_BYTES + 1);

		// Zeros after a PNG's end are trailing data: read past, and gone after the redraw.
		assertThat(this.sanitizer.sanitize(exactly).size(ImageSize.SMALL).bytes()).hasSizeLessThan(20_000);
		assertThatExceptionOfType(RefusedImageException.class).isThrownBy(() -> this.sanitizer.sanitize(over))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE))
			.withMessageContaining("over 5 MB")
			.withMessageContaining("at most 5 MB");
		assertThatExceptionOfType(RefusedImageException.class)
			.isThrownBy(() -> this.sanitizer.sanitize(Arrays.copyOf(png, ImageSanitizer.MAX_BYTES + 2)))
			.withMessageContaining("5,242,882 bytes");
	}

	@Test
	void aFiftyThousandPixelSquarePngIsRefusedBeforeAnyPixelIsDecoded() {
		byte[] bomb = TestImages.pngBomb(50_000, 50_000);
		assertThat(bomb.length).isLessThan(10_000);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		// Warm the classes up, so the measure below is of the refusal, not of class loading.
		refuse(TestImages.pngBomb(20_000, 20_000));

		long before = threads.getCurrentThreadAllocatedBytes();
		RefusedImageException refused = refuse(bomb);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
		assertThat(refused.getMessage()).contains("50,000 × 50,000").contains("at most 40 megapixels");
		// Decoding it would take 7.5 GB; refusing it takes a few kilobytes.
		assertThat(allocated).as("bytes allocated while refusing").isLessThan(1024L * 1024);
	}

	@Test
	void aJpegAndAGifThatDeclareHugeSizesAreRefusedFromTheirHeaders() {
		byte[] jpeg = TestImages.jpegDeclaring(TestImages.jpeg(16, 16), 60_000, 60_000);
		byte[] gif = TestImages.gifDeclaring(65_535, 65_535);

		assertThat(refuse(jpeg).getMessage()).contains("60,000 × 60,000");
		assertThat(refuse(gif).getMessage()).contains("65,535 × 65,535");
		assertThat(refuse(jpeg).reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
		assertThat(refuse(gif).reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
	}

	@Test
	void aProgressiveJpegIsReadUpToSixteenMegapixels() {
		byte[] progressive = TestImages.progressiveJpeg(300, 200);
		assertThat(ImageSanitizer.isProgressive(progressive)).isTrue();
		assertThat(ImageSanitizer.isProgressive(TestImages.jpeg(300, 200))).isFalse();

		assertThat(TestImages.read(this.sanitizer.sanitize(progressive).size(ImageSize.LARGE).bytes()).getWidth())
			.isEqualTo(512);
		RefusedImageException refused = refuse(TestImages.jpegDeclaring(progressive, 5_000, 4_000));
		assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
		assertThat(refused.getMessage()).contains("progressive JPEG of 5,000 × 4,000").contains("baseline");
	}

	@Test
	void fortyMegapixelsAreDecodedIntoAtMostTheBoundedSquare() {
		// 8000 × 5000 = 40 MP exactly: accepted, and decoded at every 3rd pixel of its centre square.
		byte[] large = TestImages.blackPng(8_000, 5_000);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

		long before = threads.getCurrentThreadAllocatedBytes();
		SanitizedImage image = this.sanitizer.sanitize(large);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		assertThat(TestImages.read(image.size(ImageSize.LARGE).bytes()).getWidth()).isEqualTo(512);
		// The whole image as 32-bit pixels would be 160 MB; about 27 MB are allocated in all.
		assertThat(allocated).as("bytes allocated while redrawing").isLessThan(64L * 1024 * 1024);
	}

	private RefusedImageException refuse(byte[] bytes) {
		try {
			this.sanitizer.sanitize(bytes);
		}
		catch (RefusedImageException ex) {
			return ex;
		}
		throw new AssertionError("Not refused");
	}

	private static void assertColour(BufferedImage image, int x, int y, Color expected) {
		Color actual = new Color(image.getRGB(x, y));
		assertThat(Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
				+ Math.abs(actual.getBlue() - expected.getBlue()))
			.as("colour at %d,%d: %s, expected about %s", x, y, actual, expected)
			.isLessThan(40);
	}

}
