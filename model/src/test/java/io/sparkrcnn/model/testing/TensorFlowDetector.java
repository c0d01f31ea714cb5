package io.sparkrcnn.model.testing;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.input.RgbImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** An exported detector graph imported and run by TensorFlow for Java, its outputs read as our detections. */
public final class TensorFlowDetector implements AutoCloseable {
  private static final String[] OUTPUTS = {"detection_boxes", "detection_scores", "detection_classes",
      "num_detections"};
  private final Graph graph = new Graph();
  private final Session session;

  public TensorFlowDetector(GraphDef def) {
    graph.importGraphDef(def);
    session = new Session(graph);
  }

  /** Detections of a batch of {@code n} images of one size, {@code rgb} uint8 {@code [n, h, w, 3]} row-major. */
  public List<ImageDetections> detect(byte[] rgb, int n, int h, int w, List<String> ids) {
    try (TUint8 in = TUint8.tensorOf(Shape.of(n, h, w, 3), DataBuffers.of(rgb, true, false))) {
      return run(in, "image_tensor", ids);
    }
  }

  /** Detections of one decoded image. */
  public ImageDetections detect(RgbImage image, String id) {
    try (TUint8 in = imageTensor(image)) {
      return run(in, "image_tensor", List.of(id)).get(0);
    }
  }

  /** Detections of encoded images (JPEG or PNG files). */
  public List<ImageDetections> detectEncoded(List<byte[]> files, List<String> ids) {
    try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.vectorOfObjects(
        files.toArray(byte[][]::new)))) {
      return run(in, "encoded_image_string_tensor", ids);
    }
  }

  private List<ImageDetections> run(Tensor in, String feed, List<String> ids) {
    var runner = session.runner().feed(feed, in);
    for (String name : OUTPUTS) {
      runner.fetch(name);
    }
    try (Result r = runner.run()) {
      Map<String, Tensor> outputs = new HashMap<>();
      for (int i = 0; i < OUTPUTS.length; i++) {
        outputs.put(OUTPUTS[i], r.get(i));
      }
      return detections(ids, outputs);
    }
  }

  /** The uint8 {@code [1, H, W, 3]} image tensor of decoded pixels. */
  public static TUint8 imageTensor(RgbImage image) {
    return TUint8.tensorOf(Shape.of(1, image.height(), image.width(), 3), DataBuffers.of(bytes(List.of(image)),
        true, false));
  }

  /** Images of one size as uint8 RGB, row-major {@code [n, h, w, 3]}. */
  public static byte[] bytes(List<RgbImage> images) {
    int per = images.get(0).rgb().length;
    byte[] out = new byte[images.size() * per * 3];
    int at = 0;
    for (RgbImage img : images) {
      for (int p : img.rgb()) {
        out[at++] = (byte) (p >> 16);
        out[at++] = (byte) (p >> 8);
        out[at++] = (byte) p;
      }
    }
    return out;
  }

  /** Each image's detections from the four output tensors by name (a session's or a SavedModel signature's). */
  public static List<ImageDetections> detections(List<String> ids, Map<String, Tensor> outputs) {
    float[] boxes = floats((TFloat32) outputs.get("detection_boxes"));
    float[] scores = floats((TFloat32) outputs.get("detection_scores"));
    float[] classes = floats((TFloat32) outputs.get("detection_classes"));
    float[] num = floats((TFloat32) outputs.get("num_detections"));
    int max = scores.length / ids.size();
    List<ImageDetections> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      int k = (int) num[i];
      float[][] b = new float[k][];
      float[] s = new float[k];
      int[] c = new int[k];
      for (int j = 0; j < k; j++) {
        int at = i * max + j;
        b[j] = new float[] {boxes[4 * at], boxes[4 * at + 1], boxes[4 * at + 2], boxes[4 * at + 3]};
        s[j] = scores[at];
        c[j] = (int) classes[at];
      }
      out.add(new ImageDetections(ids.get(i), b, s, c));
    }
    return out;
  }

  private static float[] floats(TFloat32 t) {
    float[] flat = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(flat, false, false));
    return flat;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
