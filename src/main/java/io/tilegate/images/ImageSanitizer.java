package io.tilegate.images;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.twelvemonkeys.image.ResampleOp;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import io.tilegate.images.RefusedImageException.Reason;

import org.springframework.stereotype.Component;

/**
 * Turns bytes someone sent into images Tilegate can serve to every employee's browser: a JPEG,
 * PNG or GIF (decided from the bytes), of at most {@value #MAX_BYTES} bytes and
 * {@value #MAX_PIXELS} declared pixels, decoded and drawn anew in each {@link ImageSize},
 * cropped to its centre square. Nothing of the original survives but its pixels: no EXIF
 * (camera, GPS position), no comments, no second file appended after the image.
 *
 * <p>Memory is bounded whatever the image declares. Its size is read from its header before
 * any pixel is decoded, and an image over the pixel limit is refused there. Below the limit, the
 * decoder is told to read only the centre square, and to read only every n-th pixel of it, so
 * that what it hands back is at most {@value #MAX_DECODED_SIDE} pixels on a side (16 MB as
 * 32-bit pixels) even for a 40-megapixel photo; the Lanczos resampler then makes the 512- and
 * 96-pixel copies from that, at least halving it. At most a few decodes run at once (one per
 * core, at most four), so a burst of uploads waits instead of filling the heap.
 *
 * <p>Thread-safe: each call makes its own readers and writers.
 */
@Component
class ImageSanitizer {

	/** The largest file accepted: OneLogin's limit for its photos, and the contract's. */
	static final int MAX_BYTES = 5 * 1024 * 1024;

	/** The most pixels an image may declare: a 40-megapixel camera's photo is accepted. */
	static final long MAX_PIXELS = 40_000_000L;

	/**
	 * The most pixels a progressive JPEG may declare: the JDK's decoder holds all of its
	 * coefficients in native memory until the last scan, 3 to 6 bytes a pixel (96 MB here).
	 */
	static final long MAX_PROGRESSIVE_PIXELS = 16_000_000L;

	/** The longest side of what a decode holds; see the class comment. */
	static final int MAX_DECODED_SIDE = 2048;

	private static final float JPEG_QUALITY = 0.88f;

	private static final int OPAQUE = 0xFF;

	private final Semaphore decodes;

	private final ImageReaderSpi jpegReaders;

	ImageSanitizer() {
		this(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
	}

	ImageSanitizer(int concurrentDecodes) {
		this.decodes = new Semaphore(concurrentDecodes, true);
		this.jpegReaders = twelveMonkeysJpeg();
	}

	/**
	 * TwelveMonkeys' reader reads the JPEGs the JDK's cannot (CMYK and YCCK, broken markers,
	 * odd ICC profiles). ImageIO finds plugins on the class path the first time it is used, with
	 * whichever class loader that thread has; registering it here does not depend on that.
	 */
	private static ImageReaderSpi twelveMonkeysJpeg() {
		IIORegistry registry = IIORegistry.getDefaultInstance();
		JPEGImageReaderSpi registered = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
		if (registered != null) {
			return registered;
		}
		JPEGImageReaderSpi spi = new JPEGImageReaderSpi();
		registry.registerServiceProvider(spi);
		return spi;
	}

	/**
	 * @throws RefusedImageException for anything that is not a JPEG, PNG or GIF within the limits
	 */
	SanitizedImage sanitize(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			throw new RefusedImageException(Reason.UNREADABLE, "The file is empty. Send a JPEG, PNG or GIF photo.");
		}
		if (bytes.length > MAX_BYTES) {
			// Readers stop one byte past the limit, so that many says only "over".
			throw tooLarge((bytes.length > MAX_BYTES + 1) ? bytes.length : -1);
		}
		ImageFormat format = ImageFormat.of(bytes)
			.orElseThrow(() -> new RefusedImageException(Reason.UNSUPPORTED_FORMAT, "The file is "
					+ ImageFormat.describe(bytes) + ", not a JPEG, PNG or GIF image. Only those three are accepted, "
					+ "whatever the file's name or type says; export the photo as a JPEG or PNG and send that."));
		try {
			this.decodes.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to decode an image", ex);
		}
		try {
			return redraw(format, bytes);
		}
		finally {
			this.decodes.release();
		}
	}

