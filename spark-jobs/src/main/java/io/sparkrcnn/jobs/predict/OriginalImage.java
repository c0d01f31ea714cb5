package io.sparkrcnn.jobs.predict;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * An input image decoded at its original size as {@code TYPE_INT_RGB}, the way {@code ImagePreparer} sees it
 * (grayscale samples repeated on three channels, not colour-managed), to draw on and write as JPEG.
 */
final class OriginalImage {
  static {
    ImageIO.scanForPlugins(); // executors load our jar through a child class loader: register TwelveMonkeys
    ImageIO.setUseCache(false);
  }

  /** The bytes do not decode as an image. */
  static final class Undecodable extends Exception {
    Undecodable(String message) {
      super(message);
    }
  }

  private OriginalImage() {}

  static BufferedImage decode(byte[] encoded) throws Undecodable {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      throw new Undecodable("image does not decode: " + e.getMessage());
    }
    if (img == null) {
      throw new Undecodable("not an image ImageIO can read (" + encoded.length + " bytes)");
    }
    if (img.getWidth() < 1 || img.getHeight() < 1) {
      throw new Undecodable("image is empty");
    }
    return rgb(img);
  }

  /** The image as JPEG (ImageIO's default quality, 0.75, as PIL's 75). */
  static byte[] jpeg(BufferedImage rgb) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(rgb, "jpg", out)) {
      throw new IOException("no JPEG writer");
    }
    return out.toByteArray();
  }

  private static BufferedImage rgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    ColorModel cm = img.getColorModel();
    if (cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)) {
      Raster r = img.getRaster();
      int max = (1 << cm.getComponentSize(0)) - 1;
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          px[y * w + x] = (max == 255 ? row[x] : Math.round(row[x] * 255f / max)) * 0x010101;
        }
      }
    } else {
      img.getRGB(0, 0, w, h, px, 0, w);
      for (int i = 0; i < px.length; i++) {
        px[i] &= 0xffffff;
      }
    }
    return out;
  }
}
