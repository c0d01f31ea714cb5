package io.sparkrcnn.jobs.export;

import io.sparkrcnn.model.detector.ImageDetections;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** TensorFlow for Java's side of the export tests: an image as an image_tensor, the outputs as detections. */
final class TensorFlowExport {
  private TensorFlowExport() {}

  /** The uint8 {@code [1, H, W, 3]} tensor of an encoded image, decoded as our input pipeline decodes it. */
  static TUint8 imageTensor(byte[] encoded) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] rgb = new byte[h * w * 3];
    int at = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        rgb[at++] = (byte) (p >> 16);
        rgb[at++] = (byte) (p >> 8);
        rgb[at++] = (byte) p;
      }
    }
    return TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(rgb, true, false));
  }

  /** The detections of one image from the four output tensors by name. */
  static ImageDetections detections(String id, Map<String, Tensor> outputs) {
    float[] boxes = floats(outputs.get("detection_boxes"));
    float[] scores = floats(outputs.get("detection_scores"));
    float[] classes = floats(outputs.get("detection_classes"));
    int k = (int) floats(outputs.get("num_detections"))[0];
    float[][] b = new float[k][];
    float[] s = new float[k];
    int[] c = new int[k];
    for (int j = 0; j < k; j++) {
      b[j] = new float[] {boxes[4 * j], boxes[4 * j + 1], boxes[4 * j + 2], boxes[4 * j + 3]};
      s[j] = scores[j];
      c[j] = (int) classes[j];
    }
    return new ImageDetections(id, b, s, c);
  }

  private static float[] floats(Tensor t) {
    float[] flat = new float[(int) t.size()];
    ((TFloat32) t).copyTo(DataBuffers.of(flat, false, false));
    return flat;
  }
}
