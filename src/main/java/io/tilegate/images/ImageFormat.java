package io.tilegate.images;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The three formats Tilegate decodes, told apart by their first bytes only: a file's name and
 * the Content-Type it came with are whatever the sender chose, so neither is ever asked.
 */
enum ImageFormat {

	JPEG("JPEG", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF }),

	PNG("PNG", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }),

	GIF("GIF", "GIF87a".getBytes(StandardCharsets.US_ASCII), "GIF89a".getBytes(StandardCharsets.US_ASCII));

	private final String label;

	private final byte[][] signatures;

	ImageFormat(String label, byte[]... signatures) {
		this.label = label;
		this.signatures = signatures;
	}

	String label() {
		return this.label;
	}

	static Optional<ImageFormat> of(byte[] bytes) {
		for (ImageFormat format : values()) {
			for (byte[] signature : format.signatures) {
				if (startsWith(bytes, signature)) {
					return Optional.of(format);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * What the bytes look like instead, for the refusal's message: the person who sent an SVG
	 * or a HEIC photo needs to hear which, to know what to export instead.
	 */
	static String describe(byte[] bytes) {
		if (startsWith(bytes, new byte[] { 'R', 'I', 'F', 'F' }) && bytes.length >= 12
				&& new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
			return "a WebP image";
		}
		if (bytes.length >= 12 && new String(bytes, 4, 4, StandardCharsets.US_ASCII).equals("ftyp")) {
			String brand = new String(bytes, 8, 4, StandardCharsets.US_ASCII);
			return brand.startsWith("avi") ? "an AVIF image" : brand.startsWith("he") || brand.startsWith("mif")
					? "a HEIC photo" : "a video or HEIF file";
		}
		if (startsWith(bytes, new byte[] { 'B', 'M' })) {
			return "a BMP image";
		}
		if (startsWith(bytes, new byte[] { 'I', 'I', 42, 0 }) || startsWith(bytes, new byte[] { 'M', 'M', 0, 42 })) {
			return "a TIFF image";
		}
		if (startsWith(bytes, new byte[] { '%', 'P', 'D', 'F' })) {
			return "a PDF document";
		}
		if (startsWith(bytes, new byte[] { 'P', 'K', 3, 4 })) {
			return "a ZIP archive";
		}
		String text = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1)
			.toLowerCase(Locale.ROOT);
		if (text.contains("<svg")) {
			return "an SVG drawing";
		}
		if (text.contains("<html") || text.contains("<!doctype html") || text.contains("<script")
				|| text.contains("<body")) {
			return "an HTML page";
		}
		if (text.stripLeading().startsWith("<")) {
			return "an XML document";
		}
		return "not an image Tilegate knows";
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
