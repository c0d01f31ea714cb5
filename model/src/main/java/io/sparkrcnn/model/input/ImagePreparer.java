package io.sparkrcnn.model.input;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sparkrcnn.io.example.GroundTruth;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;

/**
 * Turns a serialised detection tf.train.Example into a {@link PreparedImage}: decode the JPEG to RGB
 * (grayscale repeated on three channels, CMYK converted by TwelveMonkeys), resize bilinearly to the
 * resizer's size, mirror left-right if asked, place top-left on the canvas and subtract the channel
 * means, so the padding is 0. Boxes follow the image and end in canvas pixels, clipped to the resized
 * image; boxes of no area are dropped.
 */
public final class ImagePreparer {
  static {
    // Executors load our jar through a child class loader: register TwelveMonkeys from there too.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  /** The ImageNet RGB means the Object Detection API's Faster R-CNN feature extractors subtract. */
  public static final float[] CHANNEL_MEANS = {123.68f, 116.779f, 103.939f};

  private final KeepAspectRatioResizer resizer;

  public ImagePreparer(KeepAspectRatioResizer resizer) {
    this.resizer = resizer;
  }

  public KeepAspectRatioResizer resizer() {
    return resizer;
  }

  /**
   * @param flip mirror the image and its boxes left-right (within the resized image, not the canvas)
   * @throws UnusableRecordException the bytes are not a detection Example, or its image does not decode
   */
  public PreparedImage prepare(byte[] serializedExample, boolean flip) throws UnusableRecordException {
    Example example;
    try {
      example = Example.parseFrom(serializedExample);
    } catch (InvalidProtocolBufferException e) {
      throw new UnusableRecordException("record is not a tf.train.Example: " + e.getMessage(), e);
    }
    GroundTruth truth;
    try {
      truth = GroundTruth.of(example);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UnusableRecordException("record " + idOf(example) + ": " + e.getMessage(), e);
    }
    String id = truth.sourceId();
    for (int c : truth.classes()) {
      if (c < 1) {
        throw new UnusableRecordException("record '" + id + "': class id " + c + " (ids start at 1; 0 is padding)");
      }
    }
    BufferedImage decoded = decode(id, example);
    int h = decoded.getHeight();
    int w = decoded.getWidth();
    int[] size = resizer.resizedSize(h, w);
    int rh = size[0];
    int rw = size[1];
    int[] rgb = resize(rgb(decoded), rw, rh);
    int s = resizer.canvasSize();
    int plane = s * s;
    float[] pixels = new float[3 * plane];
    for (int y = 0; y < rh; y++) {
      for (int x = 0; x < rw; x++) {
        int p = rgb[y * rw + (flip ? rw - 1 - x : x)];
        int at = y * s + x;
        pixels[at] = ((p >> 16) & 0xff) - CHANNEL_MEANS[0];
        pixels[plane + at] = ((p >> 8) & 0xff) - CHANNEL_MEANS[1];
        pixels[2 * plane + at] = (p & 0xff) - CHANNEL_MEANS[2];
      }
    }
    List<float[]> boxes = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    List<Boolean> difficult = new ArrayList<>();
    for (int i = 0; i < truth.boxes().length; i++) {
      float[] b = truth.boxes()[i];
      float ymin = clip(b[0] * rh, rh);
      float xmin = clip(b[1] * rw, rw);
      float ymax = clip(b[2] * rh, rh);
      float xmax = clip(b[3] * rw, rw);
      if (flip) {
        float left = rw - xmax;
        xmax = rw - xmin;
        xmin = left;
      }
      if (ymax > ymin && xmax > xmin) {
        boxes.add(new float[] {ymin, xmin, ymax, xmax});
        classes.add(truth.classes()[i]);
        difficult.add(truth.difficult()[i]);
      }
    }
    boolean[] hard = new boolean[difficult.size()];
    for (int i = 0; i < hard.length; i++) {
      hard[i] = difficult.get(i);
    }
    return new PreparedImage(id, pixels, s, rh, rw, h, w, boxes.toArray(new float[0][]),
        classes.stream().mapToInt(Integer::intValue).toArray(), hard);
  }

  private static BufferedImage decode(String id, Example example) throws UnusableRecordException {
    Feature encoded = example.getFeatures().getFeatureMap().get("image/encoded");
    if (encoded == null || encoded.getBytesList().getValueCount() == 0) {
      throw new UnusableRecordException("record '" + id + "' has no image/encoded");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded.getBytesList().getValue(0).toByteArray()));
    } catch (IOException | RuntimeException e) {
      throw new UnusableRecordException("record '" + id + "': image does not decode: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new UnusableRecordException("record '" + id + "': image/encoded is not an image ImageIO can read");
    }
    if (img.getWidth() < 1 || img.getHeight() < 1) {
      throw new UnusableRecordException("record '" + id + "': image is empty");
    }
    return img;
  }

  /**
   * The image as {@code 0xRRGGBB} ints, row-major. Grayscale samples are copied, not colour-managed:
   * Java2D would treat them as linear gray and brighten them, where TensorFlow repeats the value.
   */
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
    return out;
  }

  /** Bilinear resize to {@code w × h}, as {@code 0xRRGGBB} ints, row-major. */
  private static int[] resize(BufferedImage src, int w, int h) {
    BufferedImage out = src;
    if (src.getWidth() != w || src.getHeight() != h) {
      out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
      } finally {
        g.dispose();
      }
    }
    return ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
  }

  private static float clip(float v, int max) {
    return Math.max(0f, Math.min(max, v));
  }

  private static String idOf(Example example) {
    Feature f = example.getFeatures().getFeatureMap().get("image/source_id");
    return f == null || f.getBytesList().getValueCount() == 0 ? "(no source id)"
        : "'" + f.getBytesList().getValue(0).toStringUtf8() + "'";
  }
}
