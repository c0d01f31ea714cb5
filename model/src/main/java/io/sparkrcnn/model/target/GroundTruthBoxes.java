package io.sparkrcnn.model.target;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image's ground truth as the detection losses receive it: label rows {@code [ymin, xmin, ymax, xmax,
 * class]} in canvas pixels, padded with all-zero rows (class 0), flattened to {@code [N, maxBoxes × 5]}.
 */
public record GroundTruthBoxes(float[][] boxes, int[] classes) {
  public static final int ROW = 5;

  public int size() {
    return classes.length;
  }

  /** The boxes of image {@code index} in a label array; padding rows (class &lt; 1) are dropped. */
  public static GroundTruthBoxes of(INDArray labels, int index) {
    double[] row = labels.getRow(index).toDoubleVector();
    if (row.length % ROW != 0) {
      throw new IllegalArgumentException("ground-truth labels have " + row.length + " values per image, not a multiple of 5");
    }
    List<float[]> boxes = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (int k = 0; k + ROW <= row.length; k += ROW) {
      int c = (int) Math.round(row[k + 4]);
      if (c < 1) {
        continue;
      }
      boxes.add(new float[] {(float) row[k], (float) row[k + 1], (float) row[k + 2], (float) row[k + 3]});
      classes.add(c);
    }
    return new GroundTruthBoxes(boxes.toArray(float[][]::new), classes.stream().mapToInt(Integer::intValue).toArray());
  }
}
