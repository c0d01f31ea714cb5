package io.sparkrcnn.conversion.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Small images in the formats and states that real datasets contain. */
public final class TestImages {
  private TestImages() {}

  public static BufferedImage picture(int w, int h, int type) {
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLUE);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] jpeg(int w, int h) {
    return encode(picture(w, h, BufferedImage.TYPE_INT_RGB), "jpeg");
  }

  public static byte[] rgbaPng(int w, int h) {
    return encode(picture(w, h, BufferedImage.TYPE_INT_ARGB), "png");
  }

  public static byte[] gif(int w, int h) {
    return encode(picture(w, h, BufferedImage.TYPE_BYTE_INDEXED), "gif");
  }

  /** A 4-component (CMYK, Adobe) JPEG, as a few real Pets images are. */
  public static byte[] cmykJpeg(int w, int h) {
    WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    int[] px = new int[4];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[0] = (x * 255) / w;
        px[1] = (y * 255) / h;
        px[2] = 40;
        px[3] = 10;
        raster.setPixel(x, y, px);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** A progressive JPEG (several scans), as cameras and web tools write them. */
  public static byte[] progressiveJpeg(int w, int h) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(picture(w, h, BufferedImage.TYPE_INT_RGB), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The offset of the {@code n}-th (1-based) occurrence of marker {@code 0xFF marker}, or -1. */
  public static int indexOfMarker(byte[] jpeg, int marker, int n) {
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker && --n == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The first half of a JPEG, as an interrupted download leaves it. */
  public static byte[] truncated(byte[] jpeg) {
    return Arrays.copyOf(jpeg, jpeg.length / 2);
  }

  /** A JPEG whose image data ends early: an end-of-image marker in the middle of the scan. */
  public static byte[] earlyEndOfImage(byte[] jpeg) {
    byte[] out = Arrays.copyOf(jpeg, jpeg.length);
    int mid = jpeg.length * 2 / 3;
    out[mid] = (byte) 0xFF;
    out[mid + 1] = (byte) 0xD9;
    return Arrays.copyOf(out, mid + 2);
  }
}