	/** @param bytes how large it is, or 0 or less when only known to be over the limit */
	static RefusedImageException tooLarge(long bytes) {
		String size = (bytes > MAX_BYTES) ? String.format(Locale.ROOT, "%,d bytes", bytes) : "over 5 MB";
		return new RefusedImageException(Reason.TOO_LARGE, String.format(Locale.ROOT,
				"The image is %s; at most 5 MB (%,d bytes) is accepted. Tilegate keeps at most 512 × 512 pixels, so "
						+ "a smaller export of the photo loses nothing.",
				size, MAX_BYTES));
	}

	private SanitizedImage redraw(ImageFormat format, byte[] bytes) {
		BufferedImage square = decodeCentreSquare(format, bytes);
		int orientation = (format == ImageFormat.JPEG) ? exifOrientation(bytes) : 1;
		boolean transparent = isTransparent(square);
		BufferedImage working = convert(square,
				transparent ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB);
		Map<ImageSize, ImageBytes> sizes = new EnumMap<>(ImageSize.class);
		for (ImageSize size : ImageSize.values()) {
			BufferedImage resized = new ResampleOp(size.pixels(), size.pixels(), ResampleOp.FILTER_LANCZOS)
				.filter(working, null);
			BufferedImage upright = orient(resized, orientation);
			sizes.put(size, transparent ? encodePng(convert(upright, BufferedImage.TYPE_INT_ARGB)) : encodeJpeg(upright));
		}
		return new SanitizedImage(format, sizes);
	}

