package io.sparkrcnn.model.box;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Greedy non-maximum suppression as {@code tf.image.non_max_suppression}: boxes in descending score
 * (equal scores in input order), a box is kept unless its IoU with a kept box is above the threshold.
 */
public final class NonMaxSuppression {
  private NonMaxSuppression() {}

  /** Indices of the kept boxes, best first, at most {@code maxOutput}. */
  public static int[] select(float[][] boxes, float[] scores, double iouThreshold, int maxOutput) {
    Integer[] order = IntStream.range(0, boxes.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
        .toArray(Integer[]::new);
    List<Integer> kept = new ArrayList<>();
    for (int i : order) {
      if (kept.size() >= maxOutput) {
        break;
      }
      boolean suppressed = false;
      for (int k : kept) {
        if (BoxIou.iou(boxes[i], boxes[k]) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(i);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
