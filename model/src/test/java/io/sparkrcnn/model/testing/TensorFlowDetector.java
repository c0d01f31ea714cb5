package io.sparkrcnn.model.testing;

import io.sparkrcnn.model.detector.ImageDetections;
import java.util.ArrayList;
import java.util.List;
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

  /** Detections of encoded images (JPEG or PNG files). */
  public List<ImageDetections> detectEncoded(List<byte[]> files, List<String> ids) {
    try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.vectorOfObjects(
        files.toArray(byte[][]::new)))) {
      return run(in, "encoded_image_string_tensor", ids);
    }
  }

  private List<ImageDetections> run(Tensor in, String feed, List<String> ids) {
    try (Result r = session.runner().feed(feed, in).fetch("detection_boxes").fetch("detection_scores")
        .fetch("detection_classes").fetch("num_detections").run()) {
      float[] boxes = floats((TFloat32) r.get(0));
      float[] scores = floats((TFloat32) r.get(1));
      float[] classes = floats((TFloat32) r.get(2));
      float[] num = floats((TFloat32) r.get(3));
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