	private BufferedImage decodeCentreSquare(ImageFormat format, byte[] bytes) {
		ImageReader reader = reader(format);
		try (ImageInputStream input = new ByteArrayImageInputStream(bytes)) {
			// Forward only, and no metadata: nothing but the header and the first image is read.
			reader.setInput(input, true, true);
			int width = reader.getWidth(0);
			int height = reader.getHeight(0);
			if (width <= 0 || height <= 0) {
				throw unreadable(format);
			}
			if ((long) width * height > MAX_PIXELS) {
				throw new RefusedImageException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
						"The image declares %,d × %,d pixels (%,.1f megapixels); at most %d megapixels are accepted. "
								+ "Send a smaller export of the photo: Tilegate keeps at most 512 × 512 pixels.",
						width, height, (double) width * height / 1_000_000, MAX_PIXELS / 1_000_000));
			}
			if (format == ImageFormat.JPEG && (long) width * height > MAX_PROGRESSIVE_PIXELS && isProgressive(bytes)) {
				throw new RefusedImageException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
						"The image is a progressive JPEG of %,d × %,d pixels (%,.1f megapixels); a progressive JPEG "
								+ "may have at most %d megapixels. Save it as a standard (baseline) JPEG, or smaller.",
						width, height, (double) width * height / 1_000_000, MAX_PROGRESSIVE_PIXELS / 1_000_000));
			}
			int side = Math.min(width, height);
			int step = (side + MAX_DECODED_SIDE - 1) / MAX_DECODED_SIDE;
			ImageReadParam param = reader.getDefaultReadParam();
			param.setSourceRegion(new Rectangle((width - side) / 2, (height - side) / 2, side, side));
			param.setSourceSubsampling(step, step, 0, 0);
			// Image 0 only: an animated GIF keeps its first frame, and the others are never decoded.
			return reader.read(0, param);
		}
		catch (RefusedImageException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable(format);
		}
		finally {
			reader.dispose();
		}
	}

	private ImageReader reader(ImageFormat format) {
		try {
			if (format == ImageFormat.JPEG) {
				return this.jpegReaders.createReaderInstance();
			}
			Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name());
			if (!readers.hasNext()) {
				throw new IllegalStateException("This Java runtime has no ImageIO reader for " + format.label());
			}
			return readers.next();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static RefusedImageException unreadable(ImageFormat format) {
		return new RefusedImageException(Reason.UNREADABLE, "The file starts like a " + format.label()
				+ " image but could not be read as one: it is damaged or cut short. Export the photo again and send "
				+ "that file.");
	}

	/** Whether a JPEG's frame header, found before its first scan, is one of the progressive ones. */
	static boolean isProgressive(byte[] jpeg) {
		int at = 2;
		while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
			int marker = jpeg[at + 1] & 0xFF;
			if (marker == 0xFF) {
				at++;
				continue;
			}
			switch (marker) {
				case 0xC2, 0xC6, 0xCA, 0xCE:
					return true;
				case 0xDA, 0xD9:
					return false;
				default:
					at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
			}
		}
		return false;
	}

	/**
	 * The EXIF orientation a camera wrote instead of turning the pixels: kept by turning them,
	 * since the EXIF itself is dropped. 1 (as stored) when there is none or it cannot be read.
	 */
	private static int exifOrientation(byte[] bytes) {
		try (ImageInputStream input = new ByteArrayImageInputStream(bytes)) {
			List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
			if (exif.isEmpty()) {
				return 1;
			}
			InputStream data = exif.get(0).data();
			// "Exif" is followed by two zero bytes; the segment's identifier took the first.
			if (data.read() < 0) {
				return 1;
			}
			try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
				Entry orientation = new TIFFReader().read(tiff).getEntryById(TIFF.TAG_ORIENTATION);
				int value = (orientation != null && orientation.getValue() instanceof Number number) ? number.intValue()
						: 1;
				return (value >= 1 && value <= 8) ? value : 1;
			}
		}
		catch (IOException | RuntimeException ex) {
			return 1;
		}
	}

	/** A square image as EXIF orientation 1 to 8 says it is to be shown. */
	static BufferedImage orient(BufferedImage square, int orientation) {
		if (orientation == 1) {
			return square;
		}
		int n = square.getWidth();
		BufferedImage upright = new BufferedImage(n, n, square.getType());
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				int last = n - 1;
				int rgb = switch (orientation) {
					case 2 -> square.getRGB(last - x, y);
					case 3 -> square.getRGB(last - x, last - y);
					case 4 -> square.getRGB(x, last - y);
					case 5 -> square.getRGB(y, x);
					case 6 -> square.getRGB(y, last - x);
					case 7 -> square.getRGB(last - y, last - x);
					default -> square.getRGB(last - y, x);
				};
				upright.setRGB(x, y, rgb);
			}
		}
		return upright;
	}

	/** Transparent only if some pixel is: an alpha channel that is opaque everywhere is a JPEG. */
	private static boolean isTransparent(BufferedImage image) {
		if (!image.getColorModel().hasAlpha()) {
			return false;
		}
		int width = image.getWidth();
		int[] row = new int[width];
		for (int y = 0; y < image.getHeight(); y++) {
			image.getRGB(0, y, width, 1, row, 0, width);
			for (int argb : row) {
				if ((argb >>> 24) != OPAQUE) {
					return true;
				}
			}
		}
		return false;
	}

	private static BufferedImage convert(BufferedImage image, int type) {
		if (image.getType() == type) {
			return image;
		}
		BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
		Graphics2D graphics = converted.createGraphics();
		try {
			graphics.setComposite(AlphaComposite.Src);
			graphics.drawImage(image, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
		return converted;
	}

	private static ImageBytes encodeJpeg(BufferedImage image) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		param.setCompressionQuality(JPEG_QUALITY);
		return encode(writer, param, image, "image/jpeg");
	}

	private static ImageBytes encodePng(BufferedImage image) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
		return encode(writer, writer.getDefaultWriteParam(), image, "image/png");
	}

	// No metadata is passed to the writer: it writes the pixels and the headers it needs, nothing else.
	private static ImageBytes encode(ImageWriter writer, ImageWriteParam param, BufferedImage image,
			String contentType) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(output);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode an image in memory", ex);
		}
		finally {
			writer.dispose();
		}
		byte[] encoded = bytes.toByteArray();
		return new ImageBytes(encoded, contentType, sha256(encoded));
	}

	static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/**
	 * What {@link #sanitize} made.
	 *
	 * @param sourceFormat what the bytes were
	 * @param sizes each size, re-encoded
	 */
	record SanitizedImage(ImageFormat sourceFormat, Map<ImageSize, ImageBytes> sizes) {

		ImageBytes size(ImageSize size) {
			return this.sizes.get(size);
		}

	}

}
