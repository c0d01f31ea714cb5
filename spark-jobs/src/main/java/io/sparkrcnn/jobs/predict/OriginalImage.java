package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.model.input.RgbImage;
import io.sparkrcnn.model.input.UnusableRecordException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * An input image decoded at its original size as {@code TYPE_INT_RGB}, exactly the pixels {@code ImagePreparer}
 * sees ({@link RgbImage#decode}: grayscale samples repeated on three channels, not colour-managed), to draw on and
 * write as JPEG.
 */
final class OriginalImage {
  /** The bytes do not decode as an image. */
  static final class Undecodable extends Exception {
    Undecodable(String message) {
      super(message);
    }
  }

  private OriginalImage() {}

  static BufferedImage decode(String id, byte[] encoded) throws Undecodable {
    RgbImage pixels;
    try {
      pixels = RgbImage.decode(id, encoded);
    } catch (UnusableRecordException e) {
      throw new Undecodable(e.getMessage());
    }
    BufferedImage out = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels.rgb(), 0, px, 0, px.length);
    return out;
  }

  /** The image as JPEG (ImageIO's default quality, 0.75, as PIL's 75). */
  static byte[] jpeg(BufferedImage rgb) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(rgb, "jpg", out)) {
      throw new IOException("no JPEG writer");
    }
    return out.toByteArray();
  }
}
