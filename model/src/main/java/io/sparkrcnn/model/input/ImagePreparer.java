package io.sparkrcnn.model.input;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sparkrcnn.io.example.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;

/**
 * Turns a serialised detection tf.train.Example into a {@link PreparedImage}: decode the JPEG to RGB
 * ({@link RgbImage#decode}: grayscale repeated on three channels, CMYK converted by TwelveMonkeys), resize to the
 * resizer's size by {@link BilinearResize} (TensorFlow's {@code ResizeBilinear}, float pixels), mirror left-right if
 * asked, subtract the channel means and place top-left on the canvas, so the padding is 0. Boxes follow the image
 * and end in canvas pixels, clipped to the resized image; boxes of no area are dropped.
 */
public final class ImagePreparer {
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
    RgbImage decoded = RgbImage.decode(id, encoded(id, example));
    int h = decoded.height();
    int w = decoded.width();
    int[] size = resizer.resizedSize(h, w);
    int rh = size[0];
    int rw = size[1];
    float[] pixels = canvas(decoded, rh, rw, flip);
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
    return new PreparedImage(id, pixels, resizer.canvasSize(), rh, rw, h, w, boxes.toArray(new float[0][]),
        classes.stream().mapToInt(Integer::intValue).toArray(), hard);
  }

  /**
   * Decoded pixels ({@code 0xRRGGBB}, row-major, {@code height × width}) prepared as {@link #prepare(byte[], boolean)}
   * prepares a record's image, without ground truth (no boxes) and without flip: what the exported graph does to its
   * {@code image_tensor}.
   */
  public PreparedImage prepare(String sourceId, int[] rgb, int height, int width) {
    RgbImage image = new RgbImage(height, width, rgb);
    int[] size = resizer.resizedSize(height, width);
    return new PreparedImage(sourceId, canvas(image, size[0], size[1], false), resizer.canvasSize(), size[0], size[1],
        height, width, new float[0][], new int[0], new boolean[0]);
  }

  /**
   * The image resized to {@code rh × rw} by {@link BilinearResize}, mirrored if asked, minus the channel means, at
   * the top left of the canvas (CHW); the rest is 0.
   */
  private float[] canvas(RgbImage image, int rh, int rw, boolean flip) {
    float[] resized = BilinearResize.resize(image.rgb(), image.height(), image.width(), rh, rw);
    int s = resizer.canvasSize();
    int plane = s * s;
    int resizedPlane = rh * rw;
    float[] pixels = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      float mean = CHANNEL_MEANS[c];
      for (int y = 0; y < rh; y++) {
        for (int x = 0; x < rw; x++) {
          pixels[c * plane + y * s + x] = resized[c * resizedPlane + y * rw + (flip ? rw - 1 - x : x)] - mean;
        }
      }
    }
    return pixels;
  }

  private static byte[] encoded(String id, Example example) throws UnusableRecordException {
    Feature encoded = example.getFeatures().getFeatureMap().get("image/encoded");
    if (encoded == null || encoded.getBytesList().getValueCount() == 0) {
      throw new UnusableRecordException("record '" + id + "' has no image/encoded");
    }
    return encoded.getBytesList().getValue(0).toByteArray();
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
