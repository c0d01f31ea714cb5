package io.sparkrcnn.io.example;

import java.util.List;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;

/**
 * The ground truth a detection record holds: its source id, image size and labelled boxes
 * ({@code [ymin, xmin, ymax, xmax]} normalised, classes from 1).
 */
public record GroundTruth(String sourceId, int width, int height, float[][] boxes, int[] classes,
    boolean[] difficult) {

  /** Reads the Object Detection API keys of a serialised tf.train.Example (the image is not decoded). */
  public static GroundTruth of(Example example) {
    var f = example.getFeatures().getFeatureMap();
    List<Float> ymin = floats(f.get("image/object/bbox/ymin"));
    List<Float> xmin = floats(f.get("image/object/bbox/xmin"));
    List<Float> ymax = floats(f.get("image/object/bbox/ymax"));
    List<Float> xmax = floats(f.get("image/object/bbox/xmax"));
    List<Long> labels = ints(f.get("image/object/class/label"));
    List<Long> difficult = ints(f.get("image/object/difficult"));
    int n = labels.size();
    if (ymin.size() != n || xmin.size() != n || ymax.size() != n || xmax.size() != n) {
      throw new IllegalArgumentException("record has " + n + " labels but box lists of other lengths");
    }
    float[][] boxes = new float[n][];
    int[] classes = new int[n];
    boolean[] hard = new boolean[n];
    for (int i = 0; i < n; i++) {
      boxes[i] = new float[] {ymin.get(i), xmin.get(i), ymax.get(i), xmax.get(i)};
      classes[i] = Math.toIntExact(labels.get(i));
      hard[i] = i < difficult.size() && difficult.get(i) != 0;
    }
    String id = bytes(f.get("image/source_id"));
    if (id.isEmpty()) {
      throw new IllegalArgumentException("record has no image/source_id");
    }
    return new GroundTruth(id, (int) single(f.get("image/width")), (int) single(f.get("image/height")), boxes,
        classes, hard);
  }

  private static List<Float> floats(Feature f) {
    return f == null ? List.of() : f.getFloatList().getValueList();
  }

  private static List<Long> ints(Feature f) {
    return f == null ? List.of() : f.getInt64List().getValueList();
  }

  private static long single(Feature f) {
    return f == null || f.getInt64List().getValueCount() == 0 ? 0 : f.getInt64List().getValue(0);
  }

  private static String bytes(Feature f) {
    return f == null || f.getBytesList().getValueCount() == 0 ? "" : f.getBytesList().getValue(0).toStringUtf8();
  }
}
