package io.tilegate.admin;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

import io.tilegate.images.TestImages;

/**
 * Photos made by the tests, drawn as a person's head and shoulders on a sky so that the
 * screenshots look like a directory's, in the formats people upload.
 */
public final class Portraits {

	private Portraits() {
	}

	/** @param hue 0 to 1, so that two people's photos tell apart */
	public static byte[] png(int width, int height, float hue) {
		return TestImages.write(draw(width, height, hue, BufferedImage.TYPE_INT_ARGB), "png");
	}

	public static byte[] jpeg(int width, int height, float hue) {
		return TestImages.write(draw(width, height, hue, BufferedImage.TYPE_INT_RGB), "jpeg");
	}

	private static BufferedImage draw(int width, int height, float hue, int type) {
		BufferedImage image = new BufferedImage(width, height, type);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, .35f, .95f), 0, height,
				Color.getHSBColor(hue, .55f, .75f)));
		g.fillRect(0, 0, width, height);
		int size = Math.min(width, height);
		double cx = width / 2.0;
		double cy = height / 2.0;
		g.setColor(Color.getHSBColor((hue + .5f) % 1, .45f, .35f));
		g.fill(new Ellipse2D.Double(cx - size * .42, cy + size * .18, size * .84, size * .7));
		g.setColor(new Color(0x3B, 0x2A, 0x20));
		g.fill(new Ellipse2D.Double(cx - size * .24, cy - size * .38, size * .48, size * .5));
		g.setColor(new Color(0xE8, 0xB9, 0x8F));
		g.fill(new Ellipse2D.Double(cx - size * .19, cy - size * .26, size * .38, size * .42));
		g.dispose();
		return image;
	}

}
