package io.sparkrcnn.conversion.pets;

import io.sparkrcnn.conversion.image.ImageDecodeException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A Pets trimap ({@code annotations/trimaps/*.png}: 1 pet, 2 background, 3 border). The reference
 * takes everything that is not background as the pet, for both the full-body box and the mask.
 */
public final class Trimap {
  public static final int BACKGROUND = 2;

  private final int width;
  private final int height;
  private final byte[] foreground; // row-major, 1 where the pixel is not background

  private Trimap(int width, int height, byte[] foreground) {
    this.width = width;
    this.height = height;
    this.foreground = foreground;
  }

  public static Trimap decode(byte[] png) throws ImageDecodeException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException("undecodable trimap (" + e.getMessage() + ")");
    }
    if (img == null) {
      throw new ImageDecodeException("trimap is not a PNG");
    }
    Raster raster = img.getRaster();
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] fg = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        fg[y * w + x] = (byte) (row[x] != BACKGROUND ? 1 : 0);
      }
    }
    return new Trimap(w, h, fg);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * The pixel extent of the non-background area as {@code [xmin, ymin, xmax, ymax]} (inclusive
   * indices, as the reference's {@code np.min/np.max} of the non-background rows and columns).
   */
  public Optional<int[]> foregroundExtent() {
    int xmin = Integer.MAX_VALUE;
    int ymin = Integer.MAX_VALUE;
    int xmax = -1;
    int ymax = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (foreground[y * width + x] != 0) {
          xmin = Math.min(xmin, x);
          xmax = Math.max(xmax, x);
          ymin = Math.min(ymin, y);
          ymax = Math.max(ymax, y);
        }
      }
    }
    return xmax < 0 ? Optional.empty() : Optional.of(new int[] {xmin, ymin, xmax, ymax});
  }

  /** The 0/1 mask, row-major. */
  public float[] maskValues() {
    float[] v = new float[foreground.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = foreground[i];
    }
    return v;
  }

  /** The 0/1 mask as an 8-bit grayscale PNG, as the reference's {@code mask_type='png'}. */
  public byte[] maskPng() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, foreground);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
