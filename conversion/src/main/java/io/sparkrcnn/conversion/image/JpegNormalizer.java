package io.sparkrcnn.conversion.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes sure an image file becomes JPEG bytes that TensorFlow's {@code decode_jpeg(channels=3)}
 * accepts: a complete 8-bit Huffman-coded 1- or 3-component JPEG is kept byte for byte; CMYK/YCCK,
 * 12-bit, lossless or arithmetic-coded JPEGs and PNG, GIF or BMP content (whatever the file name
 * says) are re-encoded to an RGB JPEG, alpha composited on white; anything undecodable or truncated
 * is refused with the reason.
 *
 * <p>The default check reads the marker structure only; it refuses what TensorFlow refuses (see
 * JpegChecksAgreeWithTensorFlowTest). The optional full decode also refuses files the JDK decoder
 * cannot decode at all, and notes (but keeps) files it decodes with warnings, as TensorFlow does.
 */
public final class JpegNormalizer {
  static {
    // Executors load our jar through a child class loader: register TwelveMonkeys from there too.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private final boolean verifyDecode;
  private final float quality;

  /**
   * @param verifyDecode fully decode kept JPEGs to catch corrupt entropy-coded data (slower);
   *     without it only the marker structure is checked
   * @param quality JPEG quality for re-encoded images, 0..1
   */
  public JpegNormalizer(boolean verifyDecode, float quality) {
    this.verifyDecode = verifyDecode;
    this.quality = quality;
  }

  public NormalizedImage normalize(byte[] bytes) throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException("empty image file");
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == ImageFormat.UNKNOWN) {
      throw new ImageDecodeException("not an image (unrecognised file content)");
    }
    if (format != ImageFormat.JPEG) {
      return reencode(decode(bytes, format.name()).image(), format.name() + " content under a JPEG name");
    }
    JpegStructure s = JpegStructure.scan(bytes);
    if (s.components() == 4) {
      return reencode(decode(bytes, "CMYK/YCCK JPEG").image(),
          "CMYK/YCCK JPEG (decoders disagree on its colours; older TensorFlow cannot decode it)");
    }
    if (s.components() != 1 && s.components() != 3) {
      return reencode(decode(bytes, "JPEG").image(), s.components() + "-component JPEG");
    }
    if (!s.commonlyDecodable()) {
      return reencode(decode(bytes, "JPEG").image(), String.format("%d-bit JPEG with frame type 0x%X (lossless, "
          + "arithmetic-coded or 12-bit; TensorFlow decodes only 8-bit Huffman-coded JPEGs)", s.precision(),
          s.frameMarker()));
    }
    String warning = null;
    if (verifyDecode) {
      Decoded d = decode(bytes, "JPEG");
      if (d.image().getWidth() != s.width() || d.image().getHeight() != s.height()) {
        throw new ImageDecodeException("corrupt JPEG (decodes to " + d.image().getWidth() + "x"
            + d.image().getHeight() + ", header says " + s.width() + "x" + s.height() + ")");
      }
      warning = d.warning();
    }
    return new NormalizedImage(bytes, s.width(), s.height(), null, warning);
  }

  private record Decoded(BufferedImage image, String warning) {}

  private static Decoded decode(byte[] bytes, String what) throws ImageDecodeException {
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException("no decoder for " + what);
      }
      ImageReader reader = readers.next();
      try {
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.setInput(in, true, true);
        BufferedImage img = reader.read(0);
        return new Decoded(img, warnings.isEmpty() ? null : String.join("; ", warnings));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException("undecodable " + what + " (" + e.getMessage() + ")");
    }
  }

  private NormalizedImage reencode(BufferedImage src, String because) throws ImageDecodeException {
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return new NormalizedImage(encodeJpeg(rgb, quality), rgb.getWidth(), rgb.getHeight(), because, null);
  }

  /** Encodes an RGB image as a baseline JPEG. */
  public static byte[] encodeJpeg(BufferedImage rgb, float quality) throws ImageDecodeException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } catch (IOException e) {
      throw new ImageDecodeException("cannot encode JPEG: " + e.getMessage());
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
