package io.sparkrcnn.model.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * PASCAL VOC average precision as the Object Detection API's {@code utils/metrics.py} computes it:
 * precision and recall over detections ranked by score, precision made non-increasing, area
 * summed where recall changes (all-point interpolation).
 */
public final class AveragePrecision {
  private AveragePrecision() {}

  /**
   * The ranking {@code np.argsort(scores)[::-1]} gives for small inputs: descending score, and among
   * equal scores the later detection first (a stable ascending sort, reversed).
   */
  public static int[] rankByScore(double[] scores) {
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i).reversed())
        .mapToInt(Integer::intValue).toArray();
  }

  /**
   * AP of one class.
   *
   * @param scores detection scores
   * @param truePositive whether each detection is a true positive
   * @param numGroundTruth non-difficult ground-truth boxes of the class
   * @return NaN when there is no ground truth (the class is left out of the mean), 0 without detections
   */
  public static double of(double[] scores, boolean[] truePositive, int numGroundTruth) {
    if (numGroundTruth == 0) {
      return Double.NaN;
    }
    int n = scores.length;
    if (n == 0) {
      return 0.0;
    }
    int[] order = rankByScore(scores);
    double[] precision = new double[n + 2];
    double[] recall = new double[n + 2];
    int tp = 0;
    for (int k = 0; k < n; k++) {
      tp += truePositive[order[k]] ? 1 : 0;
      precision[k + 1] = (double) tp / (k + 1);
      recall[k + 1] = (double) tp / numGroundTruth;
    }
    recall[n + 1] = 1.0;
    precision[n + 1] = 0.0;
    for (int i = n; i >= 0; i--) {
      precision[i] = Math.max(precision[i], precision[i + 1]);
    }
    double ap = 0;
    for (int i = 1; i < n + 2; i++) {
      if (recall[i] != recall[i - 1]) {
        ap += (recall[i] - recall[i - 1]) * precision[i];
      }
    }
    return ap;
  }

  /** Mean of the APs that are not NaN (classes with ground truth); NaN if there are none. */
  public static double mean(double[] aps) {
    return Arrays.stream(aps).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }
}
