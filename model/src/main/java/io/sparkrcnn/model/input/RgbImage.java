package io.sparkrcnn.model.input;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A decoded image as {@code 0xRRGGBB} ints, row-major, {@code height × width}: what a JPEG or PNG decodes to, the
 * input of {@link ImagePreparer#prepare(String, int[], int, int)}.
 */
public record RgbImage(int height, int width, int[] rgb) {
  static {
    // Executors load our jar through a child class loader: register TwelveMonkeys from there too.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  public RgbImage {
    if (height < 1 || width < 1 || rgb.length != (long) height * width) {
      throw new IllegalArgumentException(rgb.length + " pixels for a " + height + "x" + width + " image");
    }
  }

  /**
   * Decodes JPEG or PNG (or any format ImageIO reads; CMYK JPEGs through TwelveMonkeys). Grayscale samples are
   * repeated on the three channels, not colour-managed: Java2D would treat them as linear gray and brighten them,
   * where TensorFlow repeats the value.
   *
   * @param sourceId names the image in the exception's message
   * @throws UnusableRecordException the bytes are not an image ImageIO can read, or it is empty
   */
  public static RgbImage decode(String sourceId, byte[] encoded) throws UnusableRecordException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      throw new UnusableRecordException("image '" + sourceId + "' does not decode: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new UnusableRecordException("image '" + sourceId + "' is not an image ImageIO can read");
    }
    if (img.getWidth() < 1 || img.getHeight() < 1) {
      throw new UnusableRecordException("image '" + sourceId + "' is empty");
    }
    return of(img);
  }

  /** The pixels of {@code img}, grayscale repeated as in {@link #decode}. */
  public static RgbImage of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = new int[w * h];
    ColorModel cm = img.getColorModel();
    if (cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)) {
      Raster r = img.getRaster();
      int max = (1 << cm.getComponentSize(0)) - 1;
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = max == 255 ? row[x] : Math.round(row[x] * 255f / max);
          px[y * w + x] = v * 0x010101;
        }
      }
    } else {
      img.getRGB(0, 0, w, h, px, 0, w);
      for (int i = 0; i < px.length; i++) {
        px[i] &= 0xffffff;
      }
    }
    return new RgbImage(h, w, px);
  }
}
